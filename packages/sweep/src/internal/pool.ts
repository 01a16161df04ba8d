import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { workerScript } from '@idyn/integrators/threads';
import { Piscina } from 'piscina';
import type { JobOutcome, JobTask } from './runJobTask.js';

/** A pool of worker threads that run jobs (piscina). */
export interface JobPool {
  readonly threads: number;
  /**
   * Runs one job on a thread. A timeout or a dead thread is an outcome (`timeout`, `crash`); an
   * abort of `signal` rejects with the signal's reason (the job's thread is stopped).
   */
  run(task: JobTask, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<JobOutcome>;
  destroy(): Promise<void>;
}

/** Checks a thread count: a positive integer, default all cores. */
export function threadCount(fn: string, name: string, value: unknown): number {
  if (value === undefined) return availableParallelism();
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new RangeError(`${fn}: options.${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function crashed(error: unknown, durationMs: number): JobOutcome {
  return {
    ok: false,
    kind: 'crash',
    error: `the job's thread died: ${error instanceof Error ? error.message : String(error)}`,
    durationMs,
    worker: 'pool',
  };
}

/** A piscina pool of `threads` threads, each running jobs one at a time. */
export function createJobPool(threads: number): JobPool {
  // From source the entry is src/sweepWorker.ts; built, dist/sweepWorker.js next to this chunk.
  const { filename, execArgv } = workerScript(import.meta.url, {
    source: '../sweepWorker.ts',
    built: './sweepWorker.js',
  });
  const pool = new Piscina({
    filename,
    execArgv,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    threads,
    async run(task, options = {}) {
      const { signal, timeoutMs } = options;
      signal?.throwIfAborted();
      let start = performance.now();
      if (timeoutMs === undefined) {
        try {
          return (await pool.run(task, signal === undefined ? {} : { signal })) as JobOutcome;
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
          return crashed(error, performance.now() - start);
        }
      }
      // The time limit counts from the moment a thread starts the job (the thread says so on a
      // port), not from the call: a job waiting for a thread (or for one to restart) is not late.
      const timeout = new AbortController();
      const both = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
      const { port1, port2 } = new MessageChannel();
      let timer: ReturnType<typeof setTimeout> | undefined;
      port1.once('message', () => {
        start = performance.now();
        timer = setTimeout(() => timeout.abort(), timeoutMs);
      });
      try {
        return (await pool.run(
          { ...task, port: port2 },
          { signal: both, transferList: [port2] },
        )) as JobOutcome;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const durationMs = performance.now() - start;
        if (timeout.signal.aborted)
          return {
            ok: false,
            kind: 'timeout',
            error: `timed out after ${(timeoutMs! / 1000).toPrecision(3)} s (its thread was stopped)`,
            durationMs,
            worker: 'pool',
          };
        return crashed(error, durationMs);
      } finally {
        clearTimeout(timer);
        port1.close();
      }
    },
    destroy: () => pool.destroy(),
  };
}
