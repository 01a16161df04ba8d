import { forward, initGaussian, layeredShape, type NetworkSpec, rescaleToLaws } from '@idyn/graph';
import {
  type Backend,
  type BatchIntegrateOptions,
  type BatchIntegrateResult,
  type BatchProgress,
  cpuBackend,
  integrateCost,
  type LayeredFlowProblem,
  layeredFlowLoss,
  layeredNeuronLaws,
} from '@idyn/integrators';
import { checkBudget, createRng, maxAbs } from '@idyn/linalg';
import inputSchema from '../schemas/ensemble.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/ensemble.schema.json' with { type: 'json' };
import type { BudgetInput } from './NetInput.js';
import type { DataInput } from './parseDataSet.js';
import type { StudyOptions } from './Study.js';
import { StudyAbortError } from './StudyAbortError.js';
import { StudyInputError } from './StudyInputError.js';
import { budgetOf, checkResultSize } from './internal/budget.js';
import { readData } from './internal/data.js';
import { defineStudy } from './internal/defineStudy.js';
import { outputTimes } from './internal/linear.js';
import { parseLoss } from './internal/loss.js';
import { resolveNet, wrapInput } from './internal/net.js';
import { initTheta, memberInit } from './internal/theta.js';

/** Input of the `ensemble` study (schemas/ensemble.input.schema.json). */
export interface EnsembleInput extends BudgetInput {
  /**
   * A layered preset (`relu:…` or `linear:…`, optional `+bias`), or a network spec whose
   * architecture is one (an imported ONNX MLP; run as that preset).
   */
  readonly net: string | NetworkSpec;
  /** Name of the net in the result. @default the net text */
  readonly netLabel?: string;
  /** Number of flows B. @default 256 */
  readonly runs?: number;
  /** Init of member 0; member b adds b to the seed. @default 'gaussian:0' */
  readonly init?: string;
  /** Rescale member b so that every law h_v = λ_b, spread evenly over [from, to]. @default undefined */
  readonly lawLevels?: { readonly from: number; readonly to: number };
  /** `mse` (with data), `synthetic:SEED` (linear presets) or `teacher:SEED[:SAMPLES]`. @default 'mse' */
  readonly loss?: string;
  /** Data for `mse`. @default undefined */
  readonly data?: DataInput;
  /** Name of the data in the result. @default 'input' */
  readonly dataLabel?: string;
  /** Final time. @default 1 */
  readonly T?: number;
  /** Number of output times. @default 11 */
  readonly times?: number;
  /**
   * `gpu` (gpu.js, GPU-resident), `cpu` (float64, one thread), `threads` (float64 on worker threads:
   * the front end passes the pool as `options.backend`) or `webgpu` (WGSL compute: the front end
   * passes the backend). @default 'gpu'
   */
  readonly backend?: 'gpu' | 'cpu' | 'threads' | 'webgpu';
  /** Worker threads of `threads` (recorded; the front end sizes the pool). @default undefined */
  readonly threads?: number;
  /** gpu.js mode. @default 'gpu' */
  readonly mode?: 'gpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';
  /** Batches below this run on the CPU float64 backend. @default the backend's (64) */
  readonly minGpuBatch?: number;
  /** `dopri5` (adaptive) or `rk4` (fixed step). @default 'dopri5' */
  readonly method?: 'dopri5' | 'rk4';
  /** RK4 step. @default T/50 */
  readonly step?: number;
  /** DOPRI5 relative tolerance (atol = rtol/100). @default 1e-4 on float32, 1e-8 on float64 */
  readonly rtol?: number;
  /** Step cap per member. @default 100000 */
  readonly maxSteps?: number;
  /** Also return each member's loss per time and final ‖θ‖². @default false */
  readonly perRun?: boolean;
}

/**
 * Options of the `ensemble` study: the backend itself, created by the front end (the study stays
 * browser-safe: it never loads worker threads or Dawn). `signal` cancels the batch and
 * `onProgress` receives, during the integration, the members done and the rate (`members`).
 */
export interface EnsembleOptions extends StudyOptions {
  /**
   * The backend for `backend` `threads` (`createThreadedCpuBackend` of `@idyn/integrators/threads`),
   * `webgpu` (`createWebGpuBackend` of `@idyn/integrators-webgpu` or its `/node` entry) or `gpu`
   * (a gpu.js backend kept by the caller). Required for `threads` and `webgpu`; the caller destroys it.
   * @default for `gpu`: created from `mode` and `minGpuBatch`, destroyed after the run
   */
  readonly backend?: Backend;
  /** The former name of `backend` for `backend: 'gpu'`. @default undefined */
  readonly gpuBackend?: Backend;
}

/** Result of the `ensemble` study: the `idyn.ensemble/1` document (schemas/ensemble.schema.json). */
export interface EnsembleResult {
  /** `idyn.ensemble/1`. */
  readonly schema: 'idyn.ensemble/1';
  /** The net's name. */
  readonly net: string;
  /** Number of flows. */
  readonly runs: number;
  /** Init of member 0. */
  readonly init: string;
  /** The loss. */
  readonly loss: {
    readonly kind: string;
    readonly data?: string;
    readonly seed?: number;
    readonly samples?: number;
  };
  /** Backend asked for and used. */
  readonly backend: {
    readonly requested: 'gpu' | 'cpu' | 'threads' | 'webgpu';
    readonly mode: string | null;
    /** The backend that really ran (`cpu-float64`, a gpu.js kernel class, `webgpu:vendor/architecture`). */
    readonly used: string;
    readonly precision: 'float32' | 'float64';
    /** Worker threads of `threads`. */
    readonly threads?: number;
    /** The WebGPU adapter that ran (`vendor/architecture`). */
    readonly adapter?: string;
  };
  /** Device work of a GPU batch: read-backs, kernel launches (gpu.js), dispatches (WebGPU), rounds, … (empty on the CPU). */
  readonly work?: {
    readonly readbacks?: number;
    readonly kernelLaunches?: number;
    readonly dispatches?: number;
    readonly rounds?: number;
    readonly summaryReadbacks?: number;
    readonly chunks?: number;
  };
  /** Final time. */
  readonly T: number;
  /** DOPRI5 rtol (null with rk4). */
  readonly rtol: number | null;
  /** Output times. */
  readonly times: readonly number[];
  /** Count per integration status. */
  readonly status: Readonly<Record<string, number>>;
  /** Loss min, median, max over members per time. */
  readonly lossQuantiles: readonly { min: number | null; median: number | null; max: number | null }[];
  /** Final loss per member (null if not finite). */
  readonly finalLoss: readonly (number | null)[];
  /** Law drift per member and its maximum (float64, from the returned states). */
  readonly lawDrift: { readonly max: number; readonly perRun: readonly number[] };
  /** Work of the batch. */
  readonly stats: { readonly nfev: number; readonly accepted: number; readonly rejected: number };
  /** Wall time of `integrateBatch` alone. */
  readonly wallSeconds: number;
  /** Path of a figure written by a front end (null from the study). */
  readonly figure: string | null;
  /** Number of parameters per member. */
  readonly D: number;
  /** `dopri5` or `rk4`. */
  readonly method: 'dopri5' | 'rk4';
  /** λ_b of each member (with `lawLevels`). */
  readonly lambdas?: readonly number[];
  /** max over members and neurons of |h_v(θ_b(0)) − λ_b| (with `lawLevels`). */
  readonly lawLevelResidual?: number;
  /** Loss per member and time (null where not finite) and final ‖θ‖² (with `perRun`). */
  readonly perRun?: {
    readonly loss: readonly (readonly (number | null)[])[];
    readonly finalNorm: readonly (number | null)[];
  };
}

/** What GPU backends add to a batch result (gpu.js: kernelLaunches, rounds; WebGPU: dispatches, adapter). */
interface BackendWork {
  readonly readbacks: number;
  readonly kernelLaunches: number;
  readonly dispatches: number;
  readonly rounds: number;
  readonly summaryReadbacks: number;
  readonly chunks: number;
  readonly adapter: { vendor: string; architecture: string; isFallbackAdapter: boolean };
}

/** The device work of a batch, as far as the backend reports it (empty for the CPU). */
function workOf(r: Partial<BackendWork>): EnsembleResult['work'] {
  const out: Record<string, number> = {};
  for (const k of [
    'readbacks',
    'kernelLaunches',
    'dispatches',
    'rounds',
    'summaryReadbacks',
    'chunks',
  ] as const)
    if (typeof r[k] === 'number') out[k] = r[k];
  return out;
}

/** A rate for a progress label: 3 significant digits. */
function formatRate(x: number): string {
  return x >= 1000 ? x.toExponential(2) : x.toFixed(0);
}

/**
 * Runs the batch on a backend with the study's signal: the asynchronous GPU path of gpu.js
 * (`integrateBatchAsync`: yields between status summaries, so that an abort lands), else
 * `integrateBatch` (the CPU backends check the signal themselves). An abort rejects at once even
 * when a backend does not watch the signal (WebGPU runs its submitted work to the end; the front
 * end destroys it). An abort is reported as a StudyAbortError.
 */
async function runBatch(
  study: string,
  backend: Backend & { integrateBatchAsync?: Backend['integrateBatch'] },
  signal: AbortSignal | undefined,
  problem: LayeredFlowProblem,
  y0: Float64Array,
  B: number,
  options: BatchIntegrateOptions,
): Promise<BatchIntegrateResult & Partial<BackendWork>> {
  const opts = signal === undefined ? options : { ...options, signal };
  try {
    // a synchronous backend (cpuBackend) throws the abort from inside this call
    const run =
      backend.integrateBatchAsync !== undefined
        ? backend.integrateBatchAsync(problem, y0, B, opts)
        : backend.integrateBatch(problem, y0, B, opts);
    const aborted =
      signal === undefined
        ? null
        : new Promise<never>((_, reject) => {
            if (signal.aborted) reject(signal.reason);
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
    return (await (aborted === null ? run : Promise.race([run, aborted]))) as BatchIntegrateResult &
      Partial<BackendWork>;
  } catch (error) {
    if (signal?.aborted) throw new StudyAbortError(study, signal.reason);
    throw error;
  }
}

/** Min, median and max of the finite values; null when no member is finite there. */
function quantiles(values: readonly number[]): {
  min: number | null;
  median: number | null;
  max: number | null;
} {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return { min: null, median: null, max: null };
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]! };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The `ensemble` study: B gradient flows of a layered network integrated at once on a batched
 * backend (gpu.js float32, or the CPU float64 reference), member b from the init with seed + b,
 * optionally rescaled so that its laws h_v equal λ_b; reports the loss spread over time, the law
 * drift per member (float64, from the returned states) and the work. The result names the
 * backend that really ran.
 *
 * @example
 * const r = await ensembleStudy.run({ net: 'linear:2-2-2', runs: 8, loss: 'synthetic:0', backend: 'cpu' });
 * // r.status { success: 8 }, r.lawDrift.max ≈ 1e-9
 * @see MATH.md §1–2
 */
export const ensembleStudy = defineStudy<EnsembleInput, EnsembleResult, EnsembleOptions>({
  name: 'ensemble',
  summary:
    'integrate many gradient flows at once (gpu.js, WebGPU, CPU on one or all cores), report loss spread and law drift',
  inputSchema,
  resultSchema,
  units: () => 3,
  describe: (input) =>
    `ensemble ${input.netLabel ?? (typeof input.net === 'string' ? input.net : 'spec')}, ${input.runs ?? 256} runs`,
  async compute(input, steps, options) {
    const study = 'ensemble';
    const asGiven = resolveNet(study, input.net, 'auto', input.netLabel);
    // a model or spec with the architecture of a layered preset (an imported ONNX MLP) runs as that
    // preset: the members start from their own inits, so only the architecture is used
    let net = asGiven;
    if ((asGiven.widths === undefined || asGiven.layered === undefined) && asGiven.network !== undefined) {
      const shape = layeredShape(asGiven.network);
      if (!shape.layered)
        throw new StudyInputError(
          'net',
          `{study} needs a layered network (relu:W0-...-WL or linear:W0-...-WL, optional +bias, or a model with that architecture), got {net} '${asGiven.label}': ${shape.reason}`,
          { study, standalone: true },
        );
      net = resolveNet(study, shape.preset, 'auto', `${asGiven.label} (as ${shape.preset})`);
    }
    const { widths, layered, network } = net;
    if (widths === undefined || layered === undefined || network === undefined)
      throw new StudyInputError(
        'net',
        `{study} needs a layered preset (relu:W0-...-WL or linear:W0-...-WL, optional +bias), got {net} '${net.label}'`,
        { study, standalone: true },
      );
    if (layered.bias === 'hidden')
      throw new StudyInputError(
        'net',
        `{study}: +hbias is not supported by the batched backends (use +bias), got {net} '${net.label}'`,
        { study, standalone: true },
      );
    const B = input.runs ?? 256;
    const initText = input.init ?? 'gaussian:0';
    const lossText = input.loss ?? 'mse';
    const loss = parseLoss(study, lossText);
    const nIn = widths[0]!;
    const nOut = widths[widths.length - 1]!;
    // sized before the B initial states, the teacher data and the trajectories are allocated
    // (--runs 1e12, teacher:SEED:1e9); the mse data is already in memory as text
    const budget = budgetOf(input);
    const nt = input.times ?? 11;
    const samples = loss.kind === 'teacher' ? loss.samples : 1;
    // per time a loss quantile triple and the time; per run a final loss and a drift (with perRun,
    // also its loss per time and final norm)
    const perRunNumbers = 2 * B + (input.perRun === true ? B * (nt + 1) : 0);
    const byRuns = perRunNumbers > 4 * nt;
    checkResultSize(
      study,
      byRuns ? 'runs' : 'times',
      byRuns ? B : nt,
      4 * nt + perRunNumbers,
      `${B} runs and ${nt} output times${input.perRun === true ? ', each run per time' : ''}`,
    );
    checkBudget(
      integrateCost({
        problem: {
          kind: 'layered-flow',
          widths,
          activation: layered.activation,
          bias: layered.bias === 'all',
          loss: { type: 'mse', samples, X: new Float64Array(0), Y: new Float64Array(0) },
        },
        times: nt,
        batch: B,
      }),
      budget,
    );
    if (loss.kind === 'teacher')
      checkBudget(
        {
          task: 'ensemble',
          action: `generating ${samples} teacher samples`,
          memoryBytes: 16 * samples * (nIn + nOut),
          work: 4 * samples * net.D,
          sizes: { samples, D: net.D },
        },
        budget,
      );
    await steps.next(`setting up ${B} flows`);
    let problemLoss: LayeredFlowProblem['loss'];
    let lossDoc: EnsembleResult['loss'];
    if (loss.kind === 'mse') {
      const data = readData(study, input.data, nIn, nOut);
      problemLoss = { type: 'mse', samples: data.samples, X: data.X, Y: data.Y };
      lossDoc = { kind: 'mse', data: input.dataLabel ?? 'input' };
    } else {
      if (input.data !== undefined)
        throw new StudyInputError('data', `{data} needs {loss} mse`, { study, standalone: true });
      if (loss.kind === 'synthetic') {
        if (layered.activation !== 'identity' || layered.bias !== 'none')
          throw new StudyInputError(
            'loss',
            `{loss} synthetic needs a linear: preset without biases, got {net} '${net.label}'`,
            { study, standalone: true },
          );
        problemLoss = { type: 'synthetic', Y: createRng(loss.seed).normals(nOut * nIn) };
        lossDoc = { kind: 'synthetic', seed: loss.seed };
      } else {
        // Inputs ~ N(0, 1) seeded; targets from a seeded teacher network of the same shape.
        const X = createRng(loss.seed).normals(loss.samples * nIn);
        const teacher = initGaussian(network, { seed: (loss.seed + 7919) % 2 ** 32, scale: 'he' });
        const Y = forward(network, teacher, X, loss.samples).outputs;
        problemLoss = { type: 'mse', samples: loss.samples, X, Y };
        lossDoc = { kind: 'teacher', seed: loss.seed, samples: loss.samples };
      }
    }
    const problem: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths,
      activation: layered.activation,
      bias: layered.bias === 'all',
      loss: problemLoss,
    };
    const D = net.D;
    checkBudget(integrateCost({ problem, times: nt, batch: B }), budget);
    const y0 = new Float64Array(B * D);
    const lambdas = input.lawLevels === undefined ? undefined : new Array<number>(B);
    for (let b = 0; b < B; b++) {
      let theta = initTheta(study, memberInit(initText, b), net).theta;
      if (lambdas !== undefined) {
        const { from, to } = input.lawLevels!;
        const lambda = B === 1 ? (from + to) / 2 : from + ((to - from) * b) / (B - 1);
        lambdas[b] = lambda;
        const target = new Float64Array(network.lawNodes.length).fill(lambda);
        theta = wrapInput(study, 'lawLevels', lambda, () => rescaleToLaws(network, theta, target).theta);
      }
      y0.set(theta, b * D);
    }
    // How well the rescaling reached the levels, measured by the batched backends' own h_v.
    let lawLevelResidual = 0;
    if (lambdas !== undefined)
      for (let b = 0; b < B; b++)
        for (const h of layeredNeuronLaws(problem, y0.subarray(b * D, (b + 1) * D)))
          lawLevelResidual = Math.max(lawLevelResidual, Math.abs(h - lambdas[b]!));
    const requested = input.backend ?? 'gpu';
    const mode = input.mode ?? 'gpu';
    if (requested !== 'gpu' && input.mode !== undefined)
      throw new StudyInputError('mode', '{mode} needs {backend} gpu', { study, standalone: true });
    if (requested !== 'gpu' && input.minGpuBatch !== undefined)
      throw new StudyInputError('minGpuBatch', '{minGpuBatch} needs {backend} gpu', {
        study,
        standalone: true,
      });
    if (input.threads !== undefined && requested !== 'threads')
      throw new StudyInputError(
        'threads',
        `{threads} needs {backend} threads, got {backend} '${requested}'`,
        {
          study,
          standalone: true,
        },
      );
    const given = options.backend ?? (requested === 'gpu' ? options.gpuBackend : undefined);
    let backend: Backend;
    let created: { destroy(): void } | null = null;
    if (requested === 'cpu') backend = cpuBackend;
    else if (given !== undefined) backend = given;
    else if (requested === 'gpu') {
      // Loaded on demand: only a gpu ensemble pulls gpu.js (browser-safe, unlike Dawn and workers).
      const { createGpuBackend } = await import('@idyn/integrators-gpu');
      const gpu = wrapInput(study, 'mode', mode, () =>
        createGpuBackend({
          mode: mode as 'gpu',
          ...(input.minGpuBatch !== undefined ? { minGpuBatch: input.minGpuBatch } : {}),
        }),
      );
      backend = gpu;
      created = gpu;
    } else
      throw new StudyInputError(
        'backend',
        requested === 'threads'
          ? '{backend} threads runs on worker threads that the front end creates and passes as options.backend (createThreadedCpuBackend of @idyn/integrators/threads, Node only)'
          : '{backend} webgpu needs a WebGPU backend that the front end creates and passes as options.backend (createWebGpuBackend of @idyn/integrators-webgpu, or its /node entry)',
        { study, standalone: true },
      );
    const T = input.T ?? 1;
    const times = outputTimes(T, nt);
    const method = input.method ?? 'dopri5';
    const rtol = method === 'rk4' ? null : (input.rtol ?? (backend.precision === 'float32' ? 1e-4 : 1e-8));
    await steps.next(`integrating ${B} flows on ${backend.name}`);
    const start = performance.now();
    const onProgress = (p: BatchProgress): void =>
      options.onProgress?.({
        study,
        done: 1,
        total: 3,
        label: `integrating on ${backend.name}: ${p.membersDone}/${p.batch} members done, ${formatRate(p.stepsPerSecond)} steps/s`,
        members: {
          done: p.membersDone,
          total: p.batch,
          trajectorySteps: p.trajectorySteps,
          stepsPerSecond: p.stepsPerSecond,
          seconds: p.seconds,
        },
      });
    let r: BatchIntegrateResult & Partial<BackendWork>;
    try {
      r = await runBatch(study, backend, options.signal, problem, y0, B, {
        times,
        budget,
        maxSteps: input.maxSteps ?? 100_000,
        onProgress,
        ...(method === 'rk4'
          ? { method: 'rk4', step: input.step ?? T / 50 }
          : { rtol: rtol!, atol: rtol! / 100 }),
      });
    } finally {
      created?.destroy();
    }
    const wallSeconds = (performance.now() - start) / 1000;
    await steps.next('evaluating the losses and the laws');
    // Loss per member and time, and law drift per member, in float64 from the returned states.
    const { loss: lossFn } = layeredFlowLoss(problem);
    const grad = new Float64Array(D);
    const lossRuns: number[][] = [];
    const drift = new Array<number>(B).fill(0);
    const finalNorm: (number | null)[] = [];
    for (let b = 0; b < B; b++) {
      const runLoss = new Array<number>(nt);
      const h0 = layeredNeuronLaws(problem, y0.subarray(b * D, (b + 1) * D));
      for (let k = 0; k < nt; k++) {
        const theta = r.y.subarray((b * nt + k) * D, (b * nt + k + 1) * D);
        if (!theta.every(Number.isFinite)) {
          runLoss[k] = Number.NaN;
          continue;
        }
        runLoss[k] = lossFn(theta, grad);
        const h = layeredNeuronLaws(problem, theta);
        for (let i = 0; i < h.length; i++) drift[b] = Math.max(drift[b]!, Math.abs(h[i]! - h0[i]!));
      }
      lossRuns.push(runLoss);
      let norm = 0;
      for (const v of r.y.subarray((b * nt + nt - 1) * D, (b * nt + nt) * D)) norm += v * v;
      finalNorm.push(finite(norm));
    }
    const statusCounts: Record<string, number> = {};
    for (const s of r.status) statusCounts[s] = (statusCounts[s] ?? 0) + 1;
    return {
      schema: 'idyn.ensemble/1',
      net: net.label,
      runs: B,
      init: initText,
      loss: lossDoc,
      backend: {
        requested,
        mode: requested === 'gpu' ? mode : null,
        used: r.backend,
        precision: r.backend === 'cpu-float64' ? 'float64' : backend.precision,
        ...(requested === 'threads' ? { threads: (backend as { threads?: number }).threads ?? 1 } : {}),
        ...(r.adapter !== undefined
          ? {
              adapter: `${r.adapter.vendor}/${r.adapter.architecture}${r.adapter.isFallbackAdapter ? ' (fallback)' : ''}`,
            }
          : {}),
      },
      work: workOf(r),
      T,
      rtol,
      times: Array.from(times),
      status: statusCounts,
      lossQuantiles: Array.from({ length: nt }, (_, k) => quantiles(lossRuns.map((l) => l[k]!))),
      finalLoss: lossRuns.map((l) => finite(l[nt - 1]!)),
      lawDrift: { max: maxAbs(drift), perRun: drift },
      stats: r.stats,
      wallSeconds,
      figure: null,
      D,
      method,
      ...(lambdas !== undefined ? { lambdas, lawLevelResidual } : {}),
      ...(input.perRun ? { perRun: { loss: lossRuns.map((l) => l.map(finite)), finalNorm } } : {}),
    };
  },
});
