/**
 * The flow lab's computation, from the URL state to plain arrays: θ-flow and intrinsic z-flow side
 * by side. ReLU (and any DAG) networks use `@idyn/intrinsic` (`pathIntrinsicModel` +
 * `compareFlows`, path-lifting z = Φ(θ)); layered linear networks (`linear:n0-…-nL`) use
 * `@idyn/linear-ode` (`compareLinearFlows`, z = U_L⋯U_1), where the relaxed balanced inits live.
 * Pure (no DOM): it runs in the worker, and the browser test runs it in Node to get the expected
 * deviation for the same URL state.
 */
import { initBalanced, initGaussian, type Network, rescalingLaws, forward } from '@idyn/graph';
import { compareFlows, type FlowLoss, pathIntrinsicModel } from '@idyn/intrinsic';
import { createRng, Matrix } from '@idyn/linalg';
import {
  compareLinearFlows,
  type LinearLoss,
  relaxedBalancedDeep,
  relaxedBalancedTwoLayer,
  syntheticLoss,
} from '@idyn/linear-ode';
import { readSpec, validateSpec } from './netEdit.js';
import type { AppState } from './state.js';

/** The part of the state the flow depends on. */
export type FlowInput = Pick<
  AppState,
  'net' | 'init' | 'seed' | 'scale' | 'lambda' | 'loss' | 'lossSeed' | 'csv' | 'T'
>;

/** Number of output times (frames of the animation). */
export const FLOW_FRAMES = 61;
/** Coordinates drawn in the trajectory overlay. */
export const SHOWN_COORDINATES = 6;
/**
 * Step cap of each DOPRI5 integration: a stiff or blowing-up run stops with status 'max-steps'
 * (and a message on the page) in seconds instead of grinding through the solver's default 1e6.
 */
export const MAX_FLOW_STEPS = 20000;
/** Quartic coefficient of the synthetic loss (MATH.md §5). */
export const QUARTIC = 0.1;

/** Everything the flow lab draws. */
export interface FlowOutput {
  /** 'path' (`@idyn/intrinsic`) or 'linear' (`@idyn/linear-ode`). */
  method: 'path' | 'linear';
  /** Which intrinsic metric was used, in words. */
  model: string;
  times: number[];
  d: number;
  D: number;
  /** Labels of the drawn coordinates of z. */
  zLabels: string[];
  /** Per drawn coordinate, φ(θ(t)) and z(t). */
  zTheta: number[][];
  zIntrinsic: number[][];
  /** max_p |φ(θ(t)) − z(t)| per time. */
  deviation: number[];
  maxDeviation: number;
  /** Per law (or one aggregate series), |h(θ(t)) − h(θ(0))|. */
  lawDrift: number[][];
  lawLabels: string[];
  maxLawDrift: number;
  /** Loss along each flow (z-flow: null where the loss needs θ). */
  lossTheta: number[];
  lossIntrinsic: number[] | null;
  /** Why the run stopped early, or null when both flows reached T. */
  stopped: string | null;
  notes: string[];
}

/** A one-line error for the page. */
export class FlowSetupError extends Error {}

/** Parses a pasted data set: one sample per line, `nIn` inputs then `nOut` outputs. */
export function parseCsv(
  text: string,
  nIn: number,
  nOut: number,
): { X: Float64Array; Y: Float64Array; samples: number } {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  // a header row (non-numeric first cell) is skipped
  if (rows.length > 0 && !/^[-+.\d]/.test(rows[0]!)) rows.shift();
  if (rows.length === 0)
    throw new FlowSetupError(`CSV data: no rows; expected ${nIn} input and ${nOut} output columns per line`);
  const width = nIn + nOut;
  const X = new Float64Array(rows.length * nIn);
  const Y = new Float64Array(rows.length * nOut);
  rows.forEach((row, s) => {
    const cells = row.split(/[,;\t ]+/).filter((c) => c.length > 0);
    if (cells.length !== width) {
      throw new FlowSetupError(
        `CSV data: line ${s + 1} has ${cells.length} columns, expected ${width} (${nIn} inputs + ${nOut} outputs)`,
      );
    }
    cells.forEach((c, j) => {
      const v = Number(c);
      if (!Number.isFinite(v))
        throw new FlowSetupError(`CSV data: line ${s + 1}, column ${j + 1} is '${c}', not a finite number`);
      if (j < nIn) X[s * nIn + j] = v;
      else Y[s * nOut + j - nIn] = v;
    });
  });
  return { X, Y, samples: rows.length };
}

/** The widths of a `linear:n0-…-nL` preset (no bias), or null. */
export function linearWidths(net: string): number[] | null {
  const m = /^linear:(\d+(?:-\d+)+)$/.exec(net.trim());
  return m === null ? null : m[1]!.split('-').map(Number);
}

function outputTimes(T: number): number[] {
  return Array.from({ length: FLOW_FRAMES }, (_, i) => (T * i) / (FLOW_FRAMES - 1));
}

function columns(data: ArrayLike<number>, rows: number, cols: number, take: number): number[][] {
  const k = Math.min(cols, take);
  return Array.from({ length: k }, (_, j) => Array.from({ length: rows }, (_, i) => data[i * cols + j]!));
}

function syntheticValue(z: ArrayLike<number>, Y: ArrayLike<number>): number {
  let f = 0;
  for (let p = 0; p < z.length; p++) f += 0.5 * (z[p]! - Y[p]!) ** 2 + (QUARTIC / 4) * z[p]! ** 4;
  return f;
}

function initTheta(net: Network, input: FlowInput): Float64Array {
  const opts = { seed: input.seed, scale: input.scale };
  return input.init === 'balanced' ? initBalanced(net, opts) : initGaussian(net, opts);
}

/** Runs both flows for the state; throws {@link FlowSetupError} (or a package's RangeError) with a one-line message. */
export function runFlow(input: FlowInput): FlowOutput {
  const read = readSpec(input.net);
  if (read.spec === null) throw new FlowSetupError(`network: ${read.error}`);
  const v = validateSpec(read.spec);
  if (v.net === null) throw new FlowSetupError(`network: ${v.error}`);
  const widths = linearWidths(input.net);
  return widths !== null ? runLinear(v.net, widths, input) : runPath(v.net, input);
}

function runPath(net: Network, input: FlowInput): FlowOutput {
  if (input.init === 'relaxed') {
    throw new FlowSetupError(
      'init: relaxed balanced needs a layered linear network (e.g. linear:2-3-2); pick Gaussian or balanced here',
    );
  }
  if (net.hidden.some((v) => net.nodes[v]!.activation === 'maxpool')) {
    throw new FlowSetupError(
      'network: the intrinsic flow is implemented for ReLU/identity neurons; remove the max-pool neurons',
    );
  }
  const theta0 = initTheta(net, input);
  const model = pathIntrinsicModel(net, theta0);
  const lift = model.lifting;
  const { d, D } = lift;
  const times = outputTimes(input.T);
  let loss: FlowLoss;
  let Yz: Float64Array | null = null;
  let data: { X: Float64Array; Y: Float64Array; samples: number } | null = null;
  if (input.loss === 'synthetic') {
    Yz = createRng(input.lossSeed).normals(d);
    loss = { type: 'synthetic', Y: Yz, quartic: QUARTIC };
  } else {
    data = parseCsv(input.csv, net.inputs.length, net.outputs.length);
    loss = { type: 'mse', ...data };
  }
  const r = divergenceGuard(() => compareFlows(model, { loss, times, maxSteps: MAX_FLOW_STEPS }));
  const n = r.times.length;
  const h0 = rescalingLaws(net, theta0);
  const lawDrift: number[][] = Array.from(h0, () => new Array<number>(n).fill(0));
  const lossTheta: number[] = [];
  const lossIntrinsic: number[] | null = Yz === null ? null : [];
  for (let i = 0; i < n; i++) {
    const theta = r.theta.subarray(i * D, (i + 1) * D);
    const h = rescalingLaws(net, theta);
    for (let k = 0; k < h.length; k++) lawDrift[k]![i] = Math.abs(h[k]! - h0[k]!);
    if (Yz !== null) {
      lossTheta.push(syntheticValue(r.zTheta.subarray(i * d, (i + 1) * d), Yz));
      lossIntrinsic!.push(syntheticValue(r.zIntrinsic.subarray(i * d, (i + 1) * d), Yz));
    } else {
      const { X, Y, samples } = data!;
      const out = forward(net, theta, X, samples).outputs;
      let s = 0;
      for (let j = 0; j < out.length; j++) s += (out[j]! - Y[j]!) ** 2;
      lossTheta.push(s / (2 * samples));
    }
  }
  return {
    method: 'path',
    model: `path-lifting intrinsic metric K(z) = M(θ*(z)) (${model.name})`,
    times: Array.from(r.times),
    d,
    D,
    zLabels: lift.zLabels.slice(0, SHOWN_COORDINATES),
    zTheta: columns(r.zTheta, n, d, SHOWN_COORDINATES),
    zIntrinsic: columns(r.zIntrinsic, n, d, SHOWN_COORDINATES),
    deviation: Array.from(r.deviation),
    maxDeviation: r.maxDeviation,
    lawDrift,
    lawLabels: net.lawNodes.map((v) => `h(${net.nodes[v]!.id})`),
    maxLawDrift: r.lawDrift,
    lossTheta,
    lossIntrinsic,
    stopped: stoppedMessage(
      r.status.theta,
      r.message.theta,
      r.status.intrinsic,
      r.message.intrinsic,
      n,
      times.length,
    ),
    notes:
      r.recovery === null
        ? []
        : [
            `recovery: ${r.recovery.stats.recoveries} recoveries, fibre residual ${r.recovery.fibreResidual.toExponential(1)}`,
          ],
  };
}

/**
 * Runs a flow comparison; a non-finite value met inside the solver (the packages' validators throw
 * on it) is reported as a divergence, with the package's message.
 */
function divergenceGuard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (/finite|Infinity|NaN/i.test(message)) {
      throw new FlowSetupError(`the flow diverged (values overflowed to non-finite numbers): ${message}`);
    }
    throw error;
  }
}

function stoppedMessage(
  st: string,
  mt: string,
  si: string,
  mi: string,
  reached: number,
  requested: number,
): string | null {
  const parts: string[] = [];
  if (st !== 'success') parts.push(`θ-flow ${st}: ${mt}`);
  if (si !== 'success') parts.push(`z-flow ${si}: ${mi}`);
  if (parts.length === 0 && reached < requested)
    parts.push(`stopped after ${reached} of ${requested} output times`);
  return parts.length === 0 ? null : parts.join('; ');
}

function linearWeights(net: Network, widths: number[], input: FlowInput): Matrix[] {
  const L = widths.length - 1;
  if (input.init === 'relaxed') {
    if (L === 2) {
      return relaxedBalancedTwoLayer(widths, input.lambda, { seed: input.seed }).weights;
    }
    if (widths.every((w) => w === widths[0])) {
      return relaxedBalancedDeep(widths[0]!, new Array<number>(L - 1).fill(input.lambda), {
        seed: input.seed,
      }).weights;
    }
    throw new FlowSetupError(
      `init: relaxed balanced needs two layers or square layers, got widths ${widths.join('-')}`,
    );
  }
  const theta = initTheta(net, input);
  const weights: Matrix[] = [];
  let offset = 0;
  for (let l = 1; l <= L; l++) {
    const rows = widths[l]!;
    const cols = widths[l - 1]!;
    const W = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) W.set(i, j, theta[offset + i * cols + j]!);
    offset += rows * cols;
    weights.push(W);
  }
  return weights;
}

function mseLinearLoss(
  X: Float64Array,
  Y: Float64Array,
  samples: number,
  nIn: number,
  nOut: number,
): LinearLoss {
  const residual = (z: Matrix): Float64Array => {
    const R = new Float64Array(samples * nOut);
    for (let s = 0; s < samples; s++)
      for (let i = 0; i < nOut; i++) {
        let acc = -Y[s * nOut + i]!;
        for (let j = 0; j < nIn; j++) acc += z.get(i, j) * X[s * nIn + j]!;
        R[s * nOut + i] = acc;
      }
    return R;
  };
  return {
    value(z) {
      const R = residual(z);
      let f = 0;
      for (const r of R) f += r * r;
      return f / (2 * samples);
    },
    gradient(z) {
      const R = residual(z);
      const G = new Matrix(nOut, nIn);
      for (let s = 0; s < samples; s++)
        for (let i = 0; i < nOut; i++)
          for (let j = 0; j < nIn; j++)
            G.set(i, j, G.get(i, j) + (R[s * nOut + i]! * X[s * nIn + j]!) / samples);
      return G;
    },
  };
}

function runLinear(net: Network, widths: number[], input: FlowInput): FlowOutput {
  const nIn = widths[0]!;
  const nOut = widths[widths.length - 1]!;
  const weights = linearWeights(net, widths, input);
  const loss =
    input.loss === 'synthetic'
      ? syntheticLoss(nOut, nIn, { seed: input.lossSeed })
      : (() => {
          const { X, Y, samples } = parseCsv(input.csv, nIn, nOut);
          return mseLinearLoss(X, Y, samples, nIn, nOut);
        })();
  const times = outputTimes(input.T);
  const r = divergenceGuard(() => compareLinearFlows(weights, { loss, times }));
  const n = r.times.length;
  const flat = (ms: Matrix[]) => {
    const out = new Float64Array(n * nOut * nIn);
    for (let i = 0; i < n; i++) out.set(ms[i]!.to1DArray(), i * nOut * nIn);
    return out;
  };
  const d = nOut * nIn;
  const D = weights.reduce((s, w) => s + w.rows * w.columns, 0);
  const zLabels: string[] = [];
  for (let i = 0; i < nOut && zLabels.length < SHOWN_COORDINATES; i++)
    for (let j = 0; j < nIn && zLabels.length < SHOWN_COORDINATES; j++) zLabels.push(`z[${i},${j}]`);
  const model =
    r.model.kind === 'two-layer'
      ? `two-layer relaxed balanced K(z), λ = ${r.model.lambda.toPrecision(4)} (fitted), r = ${r.model.r}`
      : r.model.kind === 'deep'
        ? `deep relaxed balanced K(z), λ = [${r.model.lambdas.map((l) => l.toPrecision(3)).join(', ')}] (fitted)`
        : `balanced (Arora) K(z), L = ${r.model.L}`;
  return {
    method: 'linear',
    model,
    times: Array.from(r.times),
    d,
    D,
    zLabels,
    zTheta: columns(flat(r.zTheta), n, d, SHOWN_COORDINATES),
    zIntrinsic: columns(flat(r.zIntrinsic), n, d, SHOWN_COORDINATES),
    deviation: Array.from(r.deviation),
    maxDeviation: r.maxDeviation,
    lawDrift: [Array.from(r.thetaFlow.lawDriftPerTime).slice(0, n)],
    lawLabels: ['max |h(θ(t)) − h(θ(0))| (matrix laws)'],
    maxLawDrift: r.lawDrift,
    lossTheta: r.zTheta.slice(0, n).map((z) => loss.value(z)),
    lossIntrinsic: r.zIntrinsic.slice(0, n).map((z) => loss.value(z)),
    stopped: stoppedMessage(
      r.status.theta,
      r.thetaFlow.message,
      r.status.intrinsic,
      r.intrinsicFlow.message,
      n,
      times.length,
    ),
    notes: [`initial residual from relaxed balanced: ${r.initialResidual.toExponential(2)}`],
  };
}

/** How the page prints the deviation (the browser test compares this text with the CLI/Node value). */
export function formatDeviation(x: number): string {
  return x.toExponential(2);
}
