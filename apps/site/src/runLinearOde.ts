/**
 * The Linear & neural ODE page over the `linear` and `ode` studies of `@idyn/studies` (the studies
 * `idyn linear` and `idyn ode` run): a deep square linear network, its intrinsic metric K(z)
 * against the exact M(θ) (and Arora's balanced formula), the θ-flow against the intrinsic z-flow
 * through rank drops of z (crossings, agreement piece by piece), and the convergence of the ResNet
 * metric to the linear neural ODE metric. A generic (not relaxed balanced) init is the negative
 * control: the θ-flow runs and the page says plainly that there is no intrinsic flow. Runs in the
 * worker.
 */
import { type LinearResult, linearStudy, odeStudy } from '@idyn/studies';
import type { Reporter } from './protocol.js';
import type { AppState } from './state.js';

export type LinearOdeInput = Pick<AppState, 'odeLambda' | 'depth' | 'width' | 'seed' | 'linInit'>;

/** ResNet depths of the convergence plot. */
export const RESNET_DEPTHS = [4, 8, 16, 32, 64, 128, 256];
/** Steps of the neural ODE solve (Simpson nodes steps + 1). */
export const ODE_STEPS = 1000;
/** End time and output times of the flow comparison. */
export const LINEAR_FLOW_T = 2;
export const LINEAR_FLOW_TIMES = 41;

/** The flow comparison as the page shows it. */
export interface LinearFlowView {
  times: number[];
  /** max |φ(θ(t)) − z(t)| per time, NaN where not compared. */
  deviation: number[];
  maxDeviation: number;
  deviationBeforeCrossing: number;
  lawDrift: number;
  /** Rank drops of z along the θ-flow. */
  crossings: {
    t: number;
    /** Which factor loses rank, in words (e.g. `V^T`, `U_2`). */
    layerName: string;
    rank: number;
    fullRank: number;
    sigmaRatio: number;
    /** Whether z stops determining the metric there (then the z-flow restarts after it). */
    metricBreaks: boolean;
    restart: number | null;
  }[];
  /** The comparison piece by piece. */
  pieces: { tStart: number; tEnd: number; maxDeviation: number; status: string; message: string }[];
  /** Why there is no intrinsic flow (a generic init), or null. */
  noIntrinsicFlow: string | null;
  /** Whether a z-flow ran (with a generic init: the formula's flow, which is not φ(θ(t))'s). */
  compared: boolean;
  status: { theta: string; intrinsic: string };
}

export interface LinearOdeOutput {
  n: number;
  L: number;
  /** The fitted λ_i of the sampled network. */
  lambdas: number[];
  /** Residual of the relaxed balanced fit U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ_i I. */
  residual: number;
  relaxedBalanced: boolean;
  /** M(θ)[G] (exact) and K(z)[G] (intrinsic, null when undefined), row-major n × n. */
  exact: number[][];
  intrinsic: number[][] | null;
  /** max |K(z)[G] − M(θ)[G]| (null when K is undefined, with the reason) and Arora's. */
  intrinsicError: number | null;
  metricNote: string | null;
  aroraError: number;
  flow: LinearFlowView | null;
  /** ResNet → ODE: depths and max |ResNet metric − log-mean metric|. */
  resnetL: number[];
  resnetError: number[];
  /** The log-mean closed form against the quadrature of the neural ODE metric. */
  logMeanError: number;
}

/** The flow part of the linear study's result: rank drops, pieces, and whether a z-flow exists. */
export function linearFlowView(r: LinearResult): LinearFlowView | null {
  const f = r.flow;
  if (f === null) return null;
  const no = f.noIntrinsicFlow ?? r.noIntrinsicFlow;
  return {
    times: [...f.times],
    deviation: f.deviation.map((x) => x ?? Number.NaN),
    maxDeviation: f.maxDeviation ?? Number.NaN,
    deviationBeforeCrossing: f.deviationBeforeCrossing ?? f.maxDeviation ?? Number.NaN,
    lawDrift: f.lawDrift,
    crossings: f.singularCrossings.map((c) => ({
      t: c.t,
      layerName: c.layerName,
      metricBreaks: c.metricBreaks,
      rank: c.rank,
      fullRank: c.fullRank,
      sigmaRatio: c.sigmaRatio,
      restart: c.restart,
    })),
    pieces: f.pieces.map((p) => ({
      tStart: p.tStart,
      tEnd: p.tEnd,
      maxDeviation: p.maxDeviation ?? Number.NaN,
      status: p.status,
      message: p.message,
    })),
    noIntrinsicFlow:
      no !== null
        ? no
        : !r.relaxedBalanced
          ? `the initialization is not relaxed balanced (residual ${r.residual.toExponential(2)}), so z alone does not determine how it moves`
          : null,
    compared: f.status.intrinsic !== 'not-run' && f.maxDeviation !== null,
    status: { theta: f.status.theta, intrinsic: f.status.intrinsic },
  };
}

/** Runs the page's two studies; throws their input errors (e.g. an infeasible λ). */
export async function runLinearOde(input: LinearOdeInput, r?: Reporter): Promise<LinearOdeOutput> {
  const n = input.width;
  const L = input.depth;
  const signal = r ? { signal: r.signal } : {};
  r?.progress({ label: 'metric check and θ-flow vs z-flow (linear study)', fraction: 0.1 });
  const linear = await linearStudy.run(
    {
      net: `linear:${Array.from({ length: L + 1 }, () => n).join('-')}`,
      init:
        input.linInit === 'relaxed' ? `relaxed:${input.odeLambda}:${input.seed}` : `gaussian:${input.seed}`,
      seed: input.seed,
      T: LINEAR_FLOW_T,
      times: LINEAR_FLOW_TIMES,
      loss: `synthetic:${input.seed}`,
    },
    signal,
  );
  r?.progress({ label: 'ResNet → neural ODE (ode study)', fraction: 0.6 });
  const ode = await odeStudy.run(
    { n, lambda: input.odeLambda, seed: input.seed, steps: ODE_STEPS, L: RESNET_DEPTHS },
    signal,
  );
  const m = linear.metric;
  return {
    n,
    L,
    lambdas: [...linear.lambdas],
    residual: linear.residual,
    relaxedBalanced: linear.relaxedBalanced,
    exact: m.exact.map((row) => [...row]),
    intrinsic: m.intrinsic === null ? null : m.intrinsic.map((row) => [...row]),
    intrinsicError: m.error,
    metricNote: m.note,
    aroraError: m.aroraError ?? Number.NaN,
    flow: linearFlowView(linear),
    resnetL: [...ode.resnet.L],
    resnetError: [...ode.resnet.error],
    logMeanError: ode.quadratureError,
  };
}
