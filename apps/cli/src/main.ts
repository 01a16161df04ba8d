/**
 * Runs the idyn command line with the given arguments and returns the exit code.
 * @param argv - arguments after the program name
 * @returns 0 on success, 1 when a check failed, 2 on bad input or usage
 */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write('usage: idyn <command> [options]\n');
    return 0;
  }
  process.stderr.write(`idyn: unknown command '${argv[0]}'\n`);
  return 2;
}
