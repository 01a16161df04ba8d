/**
 * The flow lab over the `flow` study of `@idyn/studies` (the same study `idyn flow` runs): the URL
 * state becomes the study input ({@link flowInput}), the study's JSON result becomes what the page
 * draws ({@link flowOutput}). No mathematics here: the θ-flow, the intrinsic z-flow, the law drift
 * and the losses are the study's.
 */
import { type FlowInput, type FlowResult, flowStudy, type StudyOptions } from '@idyn/studies';
import type { AppState } from './state.js';
import { errorLine } from './studyErrors.js';

/** The part of the state the flow depends on. */
export type FlowState = Pick<
  AppState,
  'net' | 'init' | 'seed' | 'scale' | 'lambda' | 'loss' | 'lossSeed' | 'csv' | 'T'
>;

/** Number of output times (frames of the animation); `idyn flow … --times 61` gives the same grid. */
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

/** The widths of a `linear:n0-…-nL` preset (no bias), or null. */
export function linearWidths(net: string): number[] | null {
  const m = /^linear:(\d+(?:-\d+)+)$/.exec(net.trim());
  return m === null ? null : m[1]!.split('-').map(Number);
}

/** The `flow` study input of a URL state. */
export function flowInput(state: FlowState): FlowInput {
  return {
    net: state.net,
    init:
      state.init === 'relaxed'
        ? `relaxed:${state.lambda}:${state.seed}`
        : `${state.init}:${state.seed}:${state.scale}`,
    ...(state.loss === 'synthetic'
      ? { loss: `synthetic:${state.lossSeed}` }
      : { loss: 'mse', data: state.csv, dataLabel: 'pasted CSV' }),
    T: state.T,
    times: FLOW_FRAMES,
    maxSteps: MAX_FLOW_STEPS,
  };
}

function columns(rows: readonly (readonly number[])[], take: number): number[][] {
  const k = Math.min(rows[0]?.length ?? 0, take);
  return Array.from({ length: k }, (_, j) => rows.map((row) => row[j]!));
}

function stoppedMessage(r: FlowResult): string | null {
  const parts: string[] = [];
  if (r.status.theta !== 'success') parts.push(`θ-flow ${r.status.theta}: ${r.message.theta}`);
  if (r.status.intrinsic !== 'success') parts.push(`z-flow ${r.status.intrinsic}: ${r.message.intrinsic}`);
  if (parts.length === 0 && r.times.length < FLOW_FRAMES)
    parts.push(`stopped after ${r.times.length} of ${FLOW_FRAMES} output times`);
  return parts.length === 0 ? null : parts.join('; ');
}

/** What the page draws from the study's result. */
export function flowOutput(r: FlowResult): FlowOutput {
  const recovery = r.recovery as { stats: { recoveries: number }; fibreResidual: number } | null;
  return {
    method: r.lifting === 'matrix' ? 'linear' : 'path',
    model: r.model,
    times: [...r.times],
    d: r.d,
    D: r.D,
    zLabels: r.zLabels.slice(0, SHOWN_COORDINATES),
    zTheta: columns(r.zTheta, SHOWN_COORDINATES),
    // null (an output time not compared: a rank-drop guard, no intrinsic flow) is drawn as a gap
    zIntrinsic: columns(
      r.zIntrinsic.map((row, k) => row ?? r.zTheta[k]!.map(() => Number.NaN)),
      SHOWN_COORDINATES,
    ),
    deviation: r.deviation.map((v) => v ?? Number.NaN),
    maxDeviation: r.maxDeviation ?? Number.NaN,
    lawDrift: r.lawDriftPerLaw === null ? [[...r.lawDriftPerTime]] : r.lawDriftPerLaw.map((row) => [...row]),
    lawLabels: [...r.lawLabels],
    maxLawDrift: r.lawDrift,
    lossTheta: [...r.lossTheta],
    lossIntrinsic: r.lossIntrinsic === null ? null : r.lossIntrinsic.map((v) => v ?? Number.NaN),
    stopped: stoppedMessage(r),
    notes: [
      ...(recovery === null
        ? []
        : [
            `recovery: ${recovery.stats.recoveries} recoveries, fibre residual ${recovery.fibreResidual.toExponential(1)}`,
          ]),
      ...(r.initialResidual === null
        ? []
        : [`initial residual from relaxed balanced: ${r.initialResidual.toExponential(2)}`]),
      ...(r.noIntrinsicFlow === null ? [] : [`no intrinsic flow: ${r.noIntrinsicFlow}`]),
    ],
  };
}

/**
 * Runs the flow study for the state; throws {@link FlowSetupError} with a one-line message. A
 * non-finite value met inside the solver is reported as a divergence.
 */
export async function runFlow(state: FlowState, options: StudyOptions = {}): Promise<FlowOutput> {
  let result: FlowResult;
  try {
    result = await flowStudy.run(flowInput(state), options);
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    const message = errorLine(error);
    if (/finite|Infinity|NaN/i.test(message))
      throw new FlowSetupError(`the flow diverged (values overflowed to non-finite numbers): ${message}`);
    throw new FlowSetupError(message);
  }
  return flowOutput(result);
}

/** How the page prints the deviation (the browser test compares this text with `idyn flow --json`). */
export function formatDeviation(x: number): string {
  return x.toExponential(2);
}
