/** How a job ended: its result, or an error recorded in place of one. */
export type JobStatus = 'done' | 'failed';

/** One finished job, as a runner hands it to the store (one row of the `jobs` table). */
export interface SweepRow {
  /** {@link jobKey} of the job: the primary key. */
  readonly key: string;
  /** Position in the grid of the spec that ran it. */
  readonly index: number;
  /** The study name. */
  readonly study: string;
  /** `done` (a result) or `failed` (an error message). */
  readonly status: JobStatus;
  /** The error message of a failed job, null when done. */
  readonly error: string | null;
  /** Wall time of the (last) run of the job, in ms. */
  readonly durationMs: number;
  /** Who ran it: `host:pid/thread` (local) or the worker's name (queue). */
  readonly worker: string;
  /** The code that ran it: `@idyn/studies@x @idyn/sweep@y` (or IDYN_CODE_VERSION). */
  readonly codeVersion: string;
  /** Runs of the job (1 unless the queue retried it). */
  readonly attempts: number;
  /** Axis values by axis name (columns `axis.<name>`). */
  readonly axes: Readonly<Record<string, unknown>>;
  /** The study input (columns `in.<path>`, and the canonical text in `input`). */
  readonly input: Readonly<Record<string, unknown>>;
  /** The result, restricted to the spec's `outputs` (columns `out.<path>`); null when failed. */
  readonly result: unknown;
}
