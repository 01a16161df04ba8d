import { COMMANDS } from './commands/index.js';
import { COMMON_OPTIONS, excerpt, parseArgs } from './internal/args.js';
import {
  type Command,
  checkPositionals,
  commandHelp,
  createContext,
  formatOptions,
  inputLabels,
} from './internal/command.js';
import { EXIT_OK, EXIT_USAGE, formatError } from './internal/errors.js';
import { type CliIo, processIo } from './internal/io.js';
import { writtenLines } from './internal/output.js';
import { VERSION } from './version.js';

export type { CliIo, TextSink } from './internal/io.js';

function topHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return `usage: idyn <command> [options]

Conservation laws, liftings and intrinsic training dynamics of neural networks (MATH.md).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`).join('\n')}
  ${'help'.padEnd(w)}help on a command: idyn help laws (same as idyn laws --help)

Common options:
${formatOptions(COMMON_OPTIONS)}
      --version   print the version

Exit codes: 0 success, 1 a check failed, 2 bad input or usage, 3 internal error (a bug).
Run 'idyn <command> --help' for the options and examples of a command.
`;
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function unknownCommand(io: CliIo, prefix: string, name: string, hint: string, json = false): number {
  const message = `unknown command '${excerpt(name)}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}${hint})`;
  io.stderr.write(`${prefix}: ${message}\n`);
  if (json)
    io.stdout.write(
      `${JSON.stringify({ schema: 'idyn.error/1', error: { code: 'usage', message, option: '<command>', exit: EXIT_USAGE } }, null, 2)}\n`,
    );
  return EXIT_USAGE;
}

/** The options before `--` (after it every argument is positional). */
function optionPart(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

/**
 * Parses the arguments of `cmd`, runs its study and prints the result, then lists the files
 * written; errors are formatted in one place (one line on stderr, and with --json the
 * `idyn.error/1` document on stdout, also when the arguments themselves are wrong).
 */
async function runCommand(cmd: Command, argv: readonly string[], io: CliIo): Promise<number> {
  const debug = optionPart(argv).includes('--debug');
  const json = optionPart(argv).includes('--json');
  let args: ReturnType<typeof parseArgs> | undefined;
  let ctx: ReturnType<typeof createContext> | undefined;
  try {
    args = parseArgs(argv, cmd.options);
    if (args.options.get('help') === true) {
      io.stdout.write(commandHelp(cmd));
      return EXIT_OK;
    }
    checkPositionals(cmd, args.positionals);
    ctx = createContext(io, args, cmd);
    const progress = ctx.progress;
    const input = cmd.input(ctx);
    const result = await cmd.study.run(input, { onProgress: (p) => progress.update(p) });
    progress.clear();
    const code = cmd.output(result, ctx);
    if (!ctx.json) for (const line of writtenLines(ctx.written)) ctx.out(line);
    return code;
  } catch (error) {
    ctx?.progress.clear();
    const e = formatError(error, inputLabels(cmd, args), debug);
    io.stderr.write(`idyn ${cmd.name}: ${e.message}\n`);
    if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
    if (json) io.stdout.write(`${JSON.stringify(e.document, null, 2)}\n`);
    return e.code;
  }
}

/**
 * Runs the idyn command line in-process and returns the exit code.
 *
 * Output goes to `io.stdout` (results, then the files written) and `io.stderr` (errors, and
 * progress on a TTY). Errors are reported as one line naming the argument and the value (with
 * `--json` also as an `idyn.error/1` document on stdout); `--debug` adds the stack trace.
 *
 * @param argv - the arguments after the program name, e.g. `['laws', 'relu:2-3-2', '--json']`
 * @param io - streams, TTY flag, environment and working directory (default: the process's)
 * @returns 0 on success, 1 when a check failed, 2 on bad input or usage, 3 on an internal error
 * @example
 * await main(['laws', 'relu:2-3-2']); // prints D 12, rank Dphi 9, dim Lie 9, laws 3; returns 0
 * await main(['laws', 'relu:2-x-2']); // prints "idyn laws: <net> 'relu:2-x-2': …"; returns 2
 * @see README.md of @idyn/cli for every command and its JSON schema
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(topHelp());
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const name = argv[1];
    if (name === undefined) {
      io.stdout.write(topHelp());
      return EXIT_OK;
    }
    const cmd = findCommand(name);
    if (!cmd) return unknownCommand(io, 'idyn help', name, '');
    io.stdout.write(commandHelp(cmd));
    return EXIT_OK;
  }
  const cmd = findCommand(first);
  if (!cmd)
    return unknownCommand(io, 'idyn', first, '; see idyn --help', optionPart(argv).includes('--json'));
  return runCommand(cmd, argv.slice(1), io);
}
