/**
 * The ensemble page's computation: B gradient flows of one layered ReLU network at once, each from
 * its own initialization whose conserved quantities h_v (MATH.md §1) are set to a chosen value λ_b
 * by rescaling; then how the law value at initialization relates to where training ends. The
 * backend (gpu.js WebGL2 in the browser, or the CPU float64 reference) is passed in, and the name
 * of the one that really ran is reported. Pure apart from the backend.
 */
import { forward, initGaussian, parseNetwork, rescaleToLaws } from '@idyn/graph';
import type { Backend, BatchIntegrateResult, LayeredFlowProblem } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import type { AppState } from './state.js';

export type EnsembleInput = Pick<AppState, 'ensNet' | 'members' | 'ensT' | 'ensSeed'>;

/** Samples of the synthetic regression data set. */
export const ENSEMBLE_SAMPLES = 32;
/** Output times. */
export const ENSEMBLE_FRAMES = 21;
/** Fixed RK4 steps per unit time. */
export const STEPS_PER_UNIT = 50;
/** Range of the law values λ_b at initialization. */
export const LAMBDA_RANGE = 1.5;

/** The data set, initial states and problem of an ensemble (shared by the run and the bench). */
export interface EnsembleSetup {
  widths: number[];
  problem: LayeredFlowProblem;
  y0: Float64Array;
  lambdas: Float64Array;
  X: Float64Array;
  Y: Float64Array;
  dim: number;
  times: number[];
  step: number;
}

/** Builds the data set (targets of a seeded teacher network) and B initial states with h_v = λ_b. */
export function setupEnsemble(input: EnsembleInput, members = input.members): EnsembleSetup {
  const widths = input.ensNet.split('-').map(Number);
  if (widths.length < 3)
    throw new RangeError(`ensemble: network ${input.ensNet} needs at least one hidden layer`);
  const net = parseNetwork(`relu:${input.ensNet}`);
  const rng = createRng(input.ensSeed);
  const nIn = widths[0]!;
  const X = rng.normals(ENSEMBLE_SAMPLES * nIn);
  const teacher = initGaussian(net, { seed: (input.ensSeed + 7919) % 2 ** 32, scale: 'he' });
  const Y = forward(net, teacher, X, ENSEMBLE_SAMPLES).outputs;
  const D = net.D;
  const y0 = new Float64Array(members * D);
  const lambdas = new Float64Array(members);
  const target = new Float64Array(net.lawNodes.length);
  for (let b = 0; b < members; b++) {
    const lambda = members === 1 ? 0 : -LAMBDA_RANGE + (2 * LAMBDA_RANGE * b) / (members - 1);
    lambdas[b] = lambda;
    target.fill(lambda);
    const theta = initGaussian(net, { seed: (input.ensSeed * 100003 + b) % 2 ** 32, scale: 'he' });
    y0.set(rescaleToLaws(net, theta, target).theta, b * D);
  }
  const times = Array.from({ length: ENSEMBLE_FRAMES }, (_, i) => (input.ensT * i) / (ENSEMBLE_FRAMES - 1));
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths,
    activation: 'relu',
    bias: false,
    loss: { type: 'mse', samples: ENSEMBLE_SAMPLES, X, Y },
  };
  return { widths, problem, y0, lambdas, X, Y, dim: D, times, step: 1 / STEPS_PER_UNIT };
}

/** What the ensemble page draws. */
export interface EnsembleOutput {
  backend: string;
  precision: string;
  members: number;
  dim: number;
  times: number[];
  lambdas: number[];
  /** Loss of each member at each output time, [member][time] (NaN after a member stopped). */
  loss: number[][];
  finalLoss: number[];
  /** ‖θ(T)‖² per member. */
  finalNorm: number[];
  /** max over members of the law drift reported by the backend (float32 on the GPU). */
  maxLawDrift: number;
  stopped: number;
  seconds: number;
  trajectorySteps: number;
}

/** Runs the ensemble on a backend; `seconds` is the wall time of `integrateBatch` alone. */
export async function runEnsemble(input: EnsembleInput, backend: Backend): Promise<EnsembleOutput> {
  const s = setupEnsemble(input);
  const B = input.members;
  const t0 = performance.now();
  const r = (await backend.integrateBatch(s.problem, s.y0, B, {
    times: s.times,
    method: 'rk4',
    step: s.step,
  })) as BatchIntegrateResult & {
    backendUsed?: string;
    lawDrift?: Float64Array;
  };
  const seconds = (performance.now() - t0) / 1000;
  const net = parseNetwork(`relu:${input.ensNet}`);
  const nt = s.times.length;
  const loss: number[][] = [];
  const finalLoss: number[] = [];
  const finalNorm: number[] = [];
  let stopped = 0;
  for (let b = 0; b < B; b++) {
    const row: number[] = [];
    for (let i = 0; i < nt; i++) {
      const theta = r.y.subarray((b * nt + i) * s.dim, (b * nt + i + 1) * s.dim);
      if (!Number.isFinite(theta[0]!)) {
        row.push(Number.NaN);
        continue;
      }
      const out = forward(net, theta, s.X, ENSEMBLE_SAMPLES).outputs;
      let l = 0;
      for (let j = 0; j < out.length; j++) l += (out[j]! - s.Y[j]!) ** 2;
      row.push(l / (2 * ENSEMBLE_SAMPLES));
    }
    loss.push(row);
    finalLoss.push(row[nt - 1]!);
    const last = r.y.subarray((b * nt + nt - 1) * s.dim, (b * nt + nt) * s.dim);
    let norm = 0;
    for (const v of last) norm += v * v;
    finalNorm.push(norm);
    if (r.status[b] !== 'success') stopped++;
  }
  let maxLawDrift = 0;
  if (r.lawDrift !== undefined)
    for (const v of r.lawDrift) if (Number.isFinite(v)) maxLawDrift = Math.max(maxLawDrift, v);
  return {
    backend: r.backendUsed ?? r.backend,
    precision: backend.precision,
    members: B,
    dim: s.dim,
    times: s.times,
    lambdas: Array.from(s.lambdas),
    loss,
    finalLoss,
    finalNorm,
    maxLawDrift,
    stopped,
    seconds,
    trajectorySteps: B * Math.round(input.ensT / s.step),
  };
}

/** One bench measurement: trajectory-steps per second of a backend on the ensemble problem. */
export interface BenchPoint {
  backend: string;
  members: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
}

/** Times `integrateBatch` (RK4, fixed step) on `members` flows for `steps` steps. */
export async function benchBackend(
  input: EnsembleInput,
  backend: Backend,
  members: number,
  steps: number,
): Promise<BenchPoint> {
  const s = setupEnsemble(input, members);
  const T = steps * s.step;
  const t0 = performance.now();
  const r = (await backend.integrateBatch(s.problem, s.y0, members, {
    times: [0, T],
    method: 'rk4',
    step: s.step,
  })) as BatchIntegrateResult & {
    backendUsed?: string;
  };
  const seconds = (performance.now() - t0) / 1000;
  return {
    backend: r.backendUsed ?? r.backend,
    members,
    steps,
    seconds,
    stepsPerSecond: (members * steps) / seconds,
  };
}
