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
  };
}
