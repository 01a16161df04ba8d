/**
 * The ensemble page over the `ensemble` study of `@idyn/studies` (the study `idyn ensemble` runs):
 * B gradient flows of one layered ReLU network at once, each from its own initialization whose
 * conserved quantities h_v (MATH.md §1) are set to a chosen value λ_b, on targets of a seeded
 * teacher network; then how the law value at initialization relates to where training ends.
 *
 * The backend is chosen in the worker: WebGPU (`@idyn/integrators-webgpu`) when the browser has a
 * real (non-fallback) adapter, else gpu.js on WebGL2 (`@idyn/integrators-gpu`); the study runs the
 * batch with the page's signal and reports its members' progress (members done, steps/s).
 * The page shows which ran and why. The bench times cpu-float64, gpu.js and WebGPU side by side on
 * the same study (WebGPU also on a fallback adapter, labelled as such).
 */
import type { Backend } from '@idyn/integrators';
import {
  type EnsembleInput as EnsembleStudyInput,
  type EnsembleResult,
  ensembleStudy,
  type StudyProgress,
} from '@idyn/studies';
import { ENSEMBLE_MAX_WORK, sizeText } from './budget.js';
import type { Reporter } from './protocol.js';
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

/** Progress of a running ensemble, as the page shows it: the study's members of the batch. */
export type EnsembleProgress = NonNullable<StudyProgress['members']>;

/** What the ensemble page draws. */
export interface EnsembleOutput {
  /** The backend that really ran (e.g. `WebGL2Kernel`, `webgpu:nvidia/hopper`). */
  backend: string;
  /** Why this backend, in words. */
  choice: string;
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
  backend: 'gpu' | 'cpu' | 'webgpu',
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

/** Parameters of a layered ReLU network without biases, from its widths. */
export function layeredD(widths: string): number {
  const w = widths.split('-').map(Number);
  return w.slice(1).reduce((s, x, i) => s + x * w[i]!, 0);
}

/** The size budget of an ensemble run: RK4 steps × members × parameters. */
export function checkEnsembleBudget(input: EnsembleInput): void {
  const work = Math.round(input.ensT * STEPS_PER_UNIT) * input.members * layeredD(input.ensNet);
  if (work > ENSEMBLE_MAX_WORK)
    throw new RangeError(
      `${sizeText(input.members)} flows × ${sizeText(Math.round(input.ensT * STEPS_PER_UNIT))} steps × ${layeredD(input.ensNet)} parameters is more work than this page runs (${ENSEMBLE_MAX_WORK.toExponential(0)}): choose fewer flows or a shorter T.`,
    );
}

const orNaN = (v: number | null): number => v ?? Number.NaN;

let gpuJs: Promise<Backend> | null = null;
/** The gpu.js backend (WebGL2 where the browser has it); created once per worker. */
function gpuJsBackend(): Promise<Backend> {
  gpuJs ??= import('@idyn/integrators-gpu').then(
    (mod) => mod.createGpuBackend({ mode: 'gpu', minGpuBatch: 0 }) as Backend,
  );
  return gpuJs;
}

/** What WebGPU offers here: a backend (null when absent), and what the adapter is. */
interface WebGpuChoice {
  backend: Backend | null;
  fallback: boolean;
  adapter: string;
  reason: string;
}
let webGpu: Promise<WebGpuChoice> | null = null;
function webGpuChoice(): Promise<WebGpuChoice> {
  webGpu ??= (async () => {
    const mod = await import('@idyn/integrators-webgpu');
    const a = await mod.availableWebGpu();
    if (!a.available || a.adapter === null)
      return {
        backend: null,
        fallback: false,
        adapter: '',
        reason: a.reason || 'this browser has no WebGPU',
      };
    const name = `${a.adapter.vendor || 'unknown'}/${a.adapter.architecture || 'unknown'}`;
    const backend = (await mod.createWebGpuBackend()) as unknown as Backend;
    return { backend, fallback: a.adapter.isFallbackAdapter, adapter: name, reason: '' };
  })().catch((error: unknown) => ({
    backend: null,
    fallback: false,
    adapter: '',
    reason: (error as Error).message,
  }));
  return webGpu;
}

/** The backend the ensemble runs on, and why (WebGPU on a real adapter, else gpu.js). */
async function chooseBackend(): Promise<{ kind: 'gpu' | 'webgpu'; backend: Backend; choice: string }> {
  const w = await webGpuChoice();
  if (w.backend !== null && !w.fallback)
    return { kind: 'webgpu', backend: w.backend, choice: `WebGPU on ${w.adapter}` };
  const why =
    w.backend !== null
      ? `WebGPU is here but its only adapter is a software fallback (${w.adapter}), so gpu.js on WebGL2 runs`
      : `no WebGPU (${w.reason}), so gpu.js on WebGL2 runs`;
  return { kind: 'gpu', backend: await gpuJsBackend(), choice: why };
}

function output(r: EnsembleResult, choice: string): EnsembleOutput {
  const perRun = r.perRun!;
  return {
    backend: r.backend.used,
    choice,
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

/**
 * Runs the ensemble on the GPU backend chosen here (in the worker), posting progress; `backend`
 * forces one (`cpu` for tests in Node).
 */
export async function runEnsemble(
  input: EnsembleInput,
  r?: Reporter,
  backend?: 'cpu',
): Promise<EnsembleOutput> {
  checkEnsembleBudget(input);
  r?.progress({ label: 'choosing the backend', fraction: 0 });
  const chosen = backend === 'cpu' ? null : await chooseBackend();
  // fixed-step RK4: every flow takes T·50 steps, so the steps taken say how far the run is
  const totalSteps = input.members * Math.round(input.ensT * STEPS_PER_UNIT);
  const onProgress = (p: StudyProgress) => {
    const m = p.members;
    if (m === undefined) return r?.progress({ label: p.label, fraction: null });
    const fraction = Math.min(1, m.trajectorySteps / totalSteps);
    r?.progress({
      label: `${m.done} of ${m.total} flows done, ${Math.floor(100 * fraction)}% of the steps, ${sizeText(Math.round(m.stepsPerSecond))} trajectory-steps/s`,
      fraction,
    });
    r?.partial({ kind: 'ensemble-progress', progress: m });
  };
  r?.progress({ label: `integrating ${sizeText(input.members)} flows`, fraction: 0 });
  const result = await ensembleStudy.run(ensembleInput(input, chosen?.kind ?? 'cpu'), {
    ...(r ? { signal: r.signal, onProgress } : {}),
    ...(chosen === null ? {} : { backend: chosen.backend }),
  });
  return output(result, chosen?.choice ?? 'CPU float64 (asked for)');
}

/** One bench row: trajectory-steps per second of a backend on the ensemble problem. */
export interface BenchRow {
  /** `cpu-float64`, `gpu.js`, `WebGPU`. */
  kind: string;
  /** The backend that ran, as the study names it (or why it could not run). */
  backend: string;
  members: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  /** Why the row is missing or what to know about it (a fallback adapter), else ''. */
  note: string;
}

/** Times the ensemble study's batch integration (RK4, fixed step) of `members` flows for `steps` steps. */
async function timeBackend(
  input: EnsembleInput,
  kind: 'gpu' | 'webgpu',
  backend: Backend | null,
  members: number,
  steps: number,
  r?: Reporter,
): Promise<{ used: string; seconds: number }> {
  const res = await ensembleStudy.run(
    {
      ...ensembleInput(input, backend === null ? 'cpu' : kind, members, steps / STEPS_PER_UNIT, 2),
      perRun: false,
    },
    {
      ...(r ? { signal: r.signal } : {}),
      ...(backend === null ? {} : { backend }),
    },
  );
  return { used: res.backend.used, seconds: res.wallSeconds };
}

/**
 * The bench: cpu-float64 (at most 128 flows: it is the slow one), gpu.js and WebGPU (also on a
 * fallback adapter, labelled) on the same study; each row is posted as it is measured. A warm-up
 * run compiles the GPU kernels first.
 */
export async function benchEnsemble(
  input: EnsembleInput,
  members: number,
  steps: number,
  r?: Reporter,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const push = (row: BenchRow) => {
    rows.push(row);
    r?.partial({ kind: 'bench-row', row });
  };
  const measure = async (kind: string, backend: Backend | null, B: number, note: string) => {
    r?.progress({ label: `timing ${kind} (${B} flows × ${steps} steps)`, fraction: rows.length / 3 });
    const study = kind === 'WebGPU' ? 'webgpu' : 'gpu';
    if (backend !== null) await timeBackend(input, study, backend, Math.min(B, 8), 1, r); // compile the kernels
    const t = await timeBackend(input, study, backend, B, steps, r);
    push({
      kind,
      backend: t.used,
      members: B,
      steps,
      seconds: t.seconds,
      stepsPerSecond: (B * steps) / t.seconds,
      note,
    });
  };
  await measure('cpu-float64', null, Math.min(members, 128), members > 128 ? 'timed on 128 flows' : '');
  await measure('gpu.js', await gpuJsBackend(), members, '');
  const w = await webGpuChoice();
  if (w.backend === null)
    push({
      kind: 'WebGPU',
      backend: 'not available',
      members,
      steps,
      seconds: Number.NaN,
      stepsPerSecond: Number.NaN,
      note: w.reason,
    });
  else
    await measure(
      'WebGPU',
      w.backend,
      members,
      w.fallback ? `fallback adapter ${w.adapter} (software): not what a GPU does` : `adapter ${w.adapter}`,
    );
  return rows;
}
