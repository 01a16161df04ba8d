import type { SweepRow } from '../SweepRow.js';

/** The data of one BullMQ job of the job queue (plain JSON). */
export interface QueueJobData {
  readonly key: string;
  readonly index: number;
  readonly study: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly axes: Readonly<Record<string, unknown>>;
  /** Result paths to keep. */
  readonly outputs?: readonly string[];
  /** Hard limit of one run, in ms. */
  readonly timeoutMs?: number;
  /** The queue the worker sends the row to (one per store). */
  readonly resultsQueue: string;
  /** Code version of the coordinator (the worker stores its own). */
  readonly coordinator: string;
}

/** The BullMQ job id of a job: the store's id and the job key (`.`: BullMQ refuses `:` in ids). */
export function queueJobId(storeId: string, key: string): string {
  return `${storeId}.${key}`;
}

/** The results queue of a store. */
export function resultsQueueName(queueName: string, storeId: string): string {
  return `${queueName}.results.${storeId}`;
}

/** A failed row from a job's data (the coordinator records jobs that exhausted their attempts). */
export function failedRow(
  data: QueueJobData,
  error: string,
  attempts: number,
  worker: string,
  codeVersion: string,
): SweepRow {
  return {
    key: data.key,
    index: data.index,
    study: data.study,
    status: 'failed',
    error,
    durationMs: 0,
    worker,
    codeVersion,
    attempts,
    axes: data.axes,
    input: data.input,
    result: null,
  };
}
