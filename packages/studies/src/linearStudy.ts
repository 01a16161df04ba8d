import { checkBudget, createRng } from '@idyn/linalg';
import {
  aroraMetric,
  compareLinearFlows,
  compareLinearFlowsCost,
  deepIntrinsicMetric,
  linearNetworkMetric,
  relaxedBalancedResidual,
  syntheticLoss,
  twoLayerIntrinsicMetric,
} from '@idyn/linear-ode';
import inputSchema from '../schemas/linear.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/linear.schema.json' with { type: 'json' };
import { publicMessage } from './describeError.js';
import { StudyInputError } from './StudyInputError.js';
import type { NetInput, ThetaInput } from './NetInput.js';
import { defineStudy } from './internal/defineStudy.js';
import { gaussianMatrix, maxAbsDiff, outputTimes, unflattenWeights } from './internal/linear.js';
import {
  type FlowPieceDoc,
  linearFlowAgrees,
  linearFlowDoc,
  type RankCrossingDoc,
} from './internal/linearFlow.js';
import { fmtE } from './internal/text.js';
import { parseLoss } from './internal/loss.js';
import { budgetOf, checkResultSize, estimateOf } from './internal/budget.js';
import { checkOverflow } from './internal/finite.js';
import { resolveNet } from './internal/net.js';
import { resolveTheta } from './internal/theta.js';

/** Input of the `linear` study (schemas/linear.input.schema.json). */
export interface LinearInput extends Omit<NetInput, 'lifting' | 'maxPaths'>, ThetaInput {
  /** Final time. @default 2 */
  readonly T?: number;
  /** Number of output times. @default 21 */
  readonly times?: number;
  /** `synthetic:SEED`. @default 'synthetic:0' */
  readonly loss?: string;
  /** Seed of the random G of the metric check. @default 0 */
  readonly seed?: number;
  /** Pass threshold of the metric error and the deviation. @default 1e-6 */
  readonly tol?: number;
  /** Integrate the flows (false: the metric check only). @default true */
  readonly flow?: boolean;
}

/** Result of the `linear` study: the `idyn.linear/1` document (schemas/linear.schema.json). */
export interface LinearResult {
  /** `idyn.linear/1`. */
  readonly schema: 'idyn.linear/1';
  /** The net's name. */
  readonly net: string;
  /** Widths n_0 … n_L. */
  readonly widths: readonly number[];
  /** θ and where it came from. */
  readonly theta: { readonly source: string; readonly values: readonly number[] };
  /** Fitted λ_i of U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ_i I. */
  readonly lambdas: readonly number[];
  /** Residual of that fit. */
  readonly residual: number;
  /** Residual ≤ 1e-8 · max(1, ‖U_i‖²). */
  readonly relaxedBalanced: boolean;
  /** The intrinsic model of the flow comparison (null without `flow`). */
  readonly model: unknown;
  /** |M(θ)[G] − K(z)[G]| (null when K is undefined, with the reason in `note`), and Arora's. */
  readonly metric: {
    readonly error: number | null;
    readonly note: string | null;
    readonly aroraError: number | null;
    /** M(θ)[G], nL × n0. */
    readonly exact: readonly (readonly number[])[];
    /** K(z)[G], or null. */
    readonly intrinsic: readonly (readonly number[])[] | null;
  };
  /**
   * Why no intrinsic flow exists from θ (not relaxed balanced: kernel inclusion fails, MATH.md
   * §4.3), in one sentence; null when one exists. Then `pass` is false (the CLI exits 1).
   */
  readonly noIntrinsicFlow: string | null;
  /** The flow comparison (null without `flow`). */
  readonly flow: {
    readonly T: number;
    readonly times: readonly number[];
    /** Deviation per time; null where not compared (`skippedTimes`). */
    readonly deviation: readonly (number | null)[];
    /** Largest deviation over the compared times; null when none was compared. */
    readonly maxDeviation: number | null;
    /** Largest deviation before the first rank drop; null when none was compared. */
    readonly deviationBeforeCrossing: number | null;
    /** Rank drops of z along the θ-flow (time, layer, rank, σ_r/σ_1 reached, restart). */
    readonly singularCrossings: readonly RankCrossingDoc[];
    /** The comparison piece by piece between rank drops. */
    readonly pieces: readonly FlowPieceDoc[];
    /** Output times not compared. */
    readonly skippedTimes: readonly number[];
    /** As the top-level field, from the comparison. */
    readonly noIntrinsicFlow: string | null;
    readonly lawDrift: number;
    readonly status: { readonly theta: string; readonly intrinsic: string };
    readonly stats: { readonly theta: { nfev: number }; readonly intrinsic: { nfev: number } };
    /** Entries of φ(θ(t)) and of z(t) per time (z null where not compared). */
    readonly zTheta: readonly (readonly number[])[];
    readonly zIntrinsic: readonly (readonly number[] | null)[];
    /** Law drift per time. */
    readonly lawDriftPerTime: readonly number[];
    /** The loss along the θ-flow. */
    readonly lossTheta: readonly number[];
  } | null;
  /** Pass threshold. */
  readonly tol: number;
  /** Metric error and deviation within tol. */
  readonly pass: boolean;
  /** Path of a figure written by a front end (null from the study). */
  readonly figure: string | null;
}

/**
 * The `linear` study: for a linear network z = U_L⋯U_1 fits the relaxed balanced residual
 * U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ_i I, compares M(θ)[G] with the intrinsic K(z)[G] of MATH.md §4.3
 * (two layers) or §4.4 (deep square layers) and with Arora's balanced formula (square layers) for
 * a seeded G, then integrates the θ-flow and the intrinsic z-flow (DOPRI5, rtol 1e-11) under the
 * loss of MATH.md §5, reporting each rank drop of z and the agreement piece by piece. A generic
 * init has no intrinsic flow (`noIntrinsicFlow`, pass false): its θ-flow, law drift and relaxed
 * balanced residual are reported.
 *
 * @example
 * const r = await linearStudy.run({ net: 'linear:2-3-3', init: 'relaxed:0.7:1' });
 * // r.metric.error ≈ 1e-15, r.flow.maxDeviation ≈ 1e-11, r.pass true
 * @see MATH.md §4.3–4.4
 */
export const linearStudy = defineStudy<LinearInput, LinearResult>({
  name: 'linear',
  summary: 'linear networks: relaxed balanced inits, intrinsic metric K(z) vs M(theta), theta-flow vs z-flow',
  inputSchema,
  resultSchema,
  units: (input) => (input.flow === false ? 1 : 2),
  describe: (input) => `linear ${input.netLabel ?? (typeof input.net === 'string' ? input.net : 'spec')}`,
  async compute(input, steps) {
    const study = 'linear';
    const budget = budgetOf(input);
    const net = resolveNet(study, input.net, 'auto', input.netLabel, { budget });
    const widths = net.widths;
    if (net.liftingKind !== 'matrix' || widths === undefined)
      throw new StudyInputError(
        'net',
        `{study} needs a linear: preset without biases (z = U_L...U_1), got {net} '${net.label}'`,
        { study, standalone: true },
      );
    const L = widths.length - 1;
    if (L >= 3 && widths.some((w) => w !== widths[0]))
      throw new StudyInputError(
        'net',
        `{study}: the deep intrinsic metric needs square layers, got {net} '${net.label}'`,
        {
          study,
          standalone: true,
        },
      );
    const th = resolveTheta(study, net, input, 'relaxed:0');
    const lossText = input.loss ?? 'synthetic:0';
    const loss = parseLoss(study, lossText);
    if (loss.kind !== 'synthetic')
      throw new StudyInputError('loss', `{study} supports {loss} synthetic:SEED only, got '${lossText}'`, {
        study,
        standalone: true,
      });
    const T = input.T ?? 2;
    const tol = input.tol ?? 1e-6;
    const weights = unflattenWeights(th.theta, widths);
    await steps.next('comparing M(theta)[G] with K(z)[G]');
    const fitted = L >= 2 ? relaxedBalancedResidual(weights) : { residual: 0, lambdas: [] as number[] };
    const lambdas = Array.from(fitted.lambdas);
    const scale = Math.max(1, ...weights.map((W) => W.norm('frobenius') ** 2));
    const relaxed = fitted.residual <= 1e-8 * scale;
    const rng = createRng(input.seed ?? 0);
    const n0 = widths[0]!;
    const nL = widths[L]!;
    const G = gaussianMatrix(nL, n0, () => rng.normal());
    const z0 = weights.reduce((acc, W) => W.mmul(acc));
    checkOverflow('z = U_L...U_1', z0.to1DArray(), '(theta is too large)');
    const M = linearNetworkMetric(weights, G);
    checkOverflow('M(theta)[G]', M.to1DArray(), '(theta is too large)');
    let K = null;
    let metricNote: string | null = null;
    try {
      K =
        L === 1
          ? aroraMetric(z0, G, 1)
          : L === 2
            ? twoLayerIntrinsicMetric(z0, G, { lambda: lambdas[0]!, r: widths[1]! })
            : deepIntrinsicMetric(z0, G, lambdas);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      metricNote = publicMessage(error.message);
    }
    const metricError = K === null ? null : maxAbsDiff(M, K);
    // Arora's formula is the balanced (λ = 0) metric of square layers; off balance it shows the
    // error of assuming balance.
    const aroraError = widths.every((w) => w === widths[0]) ? maxAbsDiff(M, aroraMetric(z0, G, L)) : null;
    let flow: LinearResult['flow'] = null;
    let model: unknown = null;
    if (input.flow !== false) {
      const nTimes = input.times ?? 21;
      await steps.next(
        `integrating the theta-flow and the intrinsic z-flow to T = ${T}`,
        estimateOf(() => compareLinearFlowsCost(widths, nTimes)),
      );
      checkBudget(compareLinearFlowsCost(widths, nTimes), budget);
      // per time: z along both flows (n_L x n_0 each), a drift per layer, deviation, losses, times
      const perTime = 2 * nL * n0 + L + 8;
      checkResultSize(
        study,
        'times',
        nTimes,
        nTimes * perTime,
        `${nTimes} output times of ${perTime} numbers`,
      );
      const flowLoss = syntheticLoss(nL, n0, { seed: loss.seed });
      const cmp = compareLinearFlows(weights, { T, times: outputTimes(T, nTimes), loss: flowLoss, budget });
      model = cmp.model;
      const doc = linearFlowDoc(cmp, L, flowLoss);
      flow = {
        T,
        times: doc.times,
        deviation: doc.deviation,
        maxDeviation: doc.maxDeviation,
        deviationBeforeCrossing: doc.deviationBeforeCrossing,
        singularCrossings: doc.singularCrossings,
        pieces: doc.pieces,
        skippedTimes: doc.skippedTimes,
        noIntrinsicFlow: doc.noIntrinsicFlow,
        lawDrift: doc.lawDrift,
        status: doc.status,
        stats: doc.stats,
        zTheta: doc.zTheta,
        zIntrinsic: doc.zIntrinsic,
        lawDriftPerTime: doc.lawDriftPerTime,
        lossTheta: doc.lossTheta,
      };
    }
    // Without a flow, the same criterion as compareLinearFlows: not relaxed balanced, no K(z).
    const noIntrinsicFlow =
      flow !== null
        ? flow.noIntrinsicFlow
        : relaxed
          ? null
          : `theta is not relaxed balanced (residual ${fmtE(fitted.residual)} above 1e-8 * max ||U_i||^2 = ${fmtE(1e-8 * scale)}): the kernel-inclusion criterion fails (MATH.md §4.3), so no K(z) makes the z-flow autonomous`;
    const pass =
      noIntrinsicFlow === null &&
      (metricError === null || metricError <= tol) &&
      (flow === null || linearFlowAgrees(flow, tol));
    return {
      schema: 'idyn.linear/1',
      net: net.label,
      widths: [...widths],
      theta: { source: th.source, values: Array.from(th.theta) },
      lambdas,
      residual: fitted.residual,
      relaxedBalanced: relaxed,
      noIntrinsicFlow,
      model,
      metric: {
        error: metricError,
        note: metricNote,
        aroraError,
        exact: M.to2DArray(),
        intrinsic: K === null ? null : K.to2DArray(),
      },
      flow,
      tol,
      pass,
      figure: null,
    };
  },
});
