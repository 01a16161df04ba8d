import type { BatchIntegrateOptions, BatchIntegrateResult, LayeredFlowProblem } from '@idyn/integrators';
import { assertPositiveInteger, show } from '@idyn/integrators/backend';
import { createRng } from '@idyn/linalg';
import type { BenchEnsembleOptions, BenchEnsembleResult } from '../benchEnsemble.js';

/**
 * Useful flops of one evaluation of −∇L for one member of a layered network with biases on N
 * samples: forward 2·n_l·n_{l−1}·N per layer, back-propagation the same for layers 2..L, weight
 * gradients the same again, biases n_l·N twice (forward add, gradient sum).
 */
export function flopsPerEvaluation(widths: readonly number[], N: number): number {
  let f = 0;
  for (let l = 1; l < widths.length; l++) {
    const mac = widths[l]! * widths[l - 1]! * N;
    f += 2 * mac * (l === 1 ? 2 : 3) + 2 * widths[l]! * N;
  }
  return f;
}

/** The seeded ensemble that benchEnsemble times, and how to run and summarise it (any backend). */
export function ensembleCase(fn: string, options: BenchEnsembleOptions) {
  const batch = assertPositiveInteger(fn, 'options.batch', options.batch ?? 256);
  const steps = assertPositiveInteger(fn, 'options.steps', options.steps ?? 20);
  const N = assertPositiveInteger(fn, 'options.samples', options.samples ?? 32);
  const h = options.step ?? 0.01;
  if (!(typeof h === 'number' && h > 0 && Number.isFinite(h))) {
    throw new RangeError(`${fn}: options.step must be a finite number > 0, got ${show(options.step)}`);
  }
  const method = options.method ?? 'rk4';
  if (method !== 'rk4' && method !== 'dopri5') {
    throw new RangeError(`${fn}: options.method must be 'rk4' or 'dopri5', got ${show(options.method)}`);
  }
  const widths = options.widths ?? [8, 16, 16, 1];
  const rng = createRng(options.seed ?? 1);
  const n0 = widths[0]!;
  const nL = widths[widths.length - 1]!;
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths,
    activation: 'relu',
    bias: true,
    loss: { type: 'mse', samples: N, X: rng.normals(N * n0), Y: rng.normals(N * nL) },
  };
  let D = 0;
  for (let l = 1; l < widths.length; l++) D += widths[l]! * (widths[l - 1]! + 1);
  const theta0 = rng.normals(batch * D, 0.5);
  const flops = flopsPerEvaluation(widths, N);
  /** Options of a run over `n` steps of h (RK4), or over the same span adaptively (DOPRI5). */
  const optionsFor = (n: number): BatchIntegrateOptions =>
    method === 'rk4'
      ? { times: [0, n * h], method: 'rk4', step: h }
      : { times: [0, n * h], rtol: 1e-5, atol: 1e-7 };
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
  return { problem, theta0, batch, steps, D, optionsFor, summarize };
}
