// Worker entry of the threaded CPU backend (`@idyn/integrators/threads`): piscina loads this module
// in each worker thread, by URL (src/threadsWorker.ts with tsx from source, dist/threadsWorker.js
// when built); it is never imported. One task is one chunk of members, run exactly as
// cpuBackend.integrateBatch runs them on the main thread.
import { cpuBackend } from './cpuBackend.js';
import type { BatchIntegrateOptions, BatchIntegrateResult, DataProblem } from './types.js';

/** A chunk of members sent to a worker (plain data: it crosses threads by structured clone). */
export interface ChunkTask {
  readonly problem: DataProblem;
  readonly y0: Float64Array;
  readonly batch: number;
  readonly options: BatchIntegrateOptions;
}

/**
 * Integrates one chunk of members on this worker thread.
 *
 * @param task - the problem, the chunk's initial states (`batch × dim`) and the options
 * @returns cpuBackend.integrateBatch's result for the chunk
 * @example
 * integrateChunk({ problem, y0, batch: 4, options: { times: [0, 1] } }).status; // 4 statuses
 */
export default function integrateChunk(task: ChunkTask): BatchIntegrateResult {
  return cpuBackend.integrateBatch(task.problem, task.y0, task.batch, task.options);
}
