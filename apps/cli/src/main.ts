import { parseArgs } from './internal/args.js';
import {
  type Command,
  checkPositionals,
  commandHelp,
  createContext,
  formatOptions,
} from './internal/command.js';
import { EXIT_USAGE, isInputError, oneLine } from './internal/errors.js';
import { type CliIo, processIo } from './internal/io.js';
import { COMMON_OPTIONS } from './internal/args.js';
import { COMMANDS } from './commands/index.js';
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

Exit codes: 0 success, 1 a check failed, 2 bad input or usage.
Run 'idyn <command> --help' for the options and examples of a command.
`;
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/**
 * Runs the idyn command line in-process and returns the exit code.
 *
 * Output goes to `io.stdout` (results) and `io.stderr` (errors, and progress on a TTY). Errors are
 * reported as one line naming the argument and the value; `--debug` adds the stack trace.
 *
 * @param argv - the arguments after the program name, e.g. `['laws', 'relu:2-3-2', '--json']`
 * @param io - streams, TTY flag, environment and working directory (default: the process's)
 * @returns 0 on success, 1 when a check failed, 2 on bad input or usage
 * @example
 * await main(['laws', 'relu:2-3-2']); // prints D 12, rank Dphi 9, dim Lie 9, laws 3; returns 0
 * await main(['laws', 'relu:2-x-2']); // prints "idyn laws: <net> 'relu:2-x-2': …"; returns 2
 * @see README.md of @idyn/cli for every command and its JSON schema
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(topHelp());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first === 'help') {
    const name = argv[1];
    if (name === undefined) {
      io.stdout.write(topHelp());
      return 0;
    }
    const cmd = findCommand(name);
    if (!cmd) {
      io.stderr.write(
        `idyn help: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`,
      );
      return EXIT_USAGE;
    }
    io.stdout.write(commandHelp(cmd));
    return 0;
  }
  const cmd = findCommand(first);
  if (!cmd) {
    io.stderr.write(
      `idyn: unknown command '${first}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see idyn --help)\n`,
    );
    return EXIT_USAGE;
  }
  const rest = argv.slice(1);
  const debug = rest.includes('--debug');
  try {
    const args = parseArgs(rest, cmd.options);
    if (args.options.get('help') === true) {
      io.stdout.write(commandHelp(cmd));
      return 0;
    }
    checkPositionals(cmd, args.positionals);
    const ctx = createContext(io, args);
    try {
      return await cmd.run(ctx);
    } finally {
      ctx.clearStatus();
    }
  } catch (error) {
    const message = error instanceof Error ? oneLine(error.message) : oneLine(String(error));
    if (isInputError(error)) {
      io.stderr.write(`idyn ${cmd.name}: ${message}\n`);
    } else {
      io.stderr.write(
        `idyn ${cmd.name}: internal error: ${message}${debug ? '' : ' (rerun with --debug for the stack trace)'}\n`,
      );
    }
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE;
  }
}
