import { checkBudget } from '@idyn/linalg';
import { integrateCost } from '../integrateCost.js';
import { requestedTimes } from '../integrate.js';
import type { BatchIntegrateOptions, BatchProgress, DataProblem } from '../types.js';
import { type ResolvedProblem, resolveProblem } from './resolveProblem.js';
import type { EngineSettings } from './engine.js';
import { resolveSettings } from './settings.js';
import { assertPositiveInteger, finiteVector, show } from './validate.js';

/** A validated batch: what every CPU batch path (one thread or a pool) starts from. */
export interface BatchInput {
  readonly resolved: ResolvedProblem;
  readonly B: number;
  /** All initial states, `B × dim`. */
  readonly all: Float64Array;
  readonly wantLaws: boolean;
  readonly settings: EngineSettings;
  /** The options without `onProgress` and `signal` (plain data, e.g. for a worker thread). */
  readonly plain: BatchIntegrateOptions;
}

/** Validates the arguments of a batched integration (errors name `fn`, the argument and its value). */
export function resolveBatchInput(
  fn: string,
  problem: DataProblem,
  y0: ArrayLike<number>,
  batch: number,
  options: BatchIntegrateOptions,
): BatchInput {
  const resolved = resolveProblem(fn, problem);
  const B = assertPositiveInteger(fn, 'batch', batch);
  const all = finiteVector(fn, 'y0', y0, B * resolved.n, 'batch × dim');
  if ((options as { events?: unknown }).events !== undefined) {
    throw new TypeError(
      `${fn}: options.events is not supported for batches, got ${show((options as { events?: unknown }).events)}`,
    );
  }
  const wantLaws = checkBatchOptions(fn, options, problem.kind);
  // The budget is checked before the settings copy the output times (a huge `times` is refused).
  checkBudget(
    integrateCost({ problem, times: requestedTimes(options), batch: B, neuronLaws: wantLaws }),
    options.budget,
  );
  const { onProgress: _progress, signal: _signal, ...plain } = options;
  return { resolved, B, all, wantLaws, settings: resolveSettings(fn, options), plain };
}

/**
 * Checks the batch-only options `neuronLaws`, `onProgress` and `signal` (every backend's
 * integrateBatch accepts them).
 *
 * @param fn - the calling function's name, for messages
 * @param options - the batch options
 * @param kind - the problem's kind (`neuronLaws` needs `'layered-flow'`)
 * @returns whether neuron laws are wanted
 * @throws TypeError or RangeError naming the option and its value
 * @example
 * checkBatchOptions('myBackend.integrateBatch', { times: [0, 1], neuronLaws: true }, 'layered-flow'); // true
 * @see MATH.md §1 (the neuron laws h_v)
 */
export function checkBatchOptions(fn: string, options: BatchIntegrateOptions, kind: string): boolean {
  const wantLaws = options.neuronLaws ?? false;
  if (typeof wantLaws !== 'boolean') {
    throw new TypeError(`${fn}: options.neuronLaws must be a boolean, got ${show(wantLaws)}`);
  }
  if (wantLaws && kind !== 'layered-flow') {
    throw new RangeError(`${fn}: options.neuronLaws needs a layered-flow problem, got kind ${show(kind)}`);
  }
  const { onProgress, signal } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`${fn}: options.onProgress must be a function, got ${show(onProgress)}`);
  }
  if (signal !== undefined && (signal === null || typeof signal.aborted !== 'boolean')) {
    throw new TypeError(`${fn}: options.signal must be an AbortSignal, got ${show(signal)}`);
  }
  return wantLaws;
}

/**
 * The progress record of a batch after `done` members and `steps` trial steps since `start`.
 *
 * @param done - members that have stopped
 * @param batch - members in the batch
 * @param steps - trial steps so far, summed over the members
 * @param start - `performance.now()` at the start of the run
 * @returns the progress record
 * @example
 * batchProgress(3, 8, 120, performance.now()).membersDone; // 3
 * @see MATH.md §6
 */
export function batchProgress(done: number, batch: number, steps: number, start: number): BatchProgress {
  const seconds = (performance.now() - start) / 1000;
  return {
    membersDone: done,
    batch,
    trajectorySteps: steps,
    seconds,
    stepsPerSecond: seconds > 0 ? steps / seconds : 0,
  };
}

/**
 * The error to throw for an aborted signal: its reason, else a DOMException 'AbortError'.
 *
 * @param signal - an aborted signal
 * @returns what to throw
 * @example
 * const c = new AbortController(); c.abort(new Error('stop'));
 * abortError(c.signal); // Error('stop')
 * @see MATH.md §6
 */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
