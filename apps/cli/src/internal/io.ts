/** A writable text stream (process.stdout, or a capture in tests). */
export interface TextSink {
  /** Writes `text` as is (no newline added). */
  write(text: string): unknown;
}

/**
 * Everything the CLI touches of its environment, so that `main` can run in-process in tests.
 */
export interface CliIo {
  /** Where results go. */
  readonly stdout: TextSink;
  /** Where errors and progress go. */
  readonly stderr: TextSink;
  /** Whether stdout/stderr are terminals: colours and progress only then. */
  readonly isTTY: boolean;
  /** Environment variables (NO_COLOR is honoured). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Width of the terminal (for the progress bar). @default 100 */
  readonly columns?: number;
  /**
   * Registers a handler for an interrupt (Ctrl-C, SIGINT) while a cancellable run is under way;
   * returns the function that removes it. @default none (the interrupt ends the process)
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** The io of the running process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
    onInterrupt(handler) {
      // The first Ctrl-C cancels the run (it stops cleanly); a second one ends the process at once.
      let count = 0;
      const listener = (): void => {
        count++;
        if (count > 1) process.exit(130);
        handler();
      };
      process.on('SIGINT', listener);
      return () => {
        process.off('SIGINT', listener);
      };
    },
  };
}
