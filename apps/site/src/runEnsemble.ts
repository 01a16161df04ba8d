/**
 * The ensemble page over the `ensemble` study of `@idyn/studies` (the study `idyn ensemble` runs):
 * B gradient flows of one layered ReLU network at once, each from its own initialization whose
 * conserved quantities h_v (MATH.md §1) are set to a chosen value λ_b, on targets of a seeded
 * teacher network; then how the law value at initialization relates to where training ends. The
 * gpu.js backend is created once per worker and passed to the study; the name of the kernel that
 * really ran is reported.
 */
import type { Backend } from '@idyn/integrators';
import { type EnsembleInput as EnsembleStudyInput, type EnsembleResult, ensembleStudy } from '@idyn/studies';
import type { AppState } from './state.js';

export type EnsembleInput = Pick<AppState, 'ensNet' | 'members' | 'ensT' | 'ensSeed'>;

/** Samples of the teacher's data set. */
export const ENSEMBLE_SAMPLES = 32;
/** Output times. */
export const ENSEMBLE_FRAMES = 21;
/** Fixed RK4 steps per unit time. */
export const STEPS_PER_UNIT = 50;
/** Range of the law values λ_b at initialization. */
export const LAMBDA_RANGE = 1.5;

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
  /** max over members of the law drift (float64, from the returned states). */
  maxLawDrift: number;
  stopped: number;
  seconds: number;
  trajectorySteps: number;
}

/** The `ensemble` study input of the page's state. */
export function ensembleInput(
  input: EnsembleInput,
  backend: 'gpu' | 'cpu',
  members = input.members,
  T = input.ensT,
  times = ENSEMBLE_FRAMES,
): EnsembleStudyInput {
  return {
    net: `relu:${input.ensNet}`,
    runs: members,
    init: `gaussian:${input.ensSeed}`,
    lawLevels: { from: -LAMBDA_RANGE, to: LAMBDA_RANGE },
    loss: `teacher:${input.ensSeed}:${ENSEMBLE_SAMPLES}`,
    T,
    times,
    backend,
    method: 'rk4',
    step: 1 / STEPS_PER_UNIT,
    perRun: true,
  };
}

const orNaN = (v: number | null): number => v ?? Number.NaN;

function run(input: EnsembleStudyInput, gpu: Backend | null): Promise<EnsembleResult> {
  return ensembleStudy.run(input, gpu === null ? {} : { gpuBackend: gpu });
}

/** Runs the ensemble on the gpu backend (or the CPU one when `gpu` is null). */
export async function runEnsemble(input: EnsembleInput, gpu: Backend | null): Promise<EnsembleOutput> {
  const r = await run(ensembleInput(input, gpu === null ? 'cpu' : 'gpu'), gpu);
  const perRun = r.perRun!;
  return {
    backend: r.backend.used,
    precision: r.backend.precision,
    members: r.runs,
    dim: r.D,
    times: [...r.times],
    lambdas: [...(r.lambdas ?? [])],
    loss: perRun.loss.map((row) => row.map(orNaN)),
    finalLoss: r.finalLoss.map(orNaN),
    finalNorm: perRun.finalNorm.map(orNaN),
    maxLawDrift: r.lawDrift.max,
    stopped: r.runs - (r.status.success ?? 0),
    seconds: r.wallSeconds,
    trajectorySteps: r.runs * Math.round(r.T * STEPS_PER_UNIT),
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

/** Times the ensemble study's batch integration (RK4, fixed step) of `members` flows for `steps` steps. */
export async function benchBackend(
  input: EnsembleInput,
  gpu: Backend | null,
  members: number,
  steps: number,
): Promise<BenchPoint> {
  const r = await run(
    {
      ...ensembleInput(input, gpu === null ? 'cpu' : 'gpu', members, steps / STEPS_PER_UNIT, 2),
      perRun: false,
    },
    gpu,
  );
  return {
    backend: r.backend.used,
    members,
    steps,
    seconds: r.wallSeconds,
    stepsPerSecond: (members * steps) / r.wallSeconds,
  };
}
