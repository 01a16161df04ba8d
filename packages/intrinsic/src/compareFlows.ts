import { forward, mseGradient, type Network } from '@idyn/graph';
import { type EventRecord, type IntegrateStats, type IntegrationStatus, integrate } from '@idyn/integrators';
import type { PathLifting } from '@idyn/lifting';
import {
  type Budget,
  checkBudget,
  checkInteger,
  describeValue,
  firstNonFinite,
  maxAbs,
  maxAbsDiff,
  OverflowError,
  singularValues,
} from '@idyn/linalg';
import { compareFlowsCost } from './compareFlowsCost.js';
import type { IntrinsicModel, RecoveryStats } from './IntrinsicModel.js';
import { stackedJacobian } from './internal/fibre.js';
import { type LawStructure, lawStructure } from './internal/lawStructure.js';
import { checkNumber, checkVector } from './internal/validate.js';

/**
 * The loss of a flow comparison.
 * - `synthetic`: MATH.md §5 on z, f(z) = ½‖z − Y‖² + (quartic/4) Σ z⁴, ∇f = (z − Y) + quartic z³.
 * - `mse`: data, L = 1/(2N) Σ_s ‖net(x_s) − y_s‖² for models that carry a network (path models);
 *   X is N x nIn, Y is N x nOut, row-major. The z-flow evaluates the network at theta*(z).
 * - `function`: any ∇f(z) given as a function of z (length d).
 */
export type FlowLoss =
  | { readonly type: 'synthetic'; readonly Y: ArrayLike<number>; readonly quartic?: number }
  | {
      readonly type: 'mse';
      readonly X: ArrayLike<number>;
      readonly Y: ArrayLike<number>;
      readonly samples: number;
    }
  | { readonly type: 'function'; gradient(z: Float64Array): ArrayLike<number> };

/** Options of {@link compareFlows}. */
export interface CompareFlowsOptions {
  /** The loss (required). */
  loss: FlowLoss;
  /** Shared output times, nondecreasing, starting at t0. @default [0, tEnd] */
  times?: ArrayLike<number>;
  /** End time when `times` is absent. @default 1 */
  tEnd?: number;
  /** DOPRI5 relative tolerance of both flows. @default 1e-11 */
  rtol?: number;
  /** DOPRI5 absolute tolerance of both flows. @default 1e-12 */
  atol?: number;
  /** Step cap of each integration. @default 1e6 */
  maxSteps?: number;
  /**
   * Re-project the theta-flow onto the leaf {h = laws} at every output time (`model.reproject`),
   * integrating piecewise between output times. Off by default: the laws are conserved by the exact
   * flow and DOPRI5 drifts them only at the tolerance.
   * @default false
   */
  reprojectTheta?: boolean;
  /** Memory and work budget, checked before integrating ({@link compareFlowsCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
}

/** Recovery diagnostics of {@link CompareFlowsResult} (models with `representative`). */
export interface FlowRecovery {
  /** max over output times of max_p |Phi_p(theta*) − z_p| / max_p |z_p| at the intrinsic z. */
  readonly fibreResidual: number;
  /** max over output times of max_v |h_v(theta*) − h0_v|. */
  readonly lawResidual: number;
  /**
   * max over output times of max_k |theta*_k(z_intrinsic(t)) − theta_k(t)|: the recovered
   * parameters against the theta-flow's (zero up to the solver error on the right leaf).
   */
  readonly thetaDeviation: number;
  /** Counters of every recovery made during the z-flow. */
  readonly stats: RecoveryStats;
}

/**
 * A crossing of a non-recoverable point by the theta-flow (see
 * {@link CompareFlowsResult.singularCrossings}): the only outgoing (or the only incoming, with no
 * bias) parameter of a hidden neuron changes sign. At the crossing every path through the neuron
 * vanishes, so z does not see the neuron's other weights: [DPhi; Dh] loses rank, several
 * non-equivalent points of the leaf share z, M differs between them, and the intrinsic ODE
 * z' = −K(z) ∇f(z) has no unique continuation (MATH.md §3, recoverability).
 */
export interface SingularCrossing {
  /** Time of the sign change, located on the theta-flow's dense output (DOPRI5 event). */
  readonly t: number;
  /** Id of the hidden neuron. */
  readonly neuron: string;
  /** Name of the parameter that vanishes (`net.paramNames`). */
  readonly parameter: string;
  /** Whether it is the neuron's only outgoing or only incoming parameter. */
  readonly side: 'outgoing' | 'incoming';
  /** theta at the crossing (the vanishing parameter is 0 up to the event location). */
  readonly theta: Float64Array;
  /**
   * D − rank [DPhi; Dh] at theta with the vanishing parameter set to 0 (singular values below
   * 1e-9 σ_max): the local dimension of the set of leaf points with the same z. For a neuron with
   * k other incident parameters (incoming weights and bias for an outgoing crossing) it is k − 1.
   */
  readonly rankDeficiency: number;
}

/** Result of {@link compareFlows}. */
export interface CompareFlowsResult {
  /** Output times reached by both flows. */
  readonly times: Float64Array;
  /** Number of lifted coordinates d. */
  readonly d: number;
  /** Number of parameters D. */
  readonly D: number;
  /** z = phi(theta(t)) from the theta-flow, row-major [times, d]. */
  readonly zTheta: Float64Array;
  /** z(t) of the intrinsic flow z' = −K(z) ∇f(z), row-major [times, d]. */
  readonly zIntrinsic: Float64Array;
  /** theta(t) of the theta-flow, row-major [times, D]. */
  readonly theta: Float64Array;
  /** max_p |zTheta − zIntrinsic| at each time. */
  readonly deviation: Float64Array;
  /** The largest deviation. */
  readonly maxDeviation: number;
  /** maxDeviation / max |zTheta|. */
  readonly relativeDeviation: number;
  /** max over times of max_v |h_v(theta(t)) − h_v(theta0)| along the theta-flow. */
  readonly lawDrift: number;
  /**
   * For models with a network: min over output times and hidden neurons v of
   * min(Σ_in theta² + b_v², Σ_out theta²) along the theta-flow. Where it nears 0, a neuron's
   * incoming or outgoing weights all nearly vanish: theta is close to a non-recoverable point, the
   * recovery of theta* from z is ill-conditioned (errors grow like 1/margin) and the agreement of
   * the flows degrades. null for other models.
   */
  readonly neuronMargin: number | null;
  /**
   * For models with a network: σ_min / σ_max of the stacked Jacobian [DPhi; Dh] at theta(t), one
   * per output time; 0 where theta(t) is not recoverable (MATH.md §3). The error amplification of
   * the z-flow near a crossing grows like its inverse. null for other models.
   */
  readonly relativeSigmaMin: Float64Array | null;
  /**
   * For models with a network: every time the theta-flow crosses a non-recoverable point where a
   * hidden neuron's only outgoing (or only incoming, no bias) parameter changes sign — a
   * codimension-1 event, so a trajectory meets it generically (a neuron with a single outgoing edge
   * into a scalar output, e.g. `relu:2-3-3-1`). K is not a function of z there and the z-flow's
   * continuation is not determined by z: the z-flow follows the theta-flow only up to an error
   * amplified like 1/|weight| at its stages near the crossing, which afterwards persists in the
   * neuron's incoming (outgoing) weights and shows in z in proportion to the weight, i.e. a
   * deviation that grows with the weight after the crossing. Empty when nothing is crossed or for
   * models without a network. Simultaneous vanishing of two or more weights of a neuron is
   * non-generic and not watched (`neuronMargin` sees it at output times).
   */
  readonly singularCrossings: readonly SingularCrossing[];
  /** Recovery residuals of the intrinsic flow, or null for closed-form models. */
  readonly recovery: FlowRecovery | null;
  /** Integrator status of each flow (`'non-finite'` when the model fails during the z-flow). */
  readonly status: { readonly theta: IntegrationStatus; readonly intrinsic: IntegrationStatus };
  /** Integrator message of each flow (the model's error message when it failed). */
  readonly message: { readonly theta: string; readonly intrinsic: string };
  /** Solver stats (DOPRI5) of each flow. */
  readonly stats: { readonly theta: IntegrateStats; readonly intrinsic: IntegrateStats };
}

/**
 * Integrates the parameter-space gradient flow theta' = −Dphiᵀ ∇f(phi(theta)) from theta0 and the
 * intrinsic flow z' = −K(z) ∇f(z) from z0 = phi(theta0) side by side (DOPRI5 with dense output on
 * shared times) and measures how far z = phi(theta(t)) and z(t) are apart: the executable form of
 * the paper's main claim (MATH.md §3, §4). With the right leaf they agree to the solver tolerance;
 * with a wrong h0 or a model that is not intrinsic they visibly do not.
 *
 * With an `mse` loss both flows are piecewise smooth: the theta-flow uses the activation pattern
 * of theta(t), the z-flow that of theta*(z(t)), recomputed at every right-hand-side evaluation.
 * theta* reproduces the network function of theta(t) (same z, same signs), so both flows switch
 * pattern at the same time up to the solver error.
 *
 * Crossings of non-recoverable points. Where a hidden neuron's only outgoing parameter (or only
 * incoming one, no bias) passes through 0 — generic along a trajectory, e.g. the last hidden layer
 * of a network with one output — z does not see the direction of the neuron's other weights,
 * rank [DPhi; Dh] drops, K is not a function of z, and the intrinsic ODE has no unique
 * continuation through that z (MATH.md §3). The z-flow then follows the theta-flow only up to an
 * error amplified like 1/|weight| at its stages nearest the crossing; it stays frozen in the
 * neuron's other weights and shows in z in proportion to the crossing weight afterwards
 * (relu:2-3-3-1+bias, gaussian:1, rtol 1e-11: 1e-11 before, 4.5e-6 at T = 1). Such crossings are
 * located as events of the theta-flow and listed in `singularCrossings`, with σ_min / σ_max of
 * [DPhi; Dh] at every output time in `relativeSigmaMin`.
 *
 * The model is `reset()` first; the recovery residuals are measured at every output time, on the
 * representative the z-flow is tracking.
 *
 * @param model - an {@link IntrinsicModel} (`pathIntrinsicModel`, `twoLayerReluModel`,
 *   `twoLayerLinearModel`, …); its `theta0` starts the theta-flow
 * @param options - loss, times, tolerances; see {@link CompareFlowsOptions}
 * @returns both trajectories, the deviation, the law drift, the recovery residuals, the
 *   crossings of non-recoverable points and the conditioning of the recovery, and solver stats
 * @throws TypeError / RangeError naming the option on a bad loss, time grid or rtol > 1; BudgetError
 *   above the budget; OverflowError when phi(theta0), or theta or z along a flow, overflows float64
 *   (with the time); RangeError when an
 *   `mse` loss is used with a model without a network, or `reprojectTheta` without `reproject`.
 *   Errors of the model's metric during the z-flow (a z_j reaching 0, a recovery failing near a
 *   non-recoverable point) are not thrown: the flow stops with status 'non-finite' and
 *   `message.intrinsic` quotes the model's message and time; the trajectories up to there are kept
 * @example
 * const model = pathIntrinsicModel(parseNetwork('relu:1-1-1'), [2, 1]);
 * const r = compareFlows(model, { loss: { type: 'synthetic', Y: [3] }, tEnd: 1 });
 * r.status; // { theta: 'success', intrinsic: 'success' }
 * r.maxDeviation; // ~1e-12
 * @see MATH.md §3 (intrinsic dynamics), §4 (metrics), §5 (reference values), §6 (tolerances)
 */
export function compareFlows(model: IntrinsicModel, options: CompareFlowsOptions): CompareFlowsResult {
  const fn = 'compareFlows';
  if (model === null || typeof model !== 'object' || typeof model.metricProduct !== 'function') {
    throw new TypeError(`${fn}: model must be an IntrinsicModel, got ${describeValue(model)}`);
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `${fn}: options { loss, times | tEnd, ... } are required, got ${describeValue(options)}`,
    );
  }
  checkBudget(compareFlowsCost(model, { times: options.times, loss: options.loss }), options.budget);
  const lift = model.lifting;
  const { d, D } = lift;
  const theta0 = model.theta0;
  const net = (model as { network?: Network }).network;
  const times =
    options.times === undefined
      ? [0, checkNumber(fn, 'options.tEnd', options.tEnd ?? 1, true)]
      : Array.from(checkVector(fn, 'options.times', options.times, options.times.length, 'its length'));
  if (times.length < 1) throw new RangeError(`${fn}: options.times must not be empty`);
  const rtol = checkNumber(fn, 'options.rtol', options.rtol ?? 1e-11, true);
  if (rtol > 1) throw new RangeError(`${fn}: options.rtol must be in (0, 1], got ${rtol}`);
  const atol = checkNumber(fn, 'options.atol', options.atol ?? 1e-12, true);
  const maxSteps = checkInteger(fn, 'options.maxSteps', options.maxSteps ?? 1e6, 1);
  const reproject = options.reprojectTheta ?? false;
  if (reproject && typeof model.reproject !== 'function') {
    throw new RangeError(
      `${fn}: options.reprojectTheta needs a model with reproject(), ${model.name} has none`,
    );
  }

  // ∇f as a function of z, with theta(z) for data losses: the theta-flow passes its theta, the
  // z-flow the representative theta*(z).
  const loss = options.loss;
  let gradient: (z: Float64Array, theta: () => Float64Array) => Float64Array;
  let thetaGradient: ((theta: Float64Array) => Float64Array) | null = null;
  if (loss === null || typeof loss !== 'object') {
    throw new TypeError(`${fn}: options.loss must be a loss object, got ${describeValue(loss)}`);
  }
  if (loss.type === 'synthetic') {
    const Y = checkVector(fn, 'options.loss.Y', loss.Y, d, 'd');
    const q = checkNumber(fn, 'options.loss.quartic', loss.quartic ?? 0.1);
    gradient = (z) => {
      const g = new Float64Array(d);
      for (let p = 0; p < d; p++) g[p] = z[p]! - Y[p]! + q * z[p]! ** 3;
      return g;
    };
  } else if (loss.type === 'function') {
    if (typeof loss.gradient !== 'function')
      throw new TypeError(`${fn}: options.loss.gradient must be a function`);
    gradient = (z) => checkVector(fn, 'options.loss.gradient(z)', loss.gradient(z.slice()), d, 'd');
  } else if (loss.type === 'mse') {
    if (net === undefined || typeof model.representative !== 'function') {
      throw new RangeError(
        `${fn}: an mse loss needs a model with a network and representative() (pathIntrinsicModel), ${model.name} has none`,
      );
    }
    const N = checkInteger(fn, 'options.loss.samples', loss.samples, 1);
    const X = checkVector(fn, 'options.loss.X', loss.X, N * net.inputs.length, 'samples * inputs');
    const Y = checkVector(fn, 'options.loss.Y', loss.Y, N * net.outputs.length, 'samples * outputs');
    const path = lift as PathLifting;
    gradient = (_z, theta) => {
      const t = theta();
      const out = forward(net, t, X, N).outputs;
      for (let i = 0; i < out.length; i++) out[i] = (out[i]! - Y[i]!) / N;
      return path.dataCotangent(t, X, out, N);
    };
    thetaGradient = (t) => mseGradient(net, t, X, Y, N).gradTheta;
  } else {
    throw new RangeError(
      `${fn}: options.loss.type must be 'synthetic', 'mse' or 'function', got ${describeValue((loss as { type?: unknown }).type)}`,
    );
  }

  const z0Check = firstNonFinite(lift.phi(theta0));
  if (z0Check >= 0)
    throw new OverflowError({ field: 'phi(theta0)', index: z0Check, context: '(theta0 is too large)' });

  const thetaProblem = {
    dim: D,
    rhs(_t: number, theta: Float64Array, dtheta: Float64Array) {
      // a trial stage that already overflowed: let the integrator shorten the step or stop
      if (firstNonFinite(theta) >= 0) {
        dtheta.fill(Number.NaN);
        return;
      }
      let g: ArrayLike<number>;
      if (thetaGradient !== null) g = thetaGradient(theta);
      else {
        // z or ∇f(z) overflowing at a trial stage: a non-finite derivative, not an argument error
        const z = lift.phi(theta);
        const G = firstNonFinite(z) >= 0 ? z : gradient(z, () => theta);
        if (firstNonFinite(G) >= 0) {
          dtheta.fill(Number.NaN);
          return;
        }
        g = lift.vjp(theta, G);
      }
      for (let k = 0; k < D; k++) dtheta[k] = -g[k]!;
    },
  };
  const represent = model.representative?.bind(model);
  // A metric that cannot be evaluated (a z_j reaching 0, a recovery that fails near a
  // non-recoverable point) yields a non-finite derivative: DOPRI5 then retries a shorter step, which
  // rescues stages thrown far off, and otherwise stops with status 'non-finite'; the model's own
  // message is kept for the result.
  const failure: { t: number; message: string | null } = { t: 0, message: null };
  const zProblem = {
    dim: d,
    rhs(t: number, z: Float64Array, dz: Float64Array) {
      // a stage built from an earlier failure is not finite: keep the first cause
      if (firstNonFinite(z) >= 0) {
        dz.fill(Number.NaN);
        return;
      }
      try {
        const G = gradient(z, () => represent!(z));
        const k = model.metricProduct(z, G);
        for (let p = 0; p < d; p++) dz[p] = -k[p]!;
      } catch (error) {
        failure.t = t;
        failure.message = error instanceof Error ? error.message : String(error);
        dz.fill(Number.NaN);
      }
    },
  };
  const solverOptions = { method: 'dopri5' as const, rtol, atol, maxSteps };

  // theta-flow, in one go or piecewise with re-projection at output times
  let thetaStatus: IntegrationStatus = 'success';
  let thetaStop = 0;
  let thetaMessage = '';
  const thetaStats: IntegrateStats = { nfev: 0, accepted: 0, rejected: 0 };
  const thetaRows: Float64Array[] = [];
  // Non-recoverable crossings: a neuron's only outgoing (incoming, no bias) parameter changing sign.
  const watches = net === undefined ? [] : singleParameterNeurons(net);
  const events = watches.map((w, i) => ({
    name: `crossing${i}`,
    g: (_t: number, y: Float64Array) => y[w.p]!,
    terminal: false,
  }));
  const crossingEvents: EventRecord[] = [];
  if (!reproject || times.length < 2) {
    const r = integrate(thetaProblem, theta0, { ...solverOptions, times, events });
    crossingEvents.push(...r.events);
    for (let i = 0; i < r.t.length; i++) thetaRows.push(r.y.slice(i * D, (i + 1) * D));
    thetaStatus = r.status;
    thetaMessage = r.message;
    thetaStop = r.tStop;
    Object.assign(thetaStats, r.stats);
  } else {
    let cur: Float64Array = Float64Array.from(theta0);
    thetaRows.push(cur);
    thetaMessage = 'success (re-projected at every output time)';
    for (let i = 1; i < times.length; i++) {
      const r = integrate(thetaProblem, cur, {
        ...solverOptions,
        times: [times[i - 1]!, times[i]!],
        events,
      });
      crossingEvents.push(...r.events);
      thetaStats.nfev += r.stats.nfev;
      thetaStats.accepted += r.stats.accepted;
      thetaStats.rejected += r.stats.rejected;
      if (r.status !== 'success') {
        thetaStatus = r.status;
        thetaMessage = r.message;
        thetaStop = r.tStop;
        break;
      }
      cur = model.reproject!(r.yStop);
      thetaRows.push(cur);
    }
  }

  // A theta-flow that leaves float64 (from finite theta0) is an error of the run, said as such
  if (thetaStatus === 'non-finite')
    throw new OverflowError({
      field: 'theta',
      t: thetaStop,
      context: 'along the theta-flow (non-finite derivative)',
    });

  // z-flow, recording the recovery residuals at output times on the tracked representative
  model.reset();
  const z0 = lift.phi(theta0);
  let fibreResidual = 0;
  let lawResidual = 0;
  const reps: Float64Array[] = [];
  const observer =
    represent === undefined
      ? undefined
      : (t: number, z: Float64Array) => {
          let star: Float64Array;
          try {
            star = represent(z);
          } catch (error) {
            failure.t = t;
            failure.message = error instanceof Error ? error.message : String(error);
            reps.push(new Float64Array(D).fill(Number.NaN));
            fibreResidual = Number.NaN;
            lawResidual = Number.NaN;
            return;
          }
          reps.push(star);
          fibreResidual = Math.max(
            fibreResidual,
            maxAbsDiff(lift.phi(star), z) / Math.max(maxAbs(z), Number.MIN_VALUE),
          );
          lawResidual = Math.max(lawResidual, maxAbsDiff(lift.lawValues(star), model.laws));
        };
  const zr = integrate(
    zProblem,
    z0,
    observer === undefined ? { ...solverOptions, times } : { ...solverOptions, times, observer },
  );

  if (zr.status === 'non-finite' && failure.message === null)
    throw new OverflowError({
      field: 'z',
      t: zr.tStop,
      context: 'along the intrinsic flow (non-finite derivative)',
    });
  const n = Math.min(thetaRows.length, zr.t.length);
  const zTheta = new Float64Array(n * d);
  const zIntrinsic = zr.y.slice(0, n * d);
  const theta = new Float64Array(n * D);
  const deviation = new Float64Array(n);
  const h0 = lift.lawValues(theta0);
  let lawDrift = 0;
  let zScale = 0;
  let thetaDeviation = 0;
  for (let i = 0; i < n; i++) {
    const t = thetaRows[i]!;
    theta.set(t, i * D);
    const z = lift.phi(t);
    zTheta.set(z, i * d);
    zScale = Math.max(zScale, maxAbs(z));
    deviation[i] = maxAbsDiff(z, zIntrinsic.subarray(i * d, (i + 1) * d));
    lawDrift = Math.max(lawDrift, maxAbsDiff(lift.lawValues(t), h0));
    if (reps[i] !== undefined) thetaDeviation = Math.max(thetaDeviation, maxAbsDiff(reps[i]!, t));
  }
  let maxDeviation = 0;
  for (const v of deviation) maxDeviation = Math.max(maxDeviation, v);
  let neuronMargin: number | null = null;
  if (net !== undefined) {
    neuronMargin = Number.POSITIVE_INFINITY;
    for (const t of thetaRows.slice(0, n)) {
      for (const v of net.hidden) {
        let a = 0;
        let b = 0;
        for (const e of net.inEdges[v]!) a += net.edgeParam[e]! >= 0 ? t[net.edgeParam[e]!]! ** 2 : 1;
        if (net.biasParam[v]! >= 0) a += t[net.biasParam[v]!]! ** 2;
        for (const e of net.outEdges[v]!) b += net.edgeParam[e]! >= 0 ? t[net.edgeParam[e]!]! ** 2 : 1;
        neuronMargin = Math.min(neuronMargin, a, b);
      }
    }
  }
  // Conditioning of the recovery along the theta-flow (path models: the sparse Jacobian exists)
  let relativeSigmaMin: Float64Array | null = null;
  const singularCrossings: SingularCrossing[] = [];
  if (net !== undefined && typeof (lift as PathLifting).jacobianSparse === 'function') {
    const S = lawStructure(net);
    const path = lift as PathLifting;
    relativeSigmaMin = new Float64Array(n);
    for (let i = 0; i < n; i++) relativeSigmaMin[i] = sigmaRatio(path, S, thetaRows[i]!).ratio;
    for (const e of crossingEvents) {
      const w = watches[e.index]!;
      const at = e.y.slice();
      at[w.p] = 0;
      const { sigma } = sigmaRatio(path, S, at);
      let deficiency = 0;
      for (const s of sigma) if (s <= 1e-9 * sigma[0]!) deficiency++;
      singularCrossings.push({
        t: e.t,
        neuron: net.nodes[w.v]!.id,
        parameter: net.paramNames[w.p]!,
        side: w.side,
        theta: e.y.slice(),
        rankDeficiency: deficiency + Math.max(0, D - sigma.length),
      });
    }
  }
  return {
    times: Float64Array.from(times.slice(0, n)),
    d,
    D,
    zTheta,
    zIntrinsic,
    theta,
    deviation,
    maxDeviation,
    relativeDeviation: zScale > 0 ? maxDeviation / zScale : maxDeviation,
    lawDrift,
    neuronMargin,
    relativeSigmaMin,
    singularCrossings,
    recovery:
      represent === undefined
        ? null
        : { fibreResidual, lawResidual, thetaDeviation, stats: { ...model.stats } },
    status: { theta: thetaStatus, intrinsic: zr.status },
    message: {
      theta: thetaMessage,
      intrinsic:
        zr.status === 'success' || failure.message === null
          ? zr.message
          : `${zr.message}; the metric failed at t = ${failure.t}: ${failure.message}`,
    },
    stats: { theta: thetaStats, intrinsic: { ...zr.stats } },
  };
}

/**
 * Hidden (law) neurons with a single outgoing parameter, or a single incoming one and no bias, and
 * at least two parameters on the other side: when that parameter vanishes the other side's
 * direction is invisible in z (with one parameter on the other side the law fixes it, and the
 * crossing is harmless: relu:1-1-1, where K = √(h0² + 4z²)).
 */
function singleParameterNeurons(net: Network): { v: number; p: number; side: 'outgoing' | 'incoming' }[] {
  const out: { v: number; p: number; side: 'outgoing' | 'incoming' }[] = [];
  for (const v of net.lawNodes) {
    const outs = net.outEdges[v]!.map((e) => net.edgeParam[e]!);
    const ins = net.inEdges[v]!.map((e) => net.edgeParam[e]!);
    if (net.biasParam[v]! >= 0) ins.push(net.biasParam[v]!);
    if (outs.length === 1 && outs[0]! >= 0 && ins.length >= 2) out.push({ v, p: outs[0]!, side: 'outgoing' });
    if (ins.length === 1 && ins[0]! >= 0 && outs.length >= 2) out.push({ v, p: ins[0]!, side: 'incoming' });
  }
  return out;
}

/** Singular values (decreasing) of [DPhi; Dh] at theta and σ_min / σ_max (0 when fewer rows than D). */
function sigmaRatio(
  lift: PathLifting,
  S: LawStructure,
  theta: Float64Array,
): { sigma: Float64Array; ratio: number } {
  const D = S.D;
  const A = stackedJacobian(lift, S, theta);
  const rows = A.length / D;
  const sigma = singularValues(Array.from({ length: rows }, (_, i) => A.subarray(i * D, (i + 1) * D)));
  const top = sigma[0] ?? 0;
  const ratio = sigma.length < D || top === 0 ? 0 : sigma[sigma.length - 1]! / top;
  return { sigma, ratio };
}
