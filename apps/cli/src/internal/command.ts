import type { ErrorLabels, Study, StudyOptions } from '@idyn/studies';
import { budgetExample } from './budget.js';
import { COMMON_OPTIONS, excerpt, type OptionValue, type ParsedArgs } from './args.js';
import { UsageError } from './errors.js';
import { dataInput, netInput, thetaInput } from './inputs.js';
import type { CliIo } from './io.js';
import type { OptionSpec } from './options.js';
import { type OutputDir, prepareOutputDir, type WrittenFile } from './output.js';
import { NO_PROGRESS, type ProgressView, terminalProgress } from './progress.js';

/** What a command's `input` and `output` receive. */
export interface CommandContext {
  readonly io: CliIo;
  readonly args: ParsedArgs;
  /** `--json` given. */
  readonly json: boolean;
  /** Colours allowed: a TTY, NO_COLOR unset, no --no-color. */
  readonly color: boolean;
  /** Progress bar on stderr (a no-op unless stderr is a TTY and no --quiet). */
  readonly progress: ProgressView;
  /** The output directory (`--out`, or the command's default), created before any work; null if none. */
  readonly outDir: OutputDir | null;
  /** The files written so far (in `outDir` and elsewhere): listed at the end, `files` in JSON. */
  readonly written: WrittenFile[];
  /** Writes text to stdout (a newline is added). */
  out(line?: string): void;
  /** Writes a JSON document to stdout (with `files`, the files written, when the command writes any). */
  printJson(value: unknown): void;
  string(name: string): string | undefined;
  number(name: string): number | undefined;
  numbers(name: string): number[] | undefined;
  flag(name: string): boolean;
}

/** A sub-command of idyn: argument parsing and formatting over one study. */
export interface Command<Input = unknown, Result = unknown> {
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
  /** The study the command runs. */
  readonly study: Study<Input, Result, StudyOptions>;
  /** Name of the result schema (`idyn.<name>/1`, the study's `resultSchema`). */
  readonly schema: string;
  /** Output directory created when `--out` is absent (tour: `idyn-report`), unless `--no-report`. */
  readonly defaultOut?: string;
  /** The study input from the parsed arguments (files are read here). */
  input(ctx: CommandContext): Input;
  /** Prints the result (text, or JSON with --json), writes files; returns the exit code. */
  output(result: Result, ctx: CommandContext): number;
}

/** Shared help text for `<net>`. */
export const NET_HELP = `<net> is one of:
  a preset of @idyn/graph: relu:2-3-2, linear:2-3-2, dense:2-3-3-1, resblock:2:1, maxpool:2-4-2-1:2,
    with +bias (hidden and output biases) or +hbias (hidden only);
  a JSON network spec file (nodes, edges, optional theta), e.g. net.json;
  poly:P1,P2,... polynomials whose variables are the parameters, e.g. poly:"x1*x2*x3".
relu: and other networks use the path-lifting; linear: presets without biases use the matrix
product z = U_L...U_1 (--lifting path selects the path-lifting).`;

/**
 * The study input set by the command's options: each option with a `field` sets it, `<net>`,
 * `--theta FILE` and `--data FILE` are read (files) into `net`/`netLabel`, `theta`/`thetaLabel`
 * and `data`/`dataLabel`.
 */
export function optionInput(
  cmd: Pick<Command, 'positionals' | 'options'>,
  ctx: CommandContext,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (cmd.positionals.names === '<net>') Object.assign(input, netInput(ctx.args.positionals[0]!, ctx.io.cwd));
  for (const spec of cmd.options) {
    const value = ctx.args.options.get(spec.name);
    if (spec.field === undefined || value === undefined) continue;
    if (spec.name === 'theta') Object.assign(input, thetaInput(value as string, ctx.io.cwd));
    else if (spec.name === 'data') Object.assign(input, dataInput(value as string, ctx.io.cwd));
    else input[spec.field] = value;
  }
  return input;
}

/**
 * How the command names the study's input fields in messages: its options and `<net>`; a budget
 * field (`maxMemoryBytes`) is named by the option that raises it (`--max-memory`) with a value.
 */
export function inputLabels(
  cmd: Pick<Command, 'name' | 'options'>,
  args: ParsedArgs | undefined,
): ErrorLabels {
  const optionOf = new Map(cmd.options.filter((o) => o.field).map((o) => [o.field as string, o.name]));
  return {
    study: `idyn ${cmd.name}`,
    field: (f) => (f === 'net' ? '<net>' : optionOf.has(f) ? `--${optionOf.get(f)}` : undefined),
    text: (f) => {
      if (f === 'net') return args?.positionals[0];
      const name = optionOf.get(f);
      return name === undefined ? undefined : args?.texts.get(name);
    },
    example: budgetExample,
  };
}

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
schemas/${cmd.name}.schema.json of @idyn/studies, the package that computes it).

Examples:
${ex}
`;
}

/** Builds the context of a run from parsed arguments (creating the output directory). */
export function createContext(io: CliIo, args: ParsedArgs, cmd: Command): CommandContext {
  const get = (name: string): OptionValue | undefined => args.options.get(name);
  const json = get('json') === true;
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const color = io.isTTY && !noColor && get('no-color') !== true;
  const progress = io.isTTY && get('quiet') !== true ? terminalProgress(io.stderr, io.columns) : NO_PROGRESS;
  const outText = typeof get('out') === 'string' ? (get('out') as string) : undefined;
  const outDir =
    outText !== undefined
      ? prepareOutputDir(io.cwd, outText)
      : cmd.defaultOut !== undefined && get('no-report') !== true
        ? prepareOutputDir(io.cwd, cmd.defaultOut)
        : null;
  // one list for the files of the output directory and any other file the command writes
  const written = outDir?.written ?? [];
  const ctx: CommandContext = {
    io,
    args,
    json,
    color,
    progress,
    outDir,
    written,
    out(line = '') {
      progress.clear();
      io.stdout.write(`${line}\n`);
    },
    printJson(value) {
      progress.clear();
      const doc =
        outDir !== null && value !== null && typeof value === 'object'
          ? { ...value, files: written.map((f) => ({ path: f.path, replaced: f.replaced })) }
          : value;
      io.stdout.write(`${JSON.stringify(doc, jsonReplacer, 2)}\n`);
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
  };
  return ctx;
}

/**
 * JSON.stringify replacer: typed arrays become arrays, BigInts decimal strings; non-finite numbers
 * are a bug (the studies report overflow as an error, and absent values as null).
 */
export function jsonReplacer(key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new Error(`JSON output: non-finite number ${value} in "${key}"`);
  return value;
}

/** Checks the number of positional arguments. */
export function checkPositionals(cmd: Command, positionals: readonly string[]): void {
  const { min, max, names } = cmd.positionals;
  if (positionals.length < min)
    throw new UsageError(`missing argument ${names} (see idyn ${cmd.name} --help)`, { option: names });
  if (positionals.length > max)
    throw new UsageError(`unexpected argument '${excerpt(positionals[max]!)}' (see idyn ${cmd.name} --help)`);
}

/** Builds a command, deriving `schema` from its study's result schema. */
export function defineCommand<Input, Result>(
  cmd: Omit<Command<Input, Result>, 'schema'>,
): Command<Input, Result> {
  const props = cmd.study.resultSchema.properties as { schema: { const: string } };
  return { ...cmd, schema: props.schema.const };
}
