import { type InputLabels, StudyInputError } from '@idyn/studies';

/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: a check ran and failed (a deviation above tolerance, a criterion that fails, a tour row). */
export const EXIT_CHECK_FAILED = 1;
/** Exit code: bad input or usage (unknown flag, missing value, bad number, invalid network, missing file). */
export const EXIT_USAGE = 2;
/** Exit code: an internal error, i.e. a bug of idyn (not the user's input). */
export const EXIT_INTERNAL = 3;

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

/** Whether an error is an input error (exit 2) rather than a bug. */
export function isInputError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof SyntaxError
  );
}

/** An error as the CLI reports it: the exit code and the lines for stderr. */
export interface FormattedError {
  /** EXIT_USAGE for input errors, EXIT_INTERNAL for bugs. */
  readonly code: number;
  /** The one-line message (without the `idyn <command>: ` prefix). */
  readonly message: string;
  /** The stack trace (printed with --debug). */
  readonly stack: string | undefined;
}

/**
 * The one place that turns an error into what the CLI reports: a study input error is rendered
 * with the command's option names (`labels`), any other input error by its message, and anything
 * else is a bug (exit 3) with the `--debug` hint.
 */
export function formatError(error: unknown, labels: InputLabels, debug: boolean): FormattedError {
  const stack = error instanceof Error ? error.stack : undefined;
  if (error instanceof StudyInputError)
    return { code: EXIT_USAGE, message: oneLine(error.render(labels)), stack };
  const message = error instanceof Error ? oneLine(error.message) : oneLine(String(error));
  if (isInputError(error)) return { code: EXIT_USAGE, message, stack };
  return {
    code: EXIT_INTERNAL,
    message: `internal error (a bug in idyn, please report it): ${message}${debug ? '' : '; rerun with --debug for the stack trace'}`,
    stack,
  };
}
