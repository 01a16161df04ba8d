import { checkBudget } from '@idyn/linalg';
import { integrateCost } from '../integrateCost.js';
import { requestedTimes } from '../integrate.js';
import type { BatchIntegrateOptions, BatchProgress, DataProblem } from '../types.js';
import { type ResolvedProblem, resolveProblem } from './resolveProblem.js';
import type { EngineSettings } from './engine.js';
import { resolveFloat32Settings } from './float32.js';
import { type Float32Problem, resolveFloat32Problem } from './float32Problem.js';
import { resolveSettings, type StepSettings } from './settings.js';
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
  const events = (options as { events?: unknown } | null)?.events;
  if (events !== undefined) {
    throw new TypeError(`${fn}: options.events is not supported for batches, got ${show(events)}`);
  }
  const wantLaws = checkBatchBudget(fn, problem, B, options);
  const { onProgress: _progress, signal: _signal, ...plain } = options;
  return { resolved, B, all, wantLaws, settings: resolveSettings(fn, options), plain };
}

/** A batch validated for float32 kernels: what both GPU backends start from. */
export interface Float32BatchInput {
  /** The problem, its data in float32. */
  readonly resolved: Float32Problem;
  /** Members B. */
  readonly B: number;
  /** All initial states, `B × dim`, float64 as given. */
  readonly all: Float64Array;
  /** Whether the per-neuron laws are wanted. */
  readonly wantLaws: boolean;
  /** The resolved settings (float32 defaults). */
  readonly settings: StepSettings;
}

/**
 * Validates the arguments of a float32 backend's batched integration, in the order and with the
 * messages of the CPU backend: the problem (`resolveFloat32Problem`), the batch size, y0, the
 * batch options (`checkBatchOptions`), the budget (`integrateCost` against `options.budget`,
 * before the output times are copied), then the settings (`resolveFloat32Settings`).
 *
 * @param fn - name of the public function, for messages
 * @param problem - a data problem
 * @param y0 - the initial states, `batch × dim`
 * @param batch - the number of members
 * @param options - the batch options
 * @param backend - the backend's name in messages (`'GPU'`, `'WebGPU'`)
 * @param limits - `maxWidth` of the kernels; `single` words the length of y0 for one run (`dim`)
 * @returns the validated batch
 * @throws TypeError / RangeError naming the argument or option and its value; BudgetError above the budget
 * @example
 * resolveFloat32Batch('gpu.integrateBatch', { kind: 'linear', dim: 1, A: [-1] }, [1, 2], 2, { times: [0, 1] }, 'GPU').B; // 2
 * @see MATH.md §6
 */
export function resolveFloat32Batch(
  fn: string,
  problem: DataProblem,
  y0: ArrayLike<number>,
  batch: number,
  options: BatchIntegrateOptions,
  backend: string,
  limits: { readonly maxWidth?: number; readonly single?: boolean } = {},
): Float32BatchInput {
  const resolved = resolveFloat32Problem(fn, problem, limits.maxWidth);
  const B = assertPositiveInteger(fn, 'batch', batch);
  const all = finiteVector(fn, 'y0', y0, B * resolved.dim, limits.single ? 'dim' : 'batch × dim');
  const wantLaws = checkBatchBudget(fn, problem, B, options);
  return { resolved, B, all, wantLaws, settings: resolveFloat32Settings(fn, options, backend) };
}

/** The batch options and the budget (before the settings copy the output times: a huge `times` is refused). */
function checkBatchBudget(
  fn: string,
  problem: DataProblem,
  B: number,
  options: BatchIntegrateOptions,
): boolean {
  const wantLaws = checkBatchOptions(fn, options, problem.kind);
  checkBudget(
    integrateCost({ problem, times: requestedTimes(options), batch: B, neuronLaws: wantLaws }),
    options.budget,
  );
  return wantLaws;
}

/**
 * Checks the batch-only options `neuronLaws`, `onProgress` and `signal` (every backend's
 * integrateBatch accepts them).
 *
 * @param fn - the calling function's name, for messages
 * @param options - the batch options
 * @param kind - the problem's kind (`neuronLaws` needs `'layered-flow'`)
 * @returns whether neuron laws are wanted
 * @throws TypeError for a non-object, TypeError or RangeError naming the option and its value
 * @example
 * checkBatchOptions('myBackend.integrateBatch', { times: [0, 1], neuronLaws: true }, 'layered-flow'); // true
 * @see MATH.md §1 (the neuron laws h_v)
 */
export function checkBatchOptions(fn: string, options: BatchIntegrateOptions, kind: string): boolean {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
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
