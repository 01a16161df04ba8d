import type { IntegrationStatus } from '@idyn/integrators';
import type { CompareLinearFlowsResult, LinearLoss } from '@idyn/linear-ode';
import { entries } from './linear.js';

/** A rank drop of z = U_L ⋯ U_1 along the θ-flow, as the studies report it (`kind: 'rank'`). */
export interface RankCrossingDoc {
  /** `'rank'`: a layer of the smallest width became singular (linear models). */
  readonly kind: 'rank';
  /** Time of the sign change of det U_i. */
  readonly t: number;
  /** Index of the singular layer in θ order (U_{layer+1}; two layers z = U Vᵀ: 0 is Vᵀ, 1 is U). */
  readonly layer: number;
  /** Its name: `U_1`, `U_2`, … (`V^T` / `U` for two layers). */
  readonly layerName: string;
  /** rank z at the crossing (fullRank − 1). */
  readonly rank: number;
  /** rank z elsewhere: the smallest width. */
  readonly fullRank: number;
  /** σ_r/σ_1 of z reached at the located time (r = fullRank). */
  readonly sigmaRatio: number;
  /** Whether K(z) stops being a function of z there (the z-flow then restarts after it). */
  readonly metricBreaks: boolean;
  /** Time the z-flow restarts from φ(θ(t)), or null. */
  readonly restart: number | null;
}

/** One piece of the comparison between rank drops that break the metric. */
export interface FlowPieceDoc {
  /** Where this piece's z-flow starts (0, or a crossing's restart). */
  readonly tStart: number;
  /** Where it ends (the next breaking crossing, or the last output time). */
  readonly tEnd: number;
  /** Indices into `times` compared in this piece. */
  readonly indices: readonly number[];
  /** Largest deviation over them (null when none was compared). */
  readonly maxDeviation: number | null;
  /** Integrator status of the piece's z-flow. */
  readonly status: string;
  /** Integrator message. */
  readonly message: string;
  /** Solver statistics. */
  readonly stats: { readonly nfev: number; readonly accepted: number; readonly rejected: number };
}

/** A linear comparison (compareLinearFlows) as the JSON the flow and linear studies return. */
export interface LinearFlowDoc {
  readonly times: number[];
  readonly zTheta: number[][];
  /** z(t) per time; null at output times not compared (`skippedTimes`). */
  readonly zIntrinsic: (number[] | null)[];
  /** Deviation per time; null where not compared. */
  readonly deviation: (number | null)[];
  /** Largest deviation over the compared times; null when none was compared. */
  readonly maxDeviation: number | null;
  /** Largest deviation before the first rank drop; null when nothing before it was compared. */
  readonly deviationBeforeCrossing: number | null;
  readonly singularCrossings: RankCrossingDoc[];
  readonly pieces: FlowPieceDoc[];
  readonly skippedTimes: number[];
  readonly noIntrinsicFlow: string | null;
  readonly lawDrift: number;
  readonly lawDriftPerTime: number[];
  readonly status: { readonly theta: IntegrationStatus; readonly intrinsic: IntegrationStatus | 'not-run' };
  readonly stats: {
    readonly theta: { nfev: number; accepted: number; rejected: number };
    readonly intrinsic: { nfev: number; accepted: number; rejected: number };
  };
  readonly message: { readonly theta: string; readonly intrinsic: string };
  readonly initialResidual: number;
  readonly fittedLambdas: number[];
  readonly lossTheta: number[];
  readonly lossIntrinsic: (number | null)[];
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

function layerName(layer: number, layers: number): string {
  if (layers === 2) return layer === 0 ? 'V^T' : 'U';
  return `U_${layer + 1}`;
}

/**
 * The JSON of a linear comparison: NaN (a time not compared) becomes null, crossings get their
 * `kind` and layer name, pieces their null deviation when nothing was compared.
 * @param r - the comparison
 * @param layers - number of layers L
 * @param loss - the loss, for the loss along both flows
 */
export function linearFlowDoc(r: CompareLinearFlowsResult, layers: number, loss: LinearLoss): LinearFlowDoc {
  const n = r.times.length;
  const skipped = new Set(r.skippedTimes);
  const zIntrinsic = r.zIntrinsic.slice(0, n).map((z, k) => (skipped.has(k) ? null : entries(z)));
  return {
    times: Array.from(r.times),
    zTheta: r.zTheta.slice(0, n).map(entries),
    zIntrinsic,
    deviation: Array.from(r.deviation, orNull),
    maxDeviation: orNull(r.maxDeviation),
    deviationBeforeCrossing: orNull(r.deviationBeforeCrossing),
    singularCrossings: r.singularCrossings.map((c) => ({
      kind: 'rank' as const,
      t: c.t,
      layer: c.layer,
      layerName: layerName(c.layer, layers),
      rank: c.rank,
      fullRank: c.fullRank,
      sigmaRatio: c.sigmaRatio,
      metricBreaks: c.metricBreaks,
      restart: c.restart,
    })),
    pieces: r.pieces.map((p) => ({
      tStart: p.tStart,
      tEnd: p.tEnd,
      indices: [...p.indices],
      maxDeviation: orNull(p.maxDeviation),
      status: p.status,
      message: p.message,
      stats: { ...p.stats },
    })),
    skippedTimes: [...r.skippedTimes],
    noIntrinsicFlow: r.noIntrinsicFlow,
    lawDrift: r.lawDrift,
    lawDriftPerTime: Array.from(r.thetaFlow.lawDriftPerTime.slice(0, n)),
    status: r.status,
    stats: r.stats,
    message: r.message,
    initialResidual: r.initialResidual,
    fittedLambdas: [...r.fittedLambdas],
    lossTheta: r.zTheta.slice(0, n).map((z) => loss.value(z)),
    lossIntrinsic: r.zIntrinsic.slice(0, n).map((z, k) => (skipped.has(k) ? null : loss.value(z))),
  };
}

/**
 * Whether a linear comparison agrees within `tol`: an intrinsic flow exists, both flows finished,
 * some output time was compared, and every piece's deviation is within tol.
 */
export function linearFlowAgrees(
  doc: Pick<LinearFlowDoc, 'noIntrinsicFlow' | 'maxDeviation'> & {
    readonly status: { readonly theta: string; readonly intrinsic: string };
    readonly pieces: readonly Pick<FlowPieceDoc, 'maxDeviation'>[];
  },
  tol: number,
): boolean {
  return (
    doc.noIntrinsicFlow === null &&
    doc.status.theta === 'success' &&
    doc.status.intrinsic === 'success' &&
    doc.maxDeviation !== null &&
    doc.pieces.every((p) => p.maxDeviation === null || p.maxDeviation <= tol)
  );
}
