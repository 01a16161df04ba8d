import type { BatchIntegrateOptions, BatchIntegrateResult } from '@idyn/integrators';
import { BENCH_BUDGET, evaluationFlops, layeredBenchCase } from '@idyn/integrators/backend';
import type { BenchEnsembleOptions, BenchEnsembleResult } from '../benchEnsemble.js';

/**
 * The seeded ensemble that benchEnsemble times (`layeredBenchCase` of @idyn/integrators/backend,
 * the one every backend's benchmark uses), and how to run and summarise it (any backend).
 */
export function ensembleCase(fn: string, options: BenchEnsembleOptions) {
  const c = layeredBenchCase(fn, options);
  const { batch, steps, method, step: h } = c;
  // Useful flops of one evaluation, the bias work included.
  const flops = evaluationFlops(c.widths, c.samples, true);
  /** Options of a run over `n` steps of h (RK4), or over the same span adaptively (DOPRI5). */
  const optionsFor = (n: number): BatchIntegrateOptions =>
    method === 'rk4'
      ? { times: [0, n * h], method: 'rk4', step: h, budget: BENCH_BUDGET }
      : { times: [0, n * h], rtol: 1e-5, atol: 1e-7, budget: BENCH_BUDGET };
  const summarize = (
    r: BatchIntegrateResult,
    seconds: number,
    warmupSeconds: number,
  ): BenchEnsembleResult => {
    const extra = r as { backendUsed?: string; readbacks?: number; kernelLaunches?: number };
    // Trajectory-steps really taken (DOPRI5: accepted and rejected trial steps of every member).
    const trajectorySteps = method === 'rk4' ? batch * steps : r.stats.accepted + r.stats.rejected;
    const evaluationsPerStep = method === 'rk4' ? 4 : 6;
    const perSecond = trajectorySteps / seconds;
    return {
      backendUsed: extra.backendUsed ?? r.backend,
      batch,
      steps,
      trajectorySteps,
      seconds,
      trajectoryStepsPerSecond: perSecond,
      warmupSeconds,
      failed: r.status.filter((s) => s !== 'success').length,
      method,
      evaluationsPerStep,
      flopsPerEvaluation: flops,
      usefulGflops: (flops * evaluationsPerStep * perSecond) / 1e9,
      readbacks: extra.readbacks ?? 0,
      kernelLaunches: extra.kernelLaunches ?? 0,
    };
  };
  return { problem: c.problem, theta0: c.theta0, batch, steps, D: c.D, optionsFor, summarize };
}
