import type { IntegrateStats, IntegrationStatus } from '@idyn/integrators';
import { type Budget, checkBudget, firstNonFinite, maxAbs, maxAbsDiff, OverflowError } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { compareLinearFlowsCost } from './compareLinearFlowsCost.js';
import {
  guardExitEvent,
  metricBreaksAtRankDrop,
  rankDropEvents,
  rankWatch,
  sigmaRatio,
} from './internal/rankDrops.js';
import {
  endToEnd,
  integrateThetaFlow,
  packLayers,
  type ThetaLayout,
  thetaLayout,
  thetaTrajectory,
  unpackLayers,
} from './internal/thetaFlow.js';
import { checkChain, checkFinite } from './internal/validate.js';
import {
  integrateIntrinsicFlow,
  type IntrinsicLinearFlowResult,
  type LinearIntrinsicModel,
  modelMetric,
} from './intrinsicLinearFlow.js';
import {
  flowTolerances,
  type LinearFlowOptions,
  type LinearGradientFlowResult,
  outputTimes,
} from './linearGradientFlow.js';
import { relaxedBalancedResidual } from './relaxedBalancedResidual.js';
import { type LinearLoss, syntheticLoss } from './syntheticLoss.js';

/** Options of {@link compareLinearFlows}. */
export interface CompareLinearFlowsOptions extends LinearFlowOptions {
  /**
   * The intrinsic model. @default inferred from the initial θ: two layers give
   * `{ kind: 'two-layer', lambda: fitted λ, r: hidden width }`; deeper networks give
   * `{ kind: 'deep', lambdas: fitted λ_i }` (square layers). A model given here is run even where
   * θ0 is not on its leaf (a negative control); `noIntrinsicFlow` then says so.
   */
  model?: LinearIntrinsicModel;
  /**
   * θ0 counts as relaxed balanced when max_i |U_{i+1}ᵀU_{i+1} − U_iU_iᵀ − λ_i I| ≤
   * balanceTolerance · max_i ‖U_i‖_F² (λ_i fitted). @default 1e-8
   */
  balanceTolerance?: number;
  /**
   * Where the metric stops being a function of z at a rank drop (see
   * {@link LinearRankCrossing}), the z-flow is kept where σ_{r*}(z)/σ_1(z) ≥ rankGuard on either
   * side of the crossing and restarted from φ(θ(t)) where the θ-flow's ratio rises back through
   * it. @default 1e-3
   */
  rankGuard?: number;
  /** Memory and work budget, checked before anything runs ({@link compareLinearFlowsCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
}

/**
 * A rank drop of z = U_L ⋯ U_1 along the θ-flow: a square layer of the smallest width r* becomes
 * singular (det U_i changes sign, a DOPRI5 event on the θ-flow's dense output), so rank z falls to
 * r* − 1 there. For the two-layer metric with λ > 0, r < n (or λ < 0, r < m), K(z) needs
 * rank z = r: at the crossing the extra zero eigen-direction of z zᵀ (zᵀ z) does not say whether
 * U Uᵀ (V Vᵀ) is λ or 0 there, so M(θ) is not a function of z and the z-flow has no unique
 * continuation (MATH.md §4.3). The comparison is then judged before it and restarted after it.
 */
export interface LinearRankCrossing {
  /** Time of the sign change of det U_i. */
  readonly t: number;
  /** Index of the layer that becomes singular, in `weights` order (U_{layer+1}). */
  readonly layer: number;
  /** rank z at the crossing: fullRank − 1. */
  readonly rank: number;
  /** r* = the smallest width, rank z elsewhere. */
  readonly fullRank: number;
  /** σ_{r*}(z)/σ_1(z) at the located time (0 up to the event location: the drop is genuine). */
  readonly sigmaRatio: number;
  /** Whether K(z) stops being a function of z there (then the z-flow restarts after it). */
  readonly metricBreaks: boolean;
  /**
   * Time where the z-flow restarts from φ(θ(t)): where σ_{r*}/σ_1 of the θ-flow's z rises back
   * through `rankGuard`. null when the metric does not break (the z-flow runs through), or when the
   * ratio does not recover before the next crossing or the end.
   */
  readonly restart: number | null;
}

/** One stretch of the comparison between rank drops where K is not a function of z. */
export interface LinearFlowPiece {
  /** Where the z-flow of this piece starts: 0 (t0) or a crossing's `restart`. */
  readonly tStart: number;
  /** Where it ends: the next such crossing, or the last output time. */
  readonly tEnd: number;
  /** Indices into `times` of the output times compared in this piece. */
  readonly indices: readonly number[];
  /** Largest deviation over them (NaN if none was reached). */
  readonly maxDeviation: number;
  /** Integrator status of this piece's z-flow. */
  readonly status: IntegrationStatus;
  /** Integrator message (the metric's message when it failed). */
  readonly message: string;
  /** Solver stats of this piece's z-flow. */
  readonly stats: IntegrateStats;
}

/** Result of {@link compareLinearFlows}. */
export interface CompareLinearFlowsResult {
  /** Output times reached by the θ-flow. */
  times: Float64Array;
  /** z = φ(θ(t)) from the parameter-space flow. */
  zTheta: Matrix[];
  /** z(t) from the intrinsic flow z' = −K(z)∇f(z); NaN entries at output times not compared. */
  zIntrinsic: Matrix[];
  /** max_ij |zTheta − zIntrinsic| at each output time; NaN where not compared (`skippedTimes`). */
  deviation: Float64Array;
  /** The largest deviation over the compared output times; NaN when none was compared. */
  maxDeviation: number;
  /**
   * The largest deviation at the output times before the first rank drop (`maxDeviation` when there
   * is none); NaN when no output time before it was compared.
   */
  deviationBeforeCrossing: number;
  /** Indices of output times not compared: inside a rank-drop guard, or after a z-flow stopped. */
  skippedTimes: number[];
  /** Every rank drop of z along the θ-flow, in time order (empty when no z-flow ran). */
  singularCrossings: LinearRankCrossing[];
  /** The comparison piece by piece (one piece when nothing breaks K; none when no z-flow ran). */
  pieces: LinearFlowPiece[];
  /**
   * null when an intrinsic flow exists from θ0 (relaxed balanced on the model's leaf, and K a
   * function of z there); otherwise why none does, in one sentence. The θ-flow always runs; the
   * z-flow, if any, is then a negative control (a given `model`, or the fitted one when it can be
   * evaluated).
   */
  noIntrinsicFlow: string | null;
  /** Conservation-law drift of the θ-flow, max over times of max|h(θ(t)) − h(θ(0))|. */
  lawDrift: number;
  /** The model used (given or inferred). */
  model: LinearIntrinsicModel;
  /** Residual of the initial θ from relaxed balanced (with the fitted λ_i). */
  initialResidual: number;
  /** The fitted λ_i of θ0 (relaxedBalancedResidual). */
  fittedLambdas: number[];
  /** Status of each integration (`'not-run'` when no z-flow ran; else the first piece not 'success'). */
  status: { theta: IntegrationStatus; intrinsic: IntegrationStatus | 'not-run' };
  /** Messages of each integration. */
  message: { theta: string; intrinsic: string };
  /** Solver stats of each integration (the z-flow's summed over pieces). */
  stats: { theta: IntegrateStats; intrinsic: IntegrateStats };
  /** The θ-flow, for further inspection. */
  thetaFlow: LinearGradientFlowResult;
  /** The z-flow at the compared output times (all pieces together). */
  intrinsicFlow: IntrinsicLinearFlowResult;
}

/**
 * Runs the parameter-space gradient flow of a linear network and the intrinsic z-flow from
 * z(0) = φ(θ(0)) with the same loss and output times, and measures how far apart they are.
 * Under relaxed balanced initializations they agree to the solver tolerance.
 *
 * Rank drops. Along the θ-flow a square layer of the smallest width can become singular (for
 * z = U Vᵀ with square V, det V crosses 0 for most seeds): each such crossing is located as an
 * event and reported in `singularCrossings`. Where K(z) is not a function of z there (two layers,
 * λ > 0 and r < n, or λ < 0 and r < m), the comparison is judged before it and continued after it
 * by restarting z from φ(θ(t)) once σ_{r*}/σ_1 is back above `rankGuard`: `pieces` reports the
 * agreement piece by piece, output times inside the guard are skipped.
 *
 * Generic inits. When θ0 is not relaxed balanced (or not on the model's leaf), no intrinsic flow
 * exists (MATH.md §4.3: the kernel-inclusion criterion fails): the θ-flow still runs, its law drift
 * and `initialResidual` are reported, `noIntrinsicFlow` says why, and nothing is thrown.
 *
 * @param weights - initial [U_1, …, U_L] (two layers z = U Vᵀ: [Vᵀ, U])
 * @param options - model, loss, times/T, tolerances (DOPRI5 rtol 1e-11, atol 1e-12 by default), guard, budget
 * @returns both trajectories at the output times, the deviation overall, before the first crossing
 *   and per piece, the crossings, why no intrinsic flow exists (or null), the law drift and solver stats
 * @throws TypeError/RangeError on bad shapes or options (naming them), or when the inferred deep
 *   model meets non-square layers; BudgetError above the budget; OverflowError when φ(θ0) or
 *   ∇f(φ(θ0)), or θ or z along a flow, overflows float64 (with the time)
 * @example
 * const { weights } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed: 1 });
 * compareLinearFlows(weights, { T: 2 }).maxDeviation; // ~1e-11
 * const square = relaxedBalancedTwoLayer([3, 3, 4], 1.2, { seed: 1 }); // linear:3-3-4
 * const r = compareLinearFlows(square.weights, { T: 1.5, times, loss: syntheticLoss(4, 3, { seed: 7 }) });
 * r.singularCrossings[0]; // { t: 1.0256, layer: 0, rank: 2, fullRank: 3, sigmaRatio: ~0, metricBreaks: true, restart: 1.03 }
 * r.pieces.map((p) => p.maxDeviation); // [~3e-12, ~8e-12]
 * @see MATH.md §4.3, §4.4, §5 (flows)
 */
export function compareLinearFlows(
  weights: readonly Matrix[],
  options: CompareLinearFlowsOptions = {},
): CompareLinearFlowsResult {
  const fn = 'compareLinearFlows';
  const widths = checkChain(fn, weights);
  const L = weights.length;
  const requested = options.times?.length ?? 11;
  if (!Number.isSafeInteger(requested) || requested < 1)
    throw new RangeError(`${fn}: options.times must be a non-empty array, got length ${String(requested)}`);
  checkBudget(compareLinearFlowsCost(widths, requested), options.budget);
  const times = outputTimes(fn, options);
  const tolerances = flowTolerances(fn, options);
  const balanceTolerance = options.balanceTolerance ?? 1e-8;
  checkFinite(fn, 'options.balanceTolerance', balanceTolerance);
  if (!(balanceTolerance >= 0))
    throw new RangeError(`${fn}: options.balanceTolerance must be >= 0, got ${balanceTolerance}`);
  const guard = options.rankGuard ?? 1e-3;
  checkFinite(fn, 'options.rankGuard', guard);
  if (!(guard > 0 && guard < 1))
    throw new RangeError(`${fn}: options.rankGuard must be in (0, 1), got ${guard}`);

  const fitted = relaxedBalancedResidual(weights);
  let model = options.model;
  if (model === undefined) {
    if (L === 1) model = { kind: 'balanced', L: 1 };
    else if (L === 2) model = { kind: 'two-layer', lambda: fitted.lambdas[0]!, r: widths[1]! };
    else {
      if (widths.some((w) => w !== widths[0]))
        throw new RangeError(`${fn}: the deep model needs square layers, got widths [${widths.join(', ')}]`);
      model = { kind: 'deep', lambdas: fitted.lambdas };
    }
  }
  const loss = options.loss ?? syntheticLoss(widths[L]!, widths[0]!);
  const layout = thetaLayout(widths);
  const theta0 = packLayers(layout, weights);
  const z0 = endToEnd(layout, [...weights]);
  checkOverflow('phi(theta0)', z0);
  checkOverflow('grad f(phi(theta0))', loss.gradient(z0));
  const noIntrinsicFlow = whyNoIntrinsicFlow(widths, weights, model, fitted, balanceTolerance);
  let runZ = true;
  if (noIntrinsicFlow !== null && options.model === undefined) {
    try {
      modelMetric(model, z0, loss.gradient(z0));
    } catch {
      runZ = false;
    }
  }

  // θ-flow, watching rank drops of z when a z-flow is compared with it
  const watch = rankWatch(widths);
  const events = runZ ? rankDropEvents(layout, watch) : [];
  const thetaRun = integrateThetaFlow(layout, theta0, loss, times, tolerances, events);
  // a θ-flow that leaves float64 (from a finite θ0) is an error of the run, said as such
  if (thetaRun.status === 'non-finite')
    throw new OverflowError({
      field: 'theta',
      t: thetaRun.tStop,
      context: 'along the theta-flow (non-finite derivative)',
    });
  const nt = thetaRun.t.length;
  const { weights: traj, z: zTheta, drift } = thetaTrajectory(layout, thetaRun, weights);
  const reached = thetaRun.t.slice();
  const thetaFlow: LinearGradientFlowResult = {
    times: reached,
    weights: traj,
    z: zTheta,
    lawDrift: maxAbs(drift),
    lawDriftPerTime: drift,
    status: thetaRun.status,
    message: thetaRun.message,
    stats: { ...thetaRun.stats },
  };

  const breaks = runZ && metricBreaksAtRankDrop(model, widths);
  const crossings: LinearRankCrossing[] = [];
  const restarts: { t: number; theta: Float64Array }[] = [];
  const crossingEvents = thetaRun.events.filter((e) => e.name.startsWith('rankDrop'));
  const tLast = reached[nt - 1] ?? times[0]!;
  const exitFrom = (t: number, y: Float64Array, until: number): { t: number; theta: Float64Array } | null => {
    if (!(until > t)) return null;
    const r = integrateThetaFlow(layout, y, loss, [t, until], tolerances, [
      guardExitEvent(layout, watch, guard),
    ]);
    return r.status === 'event' ? { t: r.tStop, theta: r.yStop.slice() } : null;
  };
  crossingEvents.forEach((e, j) => {
    const layer = watch.layers[e.index]!;
    const next = crossingEvents[j + 1]?.t ?? tLast;
    const exit = breaks ? exitFrom(e.t, e.y, next) : null;
    if (exit !== null) restarts.push(exit);
    crossings.push({
      t: e.t,
      layer,
      rank: watch.fullRank - 1,
      fullRank: watch.fullRank,
      sigmaRatio: sigmaRatio(endToEnd(layout, unpackLayers(layout, e.y)), watch.fullRank),
      metricBreaks: breaks,
      restart: exit?.t ?? null,
    });
  });

  // z-flow, piece by piece
  const nanZ = () => new Matrix(widths[L]!, widths[0]!).fill(Number.NaN);
  const zIntrinsic: Matrix[] = Array.from({ length: nt }, nanZ);
  const deviation = new Float64Array(nt).fill(Number.NaN);
  const pieces: LinearFlowPiece[] = [];
  if (runZ) {
    const ratioAt = zTheta.map((z) => sigmaRatio(z, watch.fullRank));
    const starts: { t: number; theta: Float64Array; end: number }[] = [];
    if (breaks) {
      const cuts = crossingEvents.map((e) => e.t);
      const first =
        ratioAt[0] !== undefined && ratioAt[0] >= guard
          ? { t: times[0]!, theta: theta0 }
          : exitFrom(times[0]!, theta0, cuts[0] ?? tLast);
      if (first !== null) starts.push({ ...first, end: cuts[0] ?? Number.POSITIVE_INFINITY });
      for (const r of restarts) {
        const end = cuts.find((c) => c > r.t) ?? Number.POSITIVE_INFINITY;
        starts.push({ ...r, end });
      }
    } else starts.push({ t: times[0]!, theta: theta0, end: Number.POSITIVE_INFINITY });
    for (const s of starts) {
      let indices: number[] = [];
      for (let k = 0; k < nt; k++) if (reached[k]! >= s.t && reached[k]! < s.end) indices.push(k);
      if (breaks && Number.isFinite(s.end)) {
        // output times just before a crossing, inside the guard, are not compared
        let last = indices.length - 1;
        while (last >= 0 && ratioAt[indices[last]!]! < guard) last--;
        indices = indices.slice(0, last + 1);
      }
      const piece = runPiece(layout, model, loss, s, indices, reached, tolerances);
      if (piece.overflowAt !== null)
        throw new OverflowError({
          field: 'z',
          t: piece.overflowAt,
          context: 'along the intrinsic flow (non-finite derivative)',
        });
      piece.z.forEach((z, j) => {
        const k = indices[j]!;
        zIntrinsic[k] = z;
        deviation[k] = maxAbsDiff(zTheta[k]!, z);
      });
      let worst = Number.NaN;
      for (let j = 0; j < piece.z.length; j++) {
        const v = deviation[indices[j]!]!;
        if (!(v <= worst)) worst = v;
      }
      pieces.push({
        tStart: s.t,
        tEnd: Number.isFinite(s.end) ? s.end : tLast,
        indices: indices.slice(0, piece.z.length),
        maxDeviation: worst,
        status: piece.status,
        message: piece.message,
        stats: piece.stats,
      });
    }
  }
  const skippedTimes: number[] = [];
  let maxDeviation = Number.NaN;
  let deviationBeforeCrossing = Number.NaN;
  const firstCrossing = crossings[0]?.t ?? Number.POSITIVE_INFINITY;
  for (let k = 0; k < nt; k++) {
    const v = deviation[k]!;
    if (Number.isNaN(v)) {
      skippedTimes.push(k);
      continue;
    }
    if (!(v <= maxDeviation)) maxDeviation = v;
    if (reached[k]! < firstCrossing && !(v <= deviationBeforeCrossing)) deviationBeforeCrossing = v;
  }
  const zStats: IntegrateStats = { nfev: 0, accepted: 0, rejected: 0 };
  for (const p of pieces) {
    zStats.nfev += p.stats.nfev;
    zStats.accepted += p.stats.accepted;
    zStats.rejected += p.stats.rejected;
  }
  const failed = pieces.find((p) => p.status !== 'success');
  const intrinsicStatus: IntegrationStatus | 'not-run' = !runZ ? 'not-run' : (failed?.status ?? 'success');
  const intrinsicMessage = !runZ
    ? `not run: ${noIntrinsicFlow}`
    : failed !== undefined
      ? failed.message
      : `reached t = ${pieces.at(-1)?.tEnd ?? tLast} in ${pieces.length} piece${pieces.length === 1 ? '' : 's'}`;
  const compared = Array.from({ length: nt }, (_, k) => k).filter((k) => !Number.isNaN(deviation[k]!));
  return {
    times: reached,
    zTheta,
    zIntrinsic,
    deviation,
    maxDeviation,
    deviationBeforeCrossing,
    skippedTimes,
    singularCrossings: crossings,
    pieces,
    noIntrinsicFlow,
    lawDrift: thetaFlow.lawDrift,
    model,
    initialResidual: fitted.residual,
    fittedLambdas: fitted.lambdas,
    status: { theta: thetaRun.status, intrinsic: intrinsicStatus },
    message: { theta: thetaFlow.message, intrinsic: intrinsicMessage },
    stats: { theta: { ...thetaRun.stats }, intrinsic: zStats },
    thetaFlow,
    intrinsicFlow: {
      times: Float64Array.from(compared, (k) => reached[k]!),
      z: compared.map((k) => zIntrinsic[k]!),
      status: intrinsicStatus === 'not-run' ? 'success' : intrinsicStatus,
      message: intrinsicMessage,
      stats: zStats,
    },
  };
}

/** One piece of the z-flow from (s.t, φ(s.theta)) over the output times `indices`. */
function runPiece(
  layout: ThetaLayout,
  model: LinearIntrinsicModel,
  loss: LinearLoss,
  s: { t: number; theta: Float64Array },
  indices: readonly number[],
  reached: Float64Array,
  tolerances: { rtol: number; atol: number },
): {
  z: Matrix[];
  status: IntegrationStatus;
  message: string;
  stats: IntegrateStats;
  overflowAt: number | null;
} {
  const zStart = endToEnd(layout, unpackLayers(layout, s.theta));
  if (indices.length === 0)
    return {
      z: [],
      status: 'success',
      message: 'no output time in this piece',
      stats: { nfev: 0, accepted: 0, rejected: 0 },
      overflowAt: null,
    };
  const run = integrateIntrinsicFlow(
    zStart,
    model,
    loss,
    [s.t, ...indices.map((k) => reached[k]!)],
    tolerances,
  );
  return {
    z: run.z.slice(1),
    status: run.result.status,
    message: run.message,
    stats: { ...run.result.stats },
    overflowAt: run.result.status === 'non-finite' && !run.metricFailed ? run.result.tStop : null,
  };
}

/** Throws an OverflowError when a matrix has a non-finite entry. */
function checkOverflow(field: string, M: Matrix): void {
  const flat = M.to1DArray();
  const i = firstNonFinite(flat);
  if (i >= 0) throw new OverflowError({ field, index: i, context: '(theta0 is too large)' });
}

/** Why no intrinsic flow exists from θ0 for this model, or null. */
function whyNoIntrinsicFlow(
  widths: readonly number[],
  weights: readonly Matrix[],
  model: LinearIntrinsicModel,
  fitted: { residual: number; lambdas: number[] },
  tol: number,
): string | null {
  const L = weights.length;
  if (L === 1) return null;
  let scale = 0;
  for (const U of weights) scale = Math.max(scale, U.norm('frobenius') ** 2);
  const bound = tol * scale;
  const lambdas = fitted.lambdas.map((l) => Number(l.toPrecision(6))).join(', ');
  if (!(fitted.residual <= bound))
    return `theta0 is not relaxed balanced: max |U_{i+1}^T U_{i+1} - U_i U_i^T - lambda_i I| = ${fitted.residual.toExponential(2)} (fitted lambda ${lambdas}) is above ${tol} * max ||U_i||^2 = ${bound.toExponential(2)}; for such theta0 the kernel-inclusion criterion fails (MATH.md §4.3), so no K(z) makes the z-flow autonomous`;
  const own = model.kind === 'two-layer' ? [model.lambda] : model.kind === 'deep' ? [...model.lambdas] : null;
  if (
    own !== null &&
    (own.length !== fitted.lambdas.length || own.some((l, i) => !(Math.abs(l - fitted.lambdas[i]!) <= bound)))
  )
    return `theta0 is relaxed balanced with lambda ${lambdas}, not on the model's leaf lambda ${own.join(', ')}`;
  if (model.kind === 'two-layer') {
    const m = widths[0]!;
    const n = widths[L]!;
    const r = model.r;
    const k = Math.min(n, m);
    if (((model.lambda > 0 && r < n) || (model.lambda < 0 && r < m)) && r > k)
      return `with lambda = ${model.lambda} ${model.lambda > 0 ? `> 0 and r = ${r} < n = ${n}` : `< 0 and r = ${r} < m = ${m}`}, K(z) needs rank z = r, but rank z <= min(n, m) = ${k} < r on this leaf: M(theta) is not a function of z (MATH.md §4.3)`;
  }
  return null;
}
