import { quadraticLaws } from '@idyn/conservation';
import {
  ACTIVATIONS,
  mseGradient,
  type Network,
  nodeDepths,
  rescalingSymmetries,
  symmetryLaws,
} from '@idyn/graph';
import {
  type GradientStepsResult,
  gradientFlow,
  gradientSteps,
  gradientStepsCost,
  integrateCost,
  type LossFunction,
  type QuadraticLaw,
  type StochasticLoss,
  sweepEta,
} from '@idyn/integrators';
import { pathIntrinsicModel } from '@idyn/intrinsic';
import { countPaths, type Lifting } from '@idyn/lifting';
import { type Budget, type CostEstimate, checkBudget, Matrix, maxAbs } from '@idyn/linalg';
import { syntheticLoss } from '@idyn/linear-ode';
import type { DataSet } from '../parseDataSet.js';
import { checkResultSize } from './budget.js';
import { outputTimes } from './linear.js';
import { StudyInputError } from '../StudyInputError.js';
import type { LossSpec } from './loss.js';
import { type ResolvedNet, wrapInput } from './net.js';
import { oneLine } from './text.js';

/** Largest number of paths for which a θ-only run enumerates z = φ(θ(t)). */
export const Z_TRAJECTORY_PATHS = 10_000;

/** Largest relative residual of the discrete-step identity Δh = η² gᵀAg (MATH.md §7) a run passes with. */
export const IDENTITY_TOL = 1e-12;

/**
 * Why no intrinsic z-flow can run for this net, or null when `pathIntrinsicModel` applies: attention
 * (no intrinsic metric implemented), shared parameters, fixed-weight edges and activations without an
 * intrinsic metric (refused by `pathIntrinsicModel` itself, whose message is quoted).
 */
export function whyNoIntrinsicFlow(net: ResolvedNet, theta: Float64Array): string | null {
  if (net.liftingKind === 'attention')
    return 'no intrinsic z-flow: the intrinsic metric K(z) of the attention lifting is not implemented (MATH.md §7 gives its laws, not its metric); the theta-flow runs with the Gram-difference laws monitored';
  const network = net.network;
  if (network === undefined || net.liftingKind !== 'path') return null;
  const fixed = network.fixedWeight.some(
    (c, e) =>
      !Number.isNaN(c) &&
      ACTIVATIONS[network.nodes[network.edges[e]!.to]!.activation].combine !== 'selection',
  );
  const unsupported = network.hidden.some((v) => !ACTIVATIONS[network.nodes[v]!.activation].intrinsicMetric);
  if (!network.shared && !fixed && !unsupported) return null;
  try {
    pathIntrinsicModel(network, theta);
  } catch (error) {
    return `no intrinsic z-flow: ${oneLine((error as Error).message)}; the theta-flow runs with the symmetry laws monitored`;
  }
  return null;
}

/** The loss of a θ-only run: value and gradient, a stochastic form over samples, and z when enumerated. */
export interface ThetaLoss {
  /** (θ, g) ↦ L(θ), writing ∇L(θ) into g. */
  readonly loss: LossFunction;
  /** The same loss over sample batches (mean squared error only). */
  readonly stochastic: StochasticLoss | null;
  /** The lifting whose z the loss reads (synthetic), or that is small enough to print z; else null. */
  readonly lifting: Lifting | null;
  /** Number of lifted coordinates (paths of a network), exact up to 2^53. */
  readonly d: number;
  /** Work of one gradient evaluation, in elementary operations (for the budget of discrete steps). */
  readonly gradientWork: number;
}

/** Edges on the longest input-output path of a network. */
function depthOf(network: Network): number {
  return nodeDepths(network).reduce((a, b) => Math.max(a, b), 0);
}

/** The mean squared error of a network over the rows `batch` of a data set, by backpropagation. */
function networkMse(network: Network, data: DataSet): { loss: LossFunction; stochastic: StochasticLoss } {
  const nIn = network.inputs.length;
  const nOut = network.outputs.length;
  const loss: LossFunction = (theta, gradient) => {
    const r = mseGradient(network, theta, data.X, data.Y, data.samples);
    gradient.set(r.gradTheta);
    return r.loss;
  };
  const stochastic: StochasticLoss = {
    samples: data.samples,
    loss(theta, gradient, batch) {
      const X = new Float64Array(batch.length * nIn);
      const Y = new Float64Array(batch.length * nOut);
      batch.forEach((s, b) => {
        X.set(data.X.subarray(s * nIn, (s + 1) * nIn), b * nIn);
        Y.set(data.Y.subarray(s * nOut, (s + 1) * nOut), b * nOut);
      });
      const r = mseGradient(network, theta, X, Y, batch.length);
      gradient.set(r.gradTheta);
      return r.loss;
    },
  };
  return { loss, stochastic };
}

/** The sizes of a θ-only loss, known before it is built: z's size and the work of one gradient. */
export interface ThetaLossSizes {
  /** Number of lifted coordinates (paths of a network), exact up to 2^53. */
  readonly d: number;
  /** Whether z is small enough to enumerate (at most {@link Z_TRAJECTORY_PATHS} paths). */
  readonly small: boolean;
  /** Work of one gradient evaluation, in elementary operations. */
  readonly gradientWork: number;
}

/**
 * Sizes a θ-only loss without building it (no path enumerated): the mean squared error costs a
 * forward and a backward pass over every sample (about 4 operations an edge or node a sample); the
 * synthetic loss on z = φ(θ) costs z and its vjp: a product along every path (networks), the chain
 * U_L ⋯ U_1 (linear presets), the Gram products of every head (attention).
 * @throws StudyInputError as {@link thetaLoss} does: mse without a network, synthetic on a network
 *   with more than {@link Z_TRAJECTORY_PATHS} paths
 */
export function thetaLossSizes(
  study: string,
  net: ResolvedNet,
  loss: { readonly kind: string },
  samples: number,
): ThetaLossSizes {
  const network = net.network;
  const paths = network === undefined ? null : countPaths(network).total;
  const d = paths === null ? net.lifting().d : Number(paths);
  const small = paths === null || paths <= BigInt(Z_TRAJECTORY_PATHS);
  if (loss.kind === 'mse') {
    if (network === undefined)
      throw new StudyInputError('loss', `{loss} mse needs a network and {data}, got {net} '${net.label}'`, {
        study,
        standalone: true,
      });
    return { d, small, gradientWork: 4 * samples * (network.edges.length + network.nodes.length) };
  }
  if (!small && net.liftingKind === 'path')
    throw new StudyInputError(
      'loss',
      `{loss} synthetic is a loss on z = phi(theta), but {net} '${net.label}' has ${paths} paths (more than ${Z_TRAJECTORY_PATHS} are not enumerated): use {loss} mse with {data}`,
      { study, standalone: true },
    );
  const widths = net.widths;
  const a = net.attention;
  const gradientWork =
    4 *
    (network !== undefined && net.liftingKind === 'path'
      ? d * depthOf(network) + net.D
      : net.liftingKind === 'matrix' && widths !== undefined && widths.length > 1
        ? (widths.length - 1) * net.D * Math.max(...widths)
        : a !== undefined
          ? d * (a.k + a.v) + net.D
          : d * net.D);
  return { d, small, gradientWork };
}

/**
 * The loss of a θ-only run: the mean squared error on data (networks; by backpropagation, no
 * enumeration) or the synthetic loss of MATH.md §5 on z = φ(θ) (through the lifting's vjp: the
 * matrix z of a `linear:` preset, the row z of every other lifting).
 * @throws StudyInputError when the synthetic loss needs z of a net with too many paths, or mse a network
 */
export function thetaLoss(
  study: string,
  net: ResolvedNet,
  loss: LossSpec,
  data: DataSet | undefined,
): ThetaLoss {
  const { d, small, gradientWork } = thetaLossSizes(study, net, loss, data?.samples ?? 0);
  if (loss.kind === 'mse') {
    // thetaLossSizes has refused mse without a network
    if (data === undefined)
      throw new StudyInputError('loss', `{loss} mse needs a network and {data}, got {net} '${net.label}'`, {
        study,
        standalone: true,
      });
    const m = networkMse(net.network!, data);
    return {
      ...m,
      lifting: small ? wrapInput(study, 'net', net.label, () => net.lifting()) : null,
      d,
      gradientWork,
    };
  }
  const lifting = wrapInput(study, 'net', net.label, () => net.lifting());
  const seed = (loss as { seed: number }).seed;
  const widths = net.widths;
  // The matrix z = U_L ⋯ U_1 of a linear: preset is n_L × n_0 (as in compareLinearFlows); others a row.
  const [rows, cols] =
    net.liftingKind === 'matrix' && widths !== undefined
      ? [widths[widths.length - 1]!, widths[0]!]
      : [1, lifting.d];
  const f = syntheticLoss(rows, cols, { seed });
  const asMatrix = (z: Float64Array) => Matrix.from1DArray(rows, cols, Array.from(z));
  return {
    loss: (theta, gradient) => {
      const z = asMatrix(lifting.phi(theta));
      gradient.set(lifting.vjp(theta, Float64Array.from(f.gradient(z).to1DArray())));
      return f.value(z);
    },
    stochastic: null,
    lifting,
    d,
    gradientWork,
  };
}

/**
 * The known laws of a net and their quadratic forms: the rescaling-symmetry laws h = Σ ε_j θ_j² of a
 * network (per hidden neuron, convolution channel, residual stream; MATH.md §7; no enumeration), the
 * Gram differences of the matrix and attention liftings.
 */
export function knownQuadraticLaws(net: ResolvedNet): {
  values: (theta: Float64Array) => Float64Array;
  forms: QuadraticLaw[];
  labels: string[];
} {
  const network = net.network;
  if (network !== undefined && net.liftingKind === 'path') {
    const sym = rescalingSymmetries(network);
    return {
      values: (theta) => symmetryLaws(network, theta),
      forms: sym.symmetries.map((s) => ({ rows: s.params, cols: s.params, values: s.exponents })),
      labels: sym.symmetries.map((s) => {
        const first = network.nodes[s.support[0]!]!.id;
        return s.support.length === 1 ? `h(${first})` : `h(${first}, … ${s.support.length} neurons)`;
      }),
    };
  }
  const lifting = net.lifting();
  const known = lifting.knownLaws();
  const a = net.attention;
  // attentionLifting lists the entries a <= b of W_Q^T W_Q - W_K^T W_K (Hk x Hk), then of
  // W_O^T W_O - W_V^T W_V (Hv x Hv), heads concatenated.
  const gram = (name: string, r: number) =>
    Array.from({ length: r }, (_, i) =>
      Array.from({ length: r - i }, (_, j) => `${name}[${i},${i + j}]`),
    ).flat();
  const labels =
    a === undefined
      ? known.map((_, i) => `h${i + 1}`)
      : [...gram('(Q^T Q - K^T K)', a.heads * a.k), ...gram('(O^T O - V^T V)', a.heads * a.v)];
  return { values: (theta) => lifting.lawValues(theta), forms: quadraticLaws(known), labels };
}

/** What a θ-only gradient flow reports (the θ side of the flow result). */
export interface ThetaOnlyFlow {
  readonly times: number[];
  readonly zTheta: number[][];
  readonly zLabels: string[];
  readonly lossTheta: number[];
  readonly lawLabels: string[];
  readonly lawDriftPerLaw: number[][];
  readonly lawDriftPerTime: number[];
  readonly lawDrift: number;
  readonly lawScale: number;
  readonly status: string;
  readonly stats: { nfev: number; accepted: number; rejected: number };
  readonly message: string;
}

/** Per-law drift |h_k(θ(t)) − h_k(θ(0))| and its maximum per time, from the law values row-major [n, m]. */
function driftOf(laws: ArrayLike<number>, n: number, m: number) {
  const perLaw = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  const perTime = new Array<number>(n).fill(0);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < m; j++) {
      const dj = Math.abs(laws[k * m + j]! - laws[j]!);
      perLaw[j]![k] = dj;
      perTime[k] = Math.max(perTime[k]!, dj);
    }
  return { perLaw, perTime };
}

/**
 * The plan of a θ-only flow before it runs: the known laws, the result's size (refused above one
 * JSON text, naming `times`) and the cost of the integration (`integrateCost` of a D-dimensional
 * flow, its right-hand side the loss's gradient). Shared by the flow study and `studyCost`.
 * @param sizes - the work of one gradient, and the size of z when it is enumerated (else 0)
 * @throws StudyInputError naming `times` above the result limit
 */
export function thetaOnlyFlowPlan(
  study: string,
  net: ResolvedNet,
  nTimes: number,
  sizes: { readonly gradientWork: number; readonly d: number },
): { laws: ReturnType<typeof knownQuadraticLaws>; cost: CostEstimate } {
  const laws = knownQuadraticLaws(net);
  const m = laws.forms.length;
  // per time: z (when enumerated), the drift of every law, the time, the loss and their maxima
  const perTime = sizes.d + m + 4;
  checkResultSize(study, 'times', nTimes, nTimes * perTime, `${nTimes} output times of ${perTime} numbers`);
  const base = integrateCost({ problem: { dim: net.D }, times: nTimes });
  const steps = 200 + 2 * nTimes;
  return {
    laws,
    cost: {
      task: 'flow',
      action: 'integrating the theta-flow',
      memoryBytes: base.memoryBytes + 8 * nTimes * (m + sizes.d + 2),
      // DOPRI5: 7 stages a step, each a gradient and the stage combinations
      work: steps * 7 * (sizes.gradientWork + 20 * net.D),
      sizes: { D: net.D, d: sizes.d, times: nTimes },
    },
  };
}

/** The θ-flow of a net without an intrinsic flow, DOPRI5, with its known laws monitored. */
export function runThetaOnlyFlow(
  study: string,
  net: ResolvedNet,
  theta0: Float64Array,
  loss: ThetaLoss,
  solver: { T: number; times: number; rtol: number; atol: number; maxSteps: number; budget?: Budget },
): ThetaOnlyFlow {
  const nTimes = solver.times;
  const { laws, cost } = thetaOnlyFlowPlan(study, net, nTimes, {
    gradientWork: loss.gradientWork,
    d: loss.lifting?.d ?? 0,
  });
  checkBudget(cost, solver.budget);
  const { T, times: _n, ...rest } = solver;
  // the output times are allocated only once the result's size is known to fit
  const r = gradientFlow(loss.loss, theta0, { ...rest, times: outputTimes(T, nTimes), laws: laws.values });
  const n = r.t.length;
  const m = r.lawCount;
  const D = theta0.length;
  const { perLaw, perTime } = driftOf(r.laws, n, m);
  const lifting = loss.lifting;
  const zTheta: number[][] = [];
  if (lifting !== null)
    for (let k = 0; k < n; k++) zTheta.push(Array.from(lifting.phi(r.y.subarray(k * D, (k + 1) * D))));
  const h0 = laws.values(theta0);
  return {
    times: Array.from(r.t),
    zTheta,
    zLabels: lifting === null ? [] : lifting.zLabels.slice(0, lifting.d),
    lossTheta: Array.from(r.loss),
    lawLabels: laws.labels,
    lawDriftPerLaw: perLaw,
    lawDriftPerTime: perTime,
    lawDrift: r.maxLawDrift,
    lawScale: Math.max(1, maxAbs(h0)),
    status: r.status,
    stats: { nfev: r.stats.nfev, accepted: r.stats.accepted, rejected: r.stats.rejected },
    message: r.message,
  };
}

/** Options of a discrete-step run. */
export interface DiscreteOptions {
  readonly etas: readonly number[];
  readonly T: number;
  readonly batchSize?: number;
  readonly seed: number;
  /** Memory and work budget of the whole run (`gradientStepsCost` over every step size). */
  readonly budget?: Budget;
}

/** What discrete gradient steps report (the `discrete` and `sweep` fields of the flow result). */
export interface DiscreteRun {
  readonly run: GradientStepsResult;
  readonly lawLabels: string[];
  readonly lawScale: number;
  readonly sweep: {
    T: number;
    etas: number[];
    steps: number[];
    finalDrift: number[];
    maxIdentityResidual: number[];
    slope: number;
    intercept: number;
    r2: number;
  } | null;
}

/**
 * The plan of discrete runs before any step: the known laws (refused when there are none), K = T/η
 * steps per step size (each η must divide T), the result's size (refused above one JSON text) and
 * the cost of all the runs together (`gradientStepsCost` with the loss's gradient work, scaled to a
 * mini-batch). Shared by the flow study and `studyCost`.
 * @param sizes - the work of one full gradient and the number of samples (0 without data)
 * @throws StudyInputError naming `method`, `batchSize` or `eta` as the flow study does
 */
export function discreteStepsPlan(
  study: string,
  net: ResolvedNet,
  options: { readonly etas: readonly number[]; readonly T: number; readonly batchSize?: number },
  sizes: { readonly gradientWork: number; readonly samples: number },
): { laws: ReturnType<typeof knownQuadraticLaws>; steps: number[]; cost: CostEstimate } {
  const laws = knownQuadraticLaws(net);
  if (laws.forms.length === 0)
    throw new StudyInputError(
      'method',
      `{method} gd checks the known laws, but {net} '${net.label}' has none`,
      {
        study,
        standalone: true,
      },
    );
  if (options.batchSize !== undefined && sizes.samples === 0)
    throw new StudyInputError('batchSize', '{batchSize} needs a loss over samples: {loss} mse with {data}', {
      study,
      standalone: true,
    });
  const steps = options.etas.map((eta, i) => {
    const ratio = options.T / eta;
    const K = Math.round(ratio);
    if (K < 1 || Math.abs(ratio - K) > 1e-9 * ratio)
      throw new StudyInputError(
        options.etas.length === 1 ? 'eta' : `eta[${i}]`,
        `${eta} does not divide {T} = ${options.T} into a whole number of steps (T/eta = ${ratio})`,
        { study, value: eta },
      );
    return K;
  });
  const m = laws.forms.length;
  // the result lists, per step of the first step size: time, step, loss, identity residual, the
  // drift of every law and their maximum
  checkResultSize(
    study,
    'eta',
    options.etas.join(','),
    (steps[0]! + 1) * (m + 5),
    `${steps[0]} steps of ${m + 5} numbers`,
  );
  const cost = gradientStepsCost({
    D: net.D,
    steps: steps.reduce((a, b) => a + b, 0),
    laws: m,
    lawTerms: laws.forms.reduce((n, q) => n + q.values.length, 0),
    gradientWork:
      options.batchSize === undefined
        ? sizes.gradientWork
        : (sizes.gradientWork * options.batchSize) / sizes.samples,
  });
  return { laws, steps, cost };
}

/**
 * Gradient descent (or seeded mini-batch SGD) θ_{k+1} = θ_k − η g_k for K = T/η steps with the known
 * quadratic laws, checking MATH.md §7's identity Δh = η² gᵀAg at every step (`gradientSteps`); with
 * several η, the sweep at fixed T and the fitted log-log slope of the final drift (`sweepEta`).
 * @throws StudyInputError on `eta` (not dividing T, a run that stopped early or has zero drift) and
 *   `batchSize` (no samples)
 */
export function runDiscreteSteps(
  study: string,
  net: ResolvedNet,
  theta0: Float64Array,
  loss: ThetaLoss,
  options: DiscreteOptions,
): DiscreteRun {
  const {
    laws,
    steps: Ks,
    cost,
  } = discreteStepsPlan(study, net, options, {
    gradientWork: loss.gradientWork,
    samples: loss.stochastic?.samples ?? 0,
  });
  checkBudget(cost, options.budget);
  const lossArg = options.batchSize === undefined || loss.stochastic === null ? loss.loss : loss.stochastic;
  const common = {
    laws: laws.forms,
    seed: options.seed,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  };
  const lawScale = Math.max(1, maxAbs(laws.values(theta0)));
  if (options.etas.length === 1) {
    const eta = options.etas[0]!;
    const run = wrapInput(study, 'eta', eta, () =>
      gradientSteps(lossArg, theta0, { ...common, eta, steps: Ks[0]! }),
    );
    return { run, lawLabels: laws.labels, lawScale, sweep: null };
  }
  const s = wrapInput(study, 'eta', options.etas.join(','), () =>
    sweepEta(lossArg, theta0, { ...common, T: options.T, etas: options.etas }),
  );
  return {
    run: s.runs[0]!,
    lawLabels: laws.labels,
    lawScale,
    sweep: {
      T: s.T,
      etas: Array.from(s.etas),
      steps: Array.from(s.steps),
      finalDrift: Array.from(s.finalDrift),
      maxIdentityResidual: Array.from(s.maxIdentityResidual),
      slope: s.slope,
      intercept: s.intercept,
      r2: s.r2,
    },
  };
}

/** Per-law drift and its maximum per step of a discrete run. */
export function discreteDrift(run: GradientStepsResult): { perLaw: number[][]; perTime: number[] } {
  return driftOf(run.laws, run.steps + 1, run.lawCount);
}
