/**
 * The flow lab over the `flow` study of `@idyn/studies` (the same study `idyn flow` runs): the URL
 * state becomes the study input ({@link flowInput}), the study's JSON result becomes what the page
 * draws ({@link flowOutput}). No mathematics here: the θ-flow, the intrinsic z-flow, the law drift
 * and the losses are the study's. The first run integrates [0, T] on {@link FLOW_FRAMES} output
 * times (what `idyn flow … --times 61` reports); the live player asks for longer horizons on the
 * same time grid (see flowPage.ts). The size budget is checked before the study runs.
 */
import { createNetwork } from '@idyn/graph';
import { countPaths } from '@idyn/lifting';
import { type FlowInput, type FlowResult, flowStudy } from '@idyn/studies';
import { FLOW_MAX_JACOBIAN, FLOW_MAX_VALUES, SITE_MAX_EDGES, sizeText } from './budget.js';
import { plainWords } from './messages.js';
import { readSpec } from './netEdit.js';
import type { Reporter } from './protocol.js';
import type { AppState } from './state.js';

/** The part of the state the flow depends on. */
export type FlowState = Pick<
  AppState,
  'net' | 'init' | 'seed' | 'scale' | 'lambda' | 'loss' | 'lossSeed' | 'csv' | 'T'
>;

/** A run of the flow lab: the state, and the horizon and output times (the first run: T and 61). */
export interface FlowRunInput extends FlowState {
  /** End time of this run (T for the first one, a multiple of T for the live player). */
  horizon: number;
  /** Output times on [0, horizon] (equally spaced, 60 per T). */
  frames: number;
}

/** Number of output times of the first run on [0, T]; `idyn flow … --times 61` gives the same grid. */
export const FLOW_FRAMES = 61;
/** Coordinates drawn in the trajectory overlay. */
export const SHOWN_COORDINATES = 6;
/**
 * Step cap of each DOPRI5 integration: a stiff or blowing-up run stops with status 'max-steps'
 * (and a message on the page) in seconds instead of grinding through the solver's default 1e6.
 */
export const MAX_FLOW_STEPS = 20000;

/** Everything the flow lab draws. */
export interface FlowOutput {
  /** 'path' (`@idyn/intrinsic`) or 'linear' (`@idyn/linear-ode`). */
  method: 'path' | 'linear';
  /** Which intrinsic metric was used, in words. */
  model: string;
  /** The horizon asked for. */
  horizon: number;
  times: number[];
  d: number;
  D: number;
  /** Labels of the drawn coordinates of z. */
  zLabels: string[];
  /** Per drawn coordinate, φ(θ(t)) and z(t). */
  zTheta: number[][];
  zIntrinsic: number[][];
  /** max_p |φ(θ(t)) − z(t)| per time (NaN where the z-flow did not run). */
  deviation: number[];
  maxDeviation: number;
  /** Per law (or one aggregate series), |h(θ(t)) − h(θ(0))|. */
  lawDrift: number[][];
  lawLabels: string[];
  maxLawDrift: number;
  /** Loss along each flow (z-flow: null where the loss needs θ). */
  lossTheta: number[];
  lossIntrinsic: number[] | null;
  /** Crossings of points where z no longer determines the metric (rank drops), in words with their time. */
  crossings: { t: number; text: string }[];
  /** Largest deviation before the first crossing. */
  deviationBeforeCrossing: number;
  /** The comparison piece by piece (linear flows restart z after a rank drop), empty when not split. */
  pieces: { tStart: number; tEnd: number; maxDeviation: number; status: string }[];
  /** Why the run stopped early, or null when both flows reached the horizon. */
  stopped: string | null;
  /** Why there is no intrinsic flow (a generic init of a linear network), or null. */
  noIntrinsicFlow: string | null;
  notes: string[];
}

/** The widths of a `linear:n0-…-nL` preset (no bias), or null. */
export function linearWidths(net: string): number[] | null {
  const m = /^linear:(\d+(?:-\d+)+)$/.exec(net.trim());
  return m === null ? null : m[1]!.split('-').map(Number);
}

/** The `flow` study input of a URL state, on [0, horizon] with `frames` output times. */
export function flowInput(state: FlowState, horizon = state.T, frames = FLOW_FRAMES): FlowInput {
  return {
    net: state.net,
    init:
      state.init === 'relaxed'
        ? `relaxed:${state.lambda}:${state.seed}`
        : `${state.init}:${state.seed}:${state.scale}`,
    ...(state.loss === 'synthetic'
      ? { loss: `synthetic:${state.lossSeed}` }
      : { loss: 'mse', data: state.csv, dataLabel: 'pasted CSV' }),
    T: horizon,
    times: frames,
    maxSteps: MAX_FLOW_STEPS,
  };
}

function columns(rows: readonly (readonly number[])[], take: number): number[][] {
  const k = Math.min(rows[0]?.length ?? 0, take);
  return Array.from({ length: k }, (_, j) => rows.map((row) => row[j]!));
}

function stoppedMessage(r: FlowResult, frames: number): string | null {
  const parts: string[] = [];
  if (r.status.theta !== 'success') parts.push(`θ-flow ${r.status.theta}: ${r.message.theta}`);
  if (r.status.intrinsic !== 'success' && r.status.intrinsic !== 'not-run')
    parts.push(`z-flow ${r.status.intrinsic}: ${r.message.intrinsic}`);
  if (parts.length === 0 && r.times.length < frames)
    parts.push(`stopped after ${r.times.length} of ${frames} output times`);
  return parts.length === 0 ? null : parts.join('; ');
}

/** A crossing in the page's words. */
function crossingText(c: FlowResult['singularCrossings'][number]): string {
  return c.kind === 'neuron'
    ? `t = ${c.t.toPrecision(4)}: ${c.parameter} of ${c.neuron} changes sign (its only ${c.side} parameter), rank drops by ${c.rankDeficiency}`
    : `t = ${c.t.toPrecision(4)}: ${c.layerName} drops to rank ${c.rank} of ${c.fullRank} (σ_r/σ_1 = ${c.sigmaRatio.toExponential(1)})${c.restart === null ? '' : `; z restarts from φ(θ) at t = ${c.restart.toPrecision(4)}`}`;
}

/** What the page draws from the study's result (null values, times not compared, become gaps). */
export function flowOutput(r: FlowResult, frames = FLOW_FRAMES): FlowOutput {
  const recovery = r.recovery as { stats: { recoveries: number }; fibreResidual: number } | null;
  const notRun = r.status.intrinsic === 'not-run';
  const gap = (row: readonly number[]) => row.map(() => Number.NaN);
  return {
    method: r.lifting === 'matrix' ? 'linear' : 'path',
    model: plainWords(r.model),
    horizon: r.T,
    times: [...r.times],
    d: r.d,
    D: r.D,
    zLabels: r.zLabels.slice(0, SHOWN_COORDINATES),
    zTheta: columns(r.zTheta, SHOWN_COORDINATES),
    zIntrinsic: notRun
      ? []
      : columns(
          r.zIntrinsic.map((row, k) => row ?? gap(r.zTheta[k]!)),
          SHOWN_COORDINATES,
        ),
    deviation: r.deviation.map((v) => v ?? Number.NaN),
    maxDeviation: r.maxDeviation ?? Number.NaN,
    lawDrift: r.lawDriftPerLaw === null ? [[...r.lawDriftPerTime]] : r.lawDriftPerLaw.map((row) => [...row]),
    lawLabels: r.lawLabels.map(plainWords),
    maxLawDrift: r.lawDrift,
    lossTheta: [...r.lossTheta],
    lossIntrinsic: notRun || r.lossIntrinsic === null ? null : r.lossIntrinsic.map((v) => v ?? Number.NaN),
    crossings: r.singularCrossings.map((c) => ({ t: c.t, text: crossingText(c) })),
    deviationBeforeCrossing: r.deviationBeforeCrossing ?? Number.NaN,
    pieces: (r.pieces ?? []).map((p) => ({
      tStart: p.tStart,
      tEnd: p.tEnd,
      maxDeviation: p.maxDeviation ?? Number.NaN,
      status: p.status,
    })),
    stopped: stoppedMessage(r, frames),
    noIntrinsicFlow: r.noIntrinsicFlow ?? (notRun ? r.message.intrinsic : null),
    notes: [
      ...(recovery === null
        ? []
        : [
            `recovery: ${recovery.stats.recoveries} recoveries, fibre residual ${recovery.fibreResidual.toExponential(1)}`,
          ]),
      ...(r.initialResidual === null
        ? []
        : [`initial residual from relaxed balanced: ${r.initialResidual.toExponential(2)}`]),
    ],
  };
}

/**
 * The size budget of a flow run, checked before the study builds anything: the network must fit
 * the page, the path model's d × D Jacobian and the stored d × frames values must stay under the
 * page's limits. Returns nothing; throws a RangeError naming the sizes.
 */
export function checkFlowBudget(input: FlowRunInput): void {
  const text = input.net.trim();
  const widths = linearWidths(text);
  let d: number;
  let D: number;
  if (widths !== null) {
    d = widths[0]! * widths[widths.length - 1]!;
    D = widths.slice(1).reduce((s, w, i) => s + w * widths[i]!, 0);
  } else {
    const r = readSpec(text, SITE_MAX_EDGES);
    if (r.kind === 'large')
      throw new RangeError(
        `${text} has ${sizeText(r.edges)} edges, more than the ${sizeText(SITE_MAX_EDGES)} this page builds.`,
      );
    if (r.kind !== 'spec') return; // the study words the error
    let net: ReturnType<typeof createNetwork>;
    try {
      net = createNetwork(r.spec);
    } catch {
      return; // the study words the error
    }
    const paths = countPaths(net).total;
    D = net.D;
    if (paths * BigInt(D) > BigInt(FLOW_MAX_JACOBIAN))
      throw new RangeError(
        `${text} has ${sizeText(paths)} paths and ${sizeText(D)} parameters: its intrinsic flow evaluates a ${sizeText(paths)} × ${sizeText(D)} Jacobian at every step, more than the ${sizeText(FLOW_MAX_JACOBIAN)} entries this page integrates. Try a smaller network, or idyn flow.`,
      );
    d = Number(paths);
  }
  if (d * input.frames > FLOW_MAX_VALUES)
    throw new RangeError(
      `${sizeText(input.frames)} output times of ${sizeText(d)} coordinates are more than the ${sizeText(FLOW_MAX_VALUES)} values this page keeps: choose a shorter time.`,
    );
}

/**
 * Runs the flow study for a run of the page (in the worker); its input errors are worded by the
 * worker. A non-finite value met inside the solver is reported as a divergence.
 */
export async function runFlow(input: FlowRunInput, r?: Reporter): Promise<FlowOutput> {
  checkFlowBudget(input);
  r?.progress({
    label: `integrating both flows to t = ${input.horizon} (DOPRI5, rtol 1e-11)`,
    fraction: null,
  });
  let result: FlowResult;
  try {
    result = await flowStudy.run(
      flowInput(input, input.horizon, input.frames),
      r ? { signal: r.signal } : {},
    );
  } catch (error) {
    if (error instanceof Error && /finite|Infinity|NaN/i.test(error.message) && error.name !== 'AbortError')
      throw new RangeError(`the flow diverged (values overflowed to non-finite numbers): ${error.message}`);
    throw error;
  }
  return flowOutput(result, input.frames);
}

/** How the page prints the deviation (the browser test compares this text with `idyn flow --json`). */
export function formatDeviation(x: number): string {
  return Number.isNaN(x) ? 'not compared' : x.toExponential(2);
}
