import { abortError, batchProgress, resolveBatchInput } from './internal/batchInput.js';
import { batchResultOf, type MemberEnd } from './internal/batchResult.js';
import { runEngine } from './internal/engine.js';
import { integrate } from './integrate.js';
import { layeredNeuronLaws } from './layeredNeuronLaws.js';
import type {
  Backend,
  BatchIntegrateOptions,
  BatchIntegrateResult,
  DataProblem,
  IntegrateOptions,
  IntegrateResult,
  LayeredFlowProblem,
  Problem,
} from './types.js';

/** The CPU backend's type: like {@link Backend}, but synchronous. */
export interface CpuBackend extends Backend {
  /** Always `'cpu-float64'`. */
  readonly name: 'cpu-float64';
  /** Always `'float64'`. */
  readonly precision: 'float64';
  /** One run, synchronously. */
  integrate(problem: Problem, y0: ArrayLike<number>, options: IntegrateOptions): IntegrateResult;
  /** A batch, member by member, synchronously. */
  integrateBatch(
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): BatchIntegrateResult;
}

function integrateBatch(
  problem: DataProblem,
  y0: ArrayLike<number>,
  batch: number,
  options: BatchIntegrateOptions,
): BatchIntegrateResult {
  const fn = 'cpuBackend.integrateBatch';
  const { resolved, B, all, wantLaws, settings } = resolveBatchInput(fn, problem, y0, batch, options);
  const n = resolved.n;
  const { onProgress, signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const start = performance.now();
  let reported = start;
  const nt = settings.times.length;
  const y = new Float64Array(B * nt * n).fill(Number.NaN);
  const members: MemberEnd[] = [];
  let steps = 0;
  const H = wantLaws ? layeredNeuronLaws(problem as LayeredFlowProblem, all.subarray(0, n)).length : 0;
  const laws = wantLaws ? new Float64Array(B * nt * H).fill(Number.NaN) : null;
  for (let b = 0; b < B; b++) {
    // Each member is its own ODE with its own step-size control.
    const r = runEngine(n, resolved.f, all.subarray(b * n, (b + 1) * n), settings);
    y.set(r.y, b * nt * n);
    if (laws) {
      for (let i = 0; i < r.t.length; i++) {
        const h = layeredNeuronLaws(problem as LayeredFlowProblem, r.y.subarray(i * n, (i + 1) * n));
        laws.set(h, (b * nt + i) * H);
      }
    }
    members.push({ status: r.status, message: r.message, tStop: r.tStop, reached: r.t.length, ...r.stats });
    steps += r.stats.accepted + r.stats.rejected;
    // Progress at most every 100 ms (and after the last member); a synchronous run can only be
    // aborted from inside onProgress.
    if (onProgress !== undefined && (b === B - 1 || performance.now() - reported >= 100)) {
      reported = performance.now();
      onProgress(batchProgress(b + 1, B, steps, start));
    }
    if (signal?.aborted) throw abortError(signal);
  }
  const {
    accepted: _a,
    rejected: _r,
    ...result
  } = batchResultOf(settings.times, y, n, members, 'cpu-float64', laws ?? undefined);
  return result;
}

/**
 * The reference backend: float64 on the CPU, every problem kind (JavaScript right-hand sides,
 * `linear`, `layered-flow`). Its `integrate` is {@link integrate}; `integrateBatch` runs each
 * member with its own step-size control.
 *
 * @example
 * const r = cpuBackend.integrate({ kind: 'linear', dim: 1, A: [-1] }, [1], { tEnd: 1 });
 * r.yStop[0]; // ≈ 0.3678794 (= e^{-1})
 * @see MATH.md §6
 */
export const cpuBackend: CpuBackend = Object.freeze({
  name: 'cpu-float64' as const,
  precision: 'float64' as const,
  kinds: Object.freeze(['rhs', 'linear', 'layered-flow'] as const),
  integrate,
  integrateBatch,
});
