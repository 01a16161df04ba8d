/** Exit codes of the idyn command (README "Exit codes"). */
export const EXIT_OK = 0;
/** A check ran and failed (a deviation above tolerance, a criterion that fails, a tour row). */
export const EXIT_CHECK_FAILED = 1;
/** Bad input or usage: unknown flag, missing value, bad number, invalid network, missing file. */
export const EXIT_USAGE = 2;

/**
 * An error the CLI reports as one line and exit code 2: bad usage or bad input. The message names
 * the argument and the value.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Collapses a (possibly multi-line) message to one line. */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .join('; ')
    .replace(/:;/g, ':');
}

/** Whether an error thrown by a package is an input error (exit 2) rather than a bug. */
export function isInputError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof SyntaxError
  );
}
