// Worker-thread entry of @idyn/sweep: piscina loads this module in each thread of a job pool, by
// URL (src/sweepWorker.ts through tsx from source, dist/sweepWorker.js when built); it is never
// imported. One task is one job.
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { type JobOutcome, type JobTask, runJobTask } from './internal/runJobTask.js';

const worker = `${hostname()}:${process.pid}/t${threadId}`;

/**
 * Runs one job on this thread.
 *
 * @param task - the study, its input and the result paths to keep
 * @returns the outcome: the result, or the error with its kind
 * @example
 * await runJob({ study: 'laws', input: { net: 'relu:2-3-2' } }); // { ok: true, result: { laws: 3, … }, … }
 */
export default function runJob(task: JobTask): Promise<JobOutcome> {
  return runJobTask(task, worker);
}
