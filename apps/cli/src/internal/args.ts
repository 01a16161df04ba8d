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

/**
 * Parses one number strictly (no empty strings, no hex, no trailing garbage, finite).
 * @throws UsageError naming `what` and the text
 */
export function parseNumber(what: string, text: string): number {
  const t = text.trim();
  if (!NUMBER_RE.test(t)) throw new UsageError(`${what} must be a number, got '${text}'`);
  const x = Number(t);
  if (!Number.isFinite(x)) throw new UsageError(`${what} must be a finite number, got '${text}'`);
  return x;
}

/** Parses an integer strictly. @throws UsageError naming `what` and the text */
export function parseInteger(what: string, text: string): number {
  const x = parseNumber(what, text);
  if (!Number.isSafeInteger(x)) throw new UsageError(`${what} must be an integer, got '${text}'`);
  return x;
}

function checkMin(spec: OptionSpec, x: number, text: string): void {
  if (spec.min === undefined) return;
  const bad = spec.exclusiveMin ? !(x > spec.min) : !(x >= spec.min);
  if (bad)
    throw new UsageError(
      `--${spec.name} must be ${spec.exclusiveMin ? '>' : '>='} ${spec.min}, got '${text}'`,
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
    default:
      throw new UsageError(`${what} takes no value, got '${text}'`);
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
    if (!spec) throw new UsageError(`unknown option '${token.rawName}'`);
    if (options.has(spec.name)) throw new UsageError(`option --${spec.name} given twice`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined)
        throw new UsageError(`option --${spec.name} takes no value, got '${token.value}'`);
      options.set(spec.name, true);
      continue;
    }
    const text = token.value;
    if (text === undefined || (!token.inlineValue && text.startsWith('--') && text.length > 2))
      throw new UsageError(`option --${spec.name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
    if (text.length === 0) throw new UsageError(`option --${spec.name} needs a value, got ''`);
    options.set(spec.name, convert(spec, text));
    texts.set(spec.name, text);
  }
  return { options, positionals, texts };
}
