import {
  describeError,
  type ErrorCode,
  type ErrorDetails,
  type ErrorDocument,
  type ErrorLabels,
} from '@idyn/studies';

/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: a check ran and failed (a deviation above tolerance, a criterion that fails, a tour row). */
export const EXIT_CHECK_FAILED = 1;
/** Exit code: bad input or usage (unknown flag, missing value, bad number, invalid network, missing file, budget). */
export const EXIT_USAGE = 2;
/** Exit code: an internal error, i.e. a bug of idyn (not the user's input). */
export const EXIT_INTERNAL = 3;

/** Where a {@link UsageError} points: the option (or argument), the file and line, the kind. */
export interface UsageErrorOptions {
  /** The option or argument at fault, as typed: `--out`, `--theta`, `<net>`. @default undefined */
  readonly option?: string;
  /** The kind of failure. @default 'usage' */
  readonly code?: ErrorCode;
  /** The file at fault, as the user named it. @default undefined */
  readonly file?: string;
  /** The line of that file. @default undefined */
  readonly line?: number;
}

/**
 * An error the CLI reports as one line and exit code 2: bad usage or bad input. The message names
 * the argument and the value; `option`, `code`, `file` and `line` go into the JSON error document.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The option or argument at fault. */
  readonly option: string | undefined;
  /** The kind of failure. */
  readonly code: ErrorCode;
  /** The file at fault. */
  readonly file: string | undefined;
  /** The line of that file. */
  readonly line: number | undefined;

  /**
   * @param message - one line naming the option and the value
   * @param options - option, code, file, line
   */
  constructor(message: string, options: UsageErrorOptions = {}) {
    super(message);
    this.option = options.option;
    this.code = options.code ?? 'usage';
    this.file = options.file;
    this.line = options.line;
  }
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

/** An error as the CLI reports it: the exit code, the line for stderr and the JSON document. */
export interface FormattedError {
  /** EXIT_USAGE for input errors, EXIT_INTERNAL for bugs. */
  readonly code: number;
  /** The one-line message (without the `idyn <command>: ` prefix). */
  readonly message: string;
  /** The stack trace (printed with --debug). */
  readonly stack: string | undefined;
  /** The `idyn.error/1` document (printed on stdout with --json). */
  readonly document: ErrorDocument;
}

/**
 * The one place that turns an error into what the CLI reports. A {@link UsageError} is the CLI's
 * own (its option and kind); everything else is classified by `describeError` of @idyn/studies
 * with the command's names (`labels`): study input errors name the option, budget refusals name
 * the option that raises the limit with a value that admits the run, overflows name the quantity,
 * internal function names are removed; anything else is a bug (exit 3) with the `--debug` hint.
 *
 * @param error - what was thrown
 * @param labels - the command's names of the study's fields (inputLabels)
 * @param debug - whether --debug was given (no hint then)
 * @returns the exit code, the one-line message, the stack and the JSON document
 */
export function formatError(error: unknown, labels: ErrorLabels, debug: boolean): FormattedError {
  const stack = error instanceof Error ? error.stack : undefined;
  let details: ErrorDetails;
  if (error instanceof UsageError) {
    details = {
      code: error.code,
      message: oneLine(error.message),
      ...(error.option === undefined ? {} : { option: error.option }),
      ...(error.file === undefined ? {} : { file: error.file }),
      ...(error.line === undefined ? {} : { line: error.line }),
      exit: EXIT_USAGE,
    };
  } else {
    details = describeError(error, labels);
    if (details.code === 'internal')
      details = {
        ...details,
        message: `internal error (a bug in idyn, please report it): ${details.message}${debug ? '' : '; rerun with --debug for the stack trace'}`,
        exit: EXIT_INTERNAL,
      };
  }
  return {
    code: details.exit ?? EXIT_USAGE,
    message: details.message,
    stack,
    document: { schema: 'idyn.error/1', error: details },
  };
}
