import { checkBudget } from '@idyn/linalg';
import { integrateCost } from './integrateCost.js';
import { runEngine } from './internal/engine.js';
import { resolveProblem } from './internal/resolveProblem.js';
import { resolveSettings } from './internal/settings.js';
import { assertPositiveInteger, finiteVector, show } from './internal/validate.js';
import { integrate, requestedTimes } from './integrate.js';
import { layeredNeuronLaws } from './layeredNeuronLaws.js';
import type {
  Backend,
  BatchIntegrateOptions,
  BatchIntegrateResult,
  DataProblem,
  IntegrateOptions,
  IntegrateResult,
  IntegrationStatus,
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
  const resolved = resolveProblem(fn, problem);
  const B = assertPositiveInteger(fn, 'batch', batch);
  const n = resolved.n;
  const all = finiteVector(fn, 'y0', y0, B * n, 'batch × dim');
  if ((options as { events?: unknown }).events !== undefined) {
    throw new TypeError(
      `${fn}: options.events is not supported for batches, got ${show((options as { events?: unknown }).events)}`,
    );
  }
  const wantLaws = options.neuronLaws ?? false;
  if (typeof wantLaws !== 'boolean') {
    throw new TypeError(`${fn}: options.neuronLaws must be a boolean, got ${show(wantLaws)}`);
  }
  if (wantLaws && problem.kind !== 'layered-flow') {
    throw new RangeError(
      `${fn}: options.neuronLaws needs a layered-flow problem, got kind ${show(problem.kind)}`,
    );
  }
  checkBudget(
    integrateCost({ problem, times: requestedTimes(options), batch: B, neuronLaws: wantLaws }),
    options.budget,
  );
  const settings = resolveSettings(fn, options);
  const nt = settings.times.length;
  const y = new Float64Array(B * nt * n).fill(Number.NaN);
  const status: IntegrationStatus[] = [];
  const message: string[] = [];
  const tStop = new Float64Array(B);
  const stats = { nfev: 0, accepted: 0, rejected: 0 };
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
    status.push(r.status);
    message.push(r.message);
    tStop[b] = r.tStop;
    stats.nfev += r.stats.nfev;
    stats.accepted += r.stats.accepted;
    stats.rejected += r.stats.rejected;
  }
  return {
    t: settings.times.slice(),
    y,
    shape: [B, nt, n] as const,
    status,
    message,
    tStop,
    stats,
    ...(laws ? { neuronLaws: laws } : {}),
    backend: 'cpu-float64',
  };
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
