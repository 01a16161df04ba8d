import { parseArgs as tokenize } from 'node:util';
import { UsageError } from './errors.js';
import { COMMON_OPTIONS, type OptionSpec } from './options.js';

export { COMMON_OPTIONS, type OptionSpec, type OptionType } from './options.js';

/** Parsed values: booleans, strings, numbers or number lists, keyed by the long name. */
export type OptionValue = boolean | string | number | number[];

/** Result of {@link parseArgs}. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, OptionValue>;
  readonly positionals: readonly string[];
  /** The text given for each option (as typed, before conversion). */
  readonly texts: ReadonlyMap<string, string>;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A long argument is shown by its head and its length, never echoed whole. */
export function excerpt(text: string): string {
  const chars = [...text];
  return chars.length <= 80 ? text : `${chars.slice(0, 60).join('')}… (${chars.length} characters)`;
}

/**
 * Parses one number strictly (no empty strings, no hex, no trailing garbage, finite).
 * @throws UsageError naming `what` and the text
 */
export function parseNumber(what: string, text: string): number {
  const t = text.trim();
  const where = { option: what, code: 'input' } as const;
  if (!NUMBER_RE.test(t)) throw new UsageError(`${what} must be a number, got '${excerpt(text)}'`, where);
  const x = Number(t);
  if (!Number.isFinite(x))
    throw new UsageError(`${what} must be a finite number, got '${excerpt(text)}'`, where);
  return x;
}

/** Parses an integer strictly. @throws UsageError naming `what` and the text */
export function parseInteger(what: string, text: string): number {
  const x = parseNumber(what, text);
  if (!Number.isInteger(x))
    throw new UsageError(`${what} must be an integer, got '${excerpt(text)}'`, {
      option: what,
      code: 'input',
    });
  if (!Number.isSafeInteger(x))
    throw new UsageError(`${what} must be an integer below 2^53, got '${excerpt(text)}'`, {
      option: what,
      code: 'input',
    });
  return x;
}

const SIZE_RE = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*([KMGTP]i?B?|B)?$/i;
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  K: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
  P: 2 ** 50,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
  PIB: 2 ** 50,
};

/**
 * Parses a byte size: a number with an optional unit, `B`, decimal `KB MB GB TB PB` (powers of
 * 1000) or binary `KiB MiB GiB TiB PiB` and the bare letters `K M G T P` (powers of 1024), case
 * insensitive: `8GB` = 8e9, `8GiB` = `8g` = 8 · 2^30, `2e9` = 2e9 bytes.
 * @throws UsageError naming `what` and the text
 */
export function parseSize(what: string, text: string): number {
  const m = SIZE_RE.exec(text.trim());
  const unit = SIZE_UNITS[(m?.[3] ?? '').toUpperCase()];
  if (!m || unit === undefined)
    throw new UsageError(
      `${what} must be a size such as 8GB, 512MiB or 2e9 (bytes), got '${excerpt(text)}'`,
      { option: what, code: 'input' },
    );
  const bytes = Number(`${m[1]}${m[2] ?? ''}`) * unit;
  if (!Number.isFinite(bytes) || !(bytes > 0))
    throw new UsageError(`${what} must be a size > 0 and finite, got '${excerpt(text)}'`, {
      option: what,
      code: 'input',
    });
  return bytes;
}

/**
 * Parses a count of any size: a decimal integer (or `1e20`-style exponent form of one); a safe
 * integer is returned as a number, a larger one as its exact decimal string.
 * @throws UsageError naming `what` and the text
 */
export function parseCount(what: string, text: string): number | string {
  const t = text.trim();
  let digits: string | undefined;
  if (/^\+?\d+$/.test(t)) digits = t.replace(/^\+?0*(?=\d)/, '');
  else {
    const e = /^\+?(\d+)(?:\.(\d*))?[eE]\+?(\d+)$/.exec(t);
    if (e) {
      const frac = (e[2] ?? '').replace(/0+$/, '');
      const exp = Number(e[3]);
      if (frac.length <= exp && exp <= 4096)
        digits = `${e[1]}${frac}${'0'.repeat(exp - frac.length)}`.replace(/^0+(?=\d)/, '');
    }
  }
  if (digits === undefined)
    throw new UsageError(`${what} must be an integer, got '${excerpt(text)}'`, {
      option: what,
      code: 'input',
    });
  const big = BigInt(digits);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

function checkMin(spec: OptionSpec, x: number, text: string): void {
  if (spec.min === undefined) return;
  const bad = spec.exclusiveMin ? !(x > spec.min) : !(x >= spec.min);
  if (bad)
    throw new UsageError(
      `--${spec.name} must be ${spec.exclusiveMin ? '>' : '>='} ${spec.min}, got '${text}'`,
      { option: `--${spec.name}`, code: 'input' },
    );
}

function convert(spec: OptionSpec, text: string): OptionValue {
  const what = `--${spec.name}`;
  switch (spec.type) {
    case 'string':
      return text;
    case 'number':
    case 'integer': {
      const x = spec.type === 'number' ? parseNumber(what, text) : parseInteger(what, text);
      checkMin(spec, x, text);
      return x;
    }
    case 'numbers':
      return text.split(',').map((p) => {
        const x = parseNumber(what, p);
        checkMin(spec, x, p);
        return x;
      });
    case 'size':
      return parseSize(what, text);
    case 'count': {
      const n = parseCount(what, text);
      if (typeof n === 'number') checkMin(spec, n, text);
      return n;
    }
    default:
      throw new UsageError(`${what} takes no value, got '${excerpt(text)}'`, { option: what });
  }
}

/**
 * Strict command-line parser over `node:util` parseArgs: `--name value`, `--name=value`,
 * `-x value`, boolean `--flag`, `--` ends the options. Unknown options, missing values, values
 * given to booleans, repeated options and malformed numbers are usage errors naming the option
 * and the value.
 *
 * @param argv - the arguments after the command name
 * @param specs - accepted options (the common ones are added)
 * @returns options by long name, the positional arguments and the raw texts
 * @throws UsageError on any malformed argument
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [...COMMON_OPTIONS, ...specs];
  const byLong = new Map(all.map((s) => [s.name, s]));
  const config = Object.fromEntries(
    all.map((s) => [
      s.name,
      {
        type: s.type === 'boolean' ? ('boolean' as const) : ('string' as const),
        ...(s.short ? { short: s.short } : {}),
      },
    ]),
  );
  const { tokens } = tokenize({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options = new Map<string, OptionValue>();
  const texts = new Map<string, string>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = byLong.get(token.name);
    if (!spec) throw new UsageError(`unknown option '${excerpt(token.rawName)}'`, { option: token.rawName });
    const option = `--${spec.name}`;
    if (options.has(spec.name)) throw new UsageError(`option --${spec.name} given twice`, { option });
    if (spec.type === 'boolean') {
      if (token.value !== undefined)
        throw new UsageError(`option --${spec.name} takes no value, got '${excerpt(token.value)}'`, {
          option,
        });
      options.set(spec.name, true);
      continue;
    }
    const text = token.value;
    if (text === undefined || (!token.inlineValue && text.startsWith('--') && text.length > 2))
      throw new UsageError(`option --${spec.name} needs a value${spec.value ? ` (${spec.value})` : ''}`, {
        option,
      });
    if (text.length === 0) throw new UsageError(`option --${spec.name} needs a value, got ''`, { option });
    options.set(spec.name, convert(spec, text));
    texts.set(spec.name, text);
  }
  return { options, positionals, texts };
}
