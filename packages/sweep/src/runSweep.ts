import type { SweepStore } from './openSweepStore.js';
import type { SweepRow } from './SweepRow.js';
import type { SweepSpec } from './SweepSpec.js';
import { codeVersion } from './codeVersion.js';
import { expandSweep, type SweepJob } from './expandSweep.js';
import { canonicalJson } from './jobKey.js';
import { createJobPool, threadCount } from './internal/pool.js';
import { createProgress, type SweepProgress } from './internal/progress.js';
import type { JobOutcome } from './internal/runJobTask.js';

export type { SweepProgress } from './internal/progress.js';

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** The result store (opened by the caller, who closes it). */
  readonly store: SweepStore;
  /** Worker threads. @default os.availableParallelism() */
  readonly workers?: number;
  /** Rerun the jobs recorded as failed (their rows are replaced). @default false */
  readonly retryFailed?: boolean;
  /** Stop taking jobs; the running ones finish and are recorded (a first Ctrl-C). @default undefined */
  readonly drain?: AbortSignal;
  /** Stop now: running jobs are stopped and not recorded (a second Ctrl-C). @default undefined */
  readonly signal?: AbortSignal;
  /** Called as jobs finish (at most every 100 ms, and once at the end). @default undefined */
  readonly onProgress?: (progress: SweepProgress) => void;
}

/** Result of {@link runSweep} and `runSweepOnQueue`. */
export interface RunSweepResult {
  /** The run number in the store's `runs` table. */
  readonly run: number;
  /** Distinct jobs of the spec. */
  readonly planned: number;
  /** Jobs already in the store before this run (skipped). */
  readonly skipped: number;
  /** Jobs done in this run. */
  readonly done: number;
  /** Jobs recorded as failed in this run. */
  readonly failed: number;
  /** Jobs of the spec still without a row (a stopped run). */
  readonly remaining: number;
  /** Whether the run was stopped before every job had a row. */
  readonly stopped: boolean;
  /** Wall time of the run, in s. */
  readonly seconds: number;
  /** Jobs finished per second in this run. */
  readonly jobsPerSecond: number;
  /** Worker threads (local) or 0 (queue: the workers are elsewhere). */
  readonly workers: number;
}

/** The store row of a job's outcome. */
export function outcomeRow(
  job: Pick<SweepJob, 'key' | 'index' | 'study' | 'input' | 'axes'>,
  outcome: JobOutcome,
  attempts: number,
  version: string,
): SweepRow {
  return {
    key: job.key,
    index: job.index,
    study: job.study,
    status: outcome.ok ? 'done' : 'failed',
    error: outcome.ok ? null : outcome.error,
    durationMs: outcome.durationMs,
    worker: outcome.worker,
    codeVersion: version,
    attempts,
    axes: job.axes,
    input: job.input,
    result: outcome.ok ? outcome.result : null,
  };
}

/** The jobs of a spec still to run on a store: no row yet, or a failed row with `retryFailed`. */
export function pendingJobs(
  spec: SweepSpec,
  store: SweepStore,
  retryFailed: boolean,
): { jobs: readonly SweepJob[]; pending: SweepJob[] } {
  const { jobs } = expandSweep(spec);
  const pending = jobs.filter((j) => {
    const s = store.status(j.key);
    return s === undefined || (retryFailed && s === 'failed');
  });
  return { jobs, pending };
}

/**
 * Runs a sweep on this machine's cores: each job of the spec without a row in the store runs on a
 * worker thread (a piscina pool), and its result — or its error: a failing job does not stop the
 * sweep — becomes one row of the store. Rerunning skips the finished keys, so an interrupted sweep
 * resumes where it stopped. `drain` stops taking jobs (running ones finish and are kept), `signal`
 * stops at once. A job past the spec's `timeout` has its thread stopped and is recorded as failed.
 *
 * @param spec - a spec checked by `parseSweepSpec`
 * @param options - the store, threads, retry, stop signals, progress callback
 * @returns counts of the run (done, failed, skipped, remaining), its time and rate
 * @throws RangeError on a bad `workers`; the store's error if a batch cannot be written
 * @example
 * const store = await openSweepStore('laws.duckdb');
 * const r = await runSweep(parseSweepSpec(text), { store, workers: 2 });
 * // r.done 120, r.failed 0, r.skipped 0 (a second call: r.skipped 120, r.done 0)
 * await store.close();
 */
export async function runSweep(spec: SweepSpec, options: RunSweepOptions): Promise<RunSweepResult> {
  const workers = threadCount('runSweep', 'workers', options.workers);
  const { store, signal, drain, onProgress } = options;
  const { jobs, pending } = pendingJobs(spec, store, options.retryFailed ?? false);
  const skipped = jobs.length - pending.length;
  const run = await store.startRun({
    mode: 'local',
    spec: canonicalJson(spec),
    planned: jobs.length,
    skipped,
  });
  const progress = createProgress(pending.length, skipped, onProgress);
  const version = codeVersion();
  const timeoutMs = spec.timeout === undefined ? undefined : spec.timeout * 1000;
  const pool = pending.length === 0 ? null : createJobPool(workers);
  const writes: Promise<boolean>[] = [];
  let writeError: unknown = null;
  let next = 0;
  const stopped = () => signal?.aborted === true || drain?.aborted === true || writeError !== null;
  // Two lanes per thread: piscina hands the queued task over as soon as a thread is free.
  const lane = async () => {
    while (!stopped() && next < pending.length) {
      const job = pending[next++]!;
      progress.started();
      let outcome: JobOutcome;
      try {
        outcome = await pool!.run(
          { study: job.study, input: job.input, ...(spec.outputs ? { outputs: spec.outputs } : {}) },
          { ...(signal ? { signal } : {}), ...(timeoutMs === undefined ? {} : { timeoutMs }) },
        );
      } catch (error) {
        progress.cancelled();
        if (signal?.aborted) return;
        throw error;
      }
      progress.finished(outcome.ok);
      writes.push(
        store.add(outcomeRow(job, outcome, 1, version)).catch((error: unknown) => {
          writeError ??= error;
          return false;
        }),
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(2 * workers, pending.length) }, lane));
    await Promise.all(writes);
  } finally {
    await pool?.destroy();
  }
  if (writeError !== null) throw writeError;
  const { done, failed } = progress.counts();
  return finishRun(store, run, progress, {
    planned: jobs.length,
    skipped,
    remaining: pending.length - done - failed,
    workers,
  });
}

/** Records the end of a run in the store and makes its result. */
export async function finishRun(
  store: SweepStore,
  run: number,
  progress: ReturnType<typeof createProgress>,
  counts: { planned: number; skipped: number; remaining: number; workers: number },
): Promise<RunSweepResult> {
  const { done, failed } = progress.counts();
  const stopped = counts.remaining > 0;
  await store.finishRun(run, { done, failed, stopped });
  progress.end();
  const seconds = progress.seconds();
  return {
    run,
    ...counts,
    done,
    failed,
    stopped,
    seconds,
    jobsPerSecond: seconds > 0 ? (done + failed) / seconds : 0,
  };
}
