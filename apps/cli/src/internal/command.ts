import { COMMON_OPTIONS, type OptionSpec, type OptionValue, type ParsedArgs } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** What a command's `run` receives. */
export interface CommandContext {
  readonly io: CliIo;
  readonly args: ParsedArgs;
  /** `--json` given. */
  readonly json: boolean;
  /** Progress allowed: stderr is a TTY and no --quiet, no --json. */
  readonly progress: boolean;
  /** Colours allowed: a TTY, NO_COLOR unset, no --no-color. */
  readonly color: boolean;
  /** Writes text to stdout (a newline is added). */
  out(line?: string): void;
  /** Shows a transient progress line on stderr (only when `progress`). */
  status(text: string): void;
  /** Clears the progress line. */
  clearStatus(): void;
  /** Writes a JSON document to stdout. */
  printJson(value: unknown): void;
  string(name: string): string | undefined;
  number(name: string): number | undefined;
  numbers(name: string): number[] | undefined;
  flag(name: string): boolean;
  /** Resolves a path against io.cwd. */
  path(p: string): string;
}

/** A sub-command of idyn. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Usage line after `idyn `, e.g. `laws <net> [options]`. */
  readonly usage: string;
  /** Paragraphs shown in --help. */
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Minimum and maximum number of positional arguments. */
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string };
  /** Example invocations with a comment each. */
  readonly examples: readonly (readonly [string, string])[];
  /** Name of the JSON schema of `--json` output (file schemas/<name>.schema.json). */
  readonly schema: string;
  run(ctx: CommandContext): Promise<number>;
}

/** Shared help text for `<net>`, `--theta`, `--init`, `--loss`. */
export const NET_HELP = `<net> is one of:
  a preset of @idyn/graph: relu:2-3-2, linear:2-3-2, dense:2-3-3-1, resblock:2:1, maxpool:2-4-2-1:2,
    with +bias (hidden and output biases) or +hbias (hidden only);
  a JSON network spec file (nodes, edges, optional theta), e.g. net.json;
  poly:P1,P2,... polynomials whose variables are the parameters, e.g. poly:"x1*x2*x3".
relu: and other networks use the path-lifting; linear: presets without biases use the matrix
product z = U_L...U_1 (--lifting path selects the path-lifting).`;

/** Option specs shared by commands that take a network. */
export const LIFTING_OPTION: OptionSpec = {
  name: 'lifting',
  type: 'string',
  value: 'KIND',
  description: 'auto (default), path (path-lifting) or matrix (z = U_L...U_1, linear: presets)',
};
export const THETA_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'theta',
    type: 'string',
    value: 'FILE',
    description: 'parameters: JSON array, {"theta": [...]}, or numbers separated by commas/spaces',
  },
  {
    name: 'init',
    type: 'string',
    value: 'KIND:...',
    description: 'gaussian:SEED[:SCALE] | balanced:SEED[:SCALE] | relaxed:LAMBDA[,LAMBDA...][:SEED]',
  },
];

function wrapText(text: string, indent: number, width: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length > 0 && indent + line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line.length > 0 ? `${line} ${w}` : w;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** Formats the options list of a help text. */
export function formatOptions(options: readonly OptionSpec[], minWidth = 0): string {
  const rows = options.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'boolean' ? '' : ` ${o.value ?? o.type.toUpperCase()}`}`;
    return [flag, o.description] as const;
  });
  const w = Math.max(minWidth, ...rows.map((r) => r[0].length + 2));
  return rows
    .map(([flag, desc]) => {
      const lines = wrapText(desc, 2 + w, 100);
      return [
        `  ${flag.padEnd(w)}${lines[0] ?? ''}`,
        ...lines.slice(1).map((l) => `${' '.repeat(2 + w)}${l}`),
      ].join('\n');
    })
    .join('\n');
}

function optionsWidth(cmd: Command): number {
  return Math.max(
    ...[...cmd.options, ...COMMON_OPTIONS].map(
      (o) => 6 + o.name.length + (o.type === 'boolean' ? 0 : 1 + (o.value ?? o.type).length) + 2,
    ),
  );
}

/** The --help text of a command. */
export function commandHelp(cmd: Command): string {
  const ex = cmd.examples.map(([line, comment]) => `  ${line}\n      # ${comment}`).join('\n');
  return `usage: idyn ${cmd.usage}

${cmd.summary}

${cmd.description}

Options:
${formatOptions(cmd.options, optionsWidth(cmd))}
${formatOptions(COMMON_OPTIONS, optionsWidth(cmd))}

With --json the output is one JSON document with "schema": "${cmd.schema}" (JSON Schema in
schemas/${cmd.schema.split('/')[0]?.replace('idyn.', '')}.schema.json of @idyn/cli).

Examples:
${ex}
`;
}

/** Builds the context of a run from parsed arguments. */
export function createContext(io: CliIo, args: ParsedArgs): CommandContext {
  const get = (name: string): OptionValue | undefined => args.options.get(name);
  const json = get('json') === true;
  const quiet = get('quiet') === true;
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const color = io.isTTY && !noColor && get('no-color') !== true;
  const progress = io.isTTY && !quiet;
  let statusShown = false;
  const ctx: CommandContext = {
    io,
    args,
    json,
    progress,
    color,
    out(line = '') {
      ctx.clearStatus();
      io.stdout.write(`${line}\n`);
    },
    status(text) {
      if (!progress) return;
      io.stderr.write(`\r\x1b[2K${text}`);
      statusShown = true;
    },
    clearStatus() {
      if (statusShown) io.stderr.write('\r\x1b[2K');
      statusShown = false;
    },
    printJson(value) {
      ctx.clearStatus();
      io.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
    },
    string(name) {
      const v = get(name);
      return typeof v === 'string' ? v : undefined;
    },
    number(name) {
      const v = get(name);
      return typeof v === 'number' ? v : undefined;
    },
    numbers(name) {
      const v = get(name);
      return Array.isArray(v) ? v : undefined;
    },
    flag(name) {
      return get(name) === true;
    },
    path(p) {
      return p.startsWith('/') ? p : `${io.cwd.replace(/\/$/, '')}/${p}`;
    },
  };
  return ctx;
}

/**
 * JSON.stringify replacer: typed arrays become arrays, BigInts decimal strings; non-finite numbers
 * are an error (they would print as null and hide a bug).
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError(`JSON output: non-finite number ${value}`);
  return value;
}

/** Checks the number of positional arguments. */
export function checkPositionals(cmd: Command, positionals: readonly string[]): void {
  const { min, max, names } = cmd.positionals;
  if (positionals.length < min)
    throw new UsageError(`missing argument ${names} (see idyn ${cmd.name} --help)`);
  if (positionals.length > max)
    throw new UsageError(`unexpected argument '${positionals[max]}' (see idyn ${cmd.name} --help)`);
}
