import { UsageError } from './errors.js';

/** Value type of an option. */
export type OptionType = 'boolean' | 'string' | 'number' | 'integer' | 'numbers';

/** One option of a command. */
export interface OptionSpec {
  /** Long name without the dashes, e.g. `T` for `--T`. */
  readonly name: string;
  readonly type: OptionType;
  /** One-letter alias without the dash. */
  readonly short?: string;
  /** Placeholder in the help, e.g. `SEED`. */
  readonly value?: string;
  /** One-line description (with the default). */
  readonly description: string;
  /** Smallest accepted value (number, integer and numbers options). */
  readonly min?: number;
  /** Whether the smallest value is excluded (strictly greater than `min`). */
  readonly exclusiveMin?: boolean;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show this help and exit' },
  {
    name: 'json',
    type: 'boolean',
    description: 'print one JSON document (schema in the output) instead of text',
  },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'no progress on stderr' },
  { name: 'debug', type: 'boolean', description: 'print stack traces of errors' },
  { name: 'no-color', type: 'boolean', description: 'no colours (also when NO_COLOR is set or not a TTY)' },
];

/** Parsed values: booleans, strings, numbers or number lists, keyed by the long name. */
export type OptionValue = boolean | string | number | number[];

/** Result of {@link parseArgs}. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, OptionValue>;
  readonly positionals: readonly string[];
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
    case 'number': {
      const x = parseNumber(what, text);
      checkMin(spec, x, text);
      return x;
    }
    case 'integer': {
      const x = parseInteger(what, text);
      checkMin(spec, x, text);
      return x;
    }
    case 'numbers': {
      const parts = text.split(',');
      return parts.map((p) => {
        const x = parseNumber(what, p);
        checkMin(spec, x, p);
        return x;
      });
    }
    default:
      throw new UsageError(`${what} takes no value, got '${text}'`);
  }
}

/**
 * Strict command-line parser: `--name value`, `--name=value`, `-x value`, boolean `--flag`,
 * `--` ends the options. Unknown options, missing values, values given to booleans, repeated
 * options and malformed numbers are usage errors naming the option and the value.
 *
 * @param argv - the arguments after the command name
 * @param specs - accepted options (the common ones are added)
 * @returns options by long name, and the positional arguments
 * @throws UsageError on any malformed argument
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [...COMMON_OPTIONS, ...specs];
  const byLong = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short as string, s]));
  const options = new Map<string, OptionValue>();
  const positionals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i] as string;
    i++;
    if (arg === '--') {
      positionals.push(...argv.slice(i));
      break;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) inline = arg.slice(eq + 1);
      spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option '--${name}'`);
    } else if (arg.startsWith('-') && arg.length > 1 && !NUMBER_RE.test(arg)) {
      spec = byShort.get(arg.slice(1));
      if (!spec) throw new UsageError(`unknown option '${arg}'`);
    } else {
      positionals.push(arg);
      continue;
    }
    if (options.has(spec.name)) throw new UsageError(`option --${spec.name} given twice`);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value, got '${inline}'`);
      options.set(spec.name, true);
      continue;
    }
    let text = inline;
    if (text === undefined) {
      const next = argv[i];
      if (next === undefined || (next.startsWith('--') && next.length > 2))
        throw new UsageError(`option --${spec.name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
      text = next;
      i++;
    }
    if (text.length === 0) throw new UsageError(`option --${spec.name} needs a value, got ''`);
    options.set(spec.name, convert(spec, text));
  }
  return { options, positionals };
}
