// The GPU-machine benchmark of @idyn/integrators-gpu (gpu.js on headless-gl) and
// @idyn/integrators-webgpu (WGSL on Dawn), against cpuBackend of @idyn/integrators on one thread and
// on all cores of that machine. Bundled by `run.sh prepare` into .gpu-machine/bench.mjs (one ESM
// file, the workspace packages inlined from source; gl's addon and Dawn's dawn.node loaded from
// files beside it) and run phase by phase by `run.sh run`, each phase a process of its own (a
// native crash loses one phase, not the run). One JSON line per figure on stdout.
//
//   node bench.mjs cpu                    one thread and all cores, both widths, RK4 and DOPRI5
//   node bench.mjs gl-renderer            the renderer of a headless-gl context (exit 3 if none)
//   node bench.mjs gl                     gpu.js headless-gl cases (B = 16384, 65536)
//   node bench.mjs webgpu B               WebGPU cases at batch B (exit 3 without an adapter)
//   node bench.mjs summary JSONL OUTDIR   summary.json and summary.md from the JSON lines
//
// Every case is the seeded ensemble of `layeredBenchCase` (@idyn/integrators/backend): gradient
// flows of a ReLU network with biases, MSE on 32 shared samples, θ₀ ~ N(0, 0.5²) per member; RK4
// with steps of 0.01, or DOPRI5 at rtol 1e-5, atol 1e-7 over the same span. The figures are
// computed the same way for every backend from its BatchIntegrateResult: trial steps per second
// ((accepted + rejected) / s, summed over the members; RK4: B × steps / s), and useful GFLOP/s
// (nfev × evaluationFlops(widths, 32) / s: the matrix products of one evaluation of −∇L, 2 flops a
// multiply-add). Timed runs follow a one-step warm-up that compiles the kernels. Agreement: max
// |Δθ| of the end states of the first 64 members (16 on [16,64,64,1]) against cpuBackend (float64)
// on the same members and options.
//
// env: BUDGET_S (seconds this phase may spend, default 150), TARGET_S (seconds per timed GPU run,
// default 5), DAWN_NODE (path of dawn.node), GL_NODE_PATH (path of gl's webgl.node), MAX_CHUNK
// (gpu.js members per chunk on [16,64,64,1], default 16384).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type BatchIntegrateOptions, type BatchIntegrateResult, cpuBackend } from '@idyn/integrators';
import { BENCH_BUDGET, evaluationFlops, layeredBenchCase } from '@idyn/integrators/backend';
import { availableGpuModes, createGpuBackend } from '@idyn/integrators-gpu';
import { availableWebGpu, createWebGpuBackend } from '@idyn/integrators-webgpu/node';
import createGL from 'gl';

type Method = 'rk4' | 'dopri5';
type Widths = readonly number[];
interface Backendish {
  integrateBatch(
    p: ReturnType<typeof layeredBenchCase>['problem'],
    y0: Float64Array,
    B: number,
    o: BatchIntegrateOptions,
  ): BatchIntegrateResult | Promise<BatchIntegrateResult>;
}

const SMALL: Widths = [8, 16, 16, 1];
const WIDE: Widths = [16, 64, 64, 1];
const SAMPLES = 32;
const STEP = 0.01;
/** Members compared with float64 (the first ones of the batch: same seed, same members). */
const agreeCount = (widths: Widths) => (widths === SMALL ? 64 : 16);
const start = performance.now();
const elapsed = () => (performance.now() - start) / 1000;
const budget = Number(process.env.BUDGET_S ?? 150);
const target = Number(process.env.TARGET_S ?? 5);
const emit = (o: object) =>
  process.stdout.write(`${JSON.stringify({ t: Number(elapsed().toFixed(1)), ...o })}\n`);
const errorText = (e: unknown) =>
  String((e as Error)?.stack ?? e)
    .split('\n')
    .slice(0, 4)
    .join(' | ');

/** Options of a run over `steps` steps of 0.01 (RK4), or over the same span (DOPRI5). */
function optionsFor(method: Method, steps: number): BatchIntegrateOptions {
  const times = [0, steps * STEP];
  return method === 'rk4'
    ? { times, method: 'rk4', step: STEP, budget: BENCH_BUDGET }
    : { times, rtol: 1e-5, atol: 1e-7, budget: BENCH_BUDGET };
}

/** Uniform figures of one timed run. */
function figures(r: BatchIntegrateResult, widths: Widths, seconds: number) {
  const trialSteps = r.stats.accepted + r.stats.rejected;
  return {
    seconds,
    trialSteps,
    acceptedSteps: r.stats.accepted,
    nfev: r.stats.nfev,
    trialStepsPerSecond: trialSteps / seconds,
    gflops: (r.stats.nfev * evaluationFlops(widths, SAMPLES)) / seconds / 1e9,
    failed: r.status.filter((s) => s !== 'success').length,
  };
}

/**
 * max |Δθ| of the end states of the first members of `r` against cpuBackend (float64) on the same
 * members with the same options (DOPRI5: the same tolerances, so the difference includes the
 * float32 step control's).
 */
function agreement(r: BatchIntegrateResult, widths: Widths, method: Method, steps: number): number {
  const n = Math.min(agreeCount(widths), r.shape[0]);
  const c = layeredBenchCase('agreement', { batch: n, widths, samples: SAMPLES });
  const ref = cpuBackend.integrateBatch(c.problem, c.theta0, n, optionsFor(method, steps));
  const D = c.D;
  let m = 0;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < D; p++) {
      const d = Math.abs(r.y[(b * 2 + 1) * D + p]! - ref.y[(b * 2 + 1) * D + p]!);
      if (!(d <= m)) m = d;
    }
  }
  return m;
}

/**
 * Times one GPU case: a one-step warm-up (compiles, and estimates the time per step), then the
 * steps that fill about TARGET_S, unless the prediction overruns what is left of the budget.
 */
async function gpuCase(
  backend: Backendish,
  label: string,
  widths: Widths,
  B: number,
  method: Method,
  extra: object = {},
): Promise<void> {
  const c = layeredBenchCase(label, { batch: B, widths, samples: SAMPLES });
  const tag = { kind: 'bench', backend: label, widths, batch: B, method, ...extra };
  if (elapsed() > budget - 10) {
    emit({ ...tag, skipped: `budget: ${(budget - elapsed()).toFixed(0)} s left before the warm-up` });
    return;
  }
  try {
    const w0 = performance.now();
    await backend.integrateBatch(c.problem, c.theta0, B, optionsFor(method, 1));
    const warm = (performance.now() - w0) / 1000;
    const left = budget - elapsed();
    const steps = Math.max(2, Math.min(20, Math.floor(target / Math.max(warm, 1e-3))));
    if (warm * steps > left - 5) {
      emit({ ...tag, skipped: `budget: ${left.toFixed(0)} s left, one step took ${warm.toFixed(1)} s` });
      return;
    }
    const t0 = performance.now();
    const r = await backend.integrateBatch(c.problem, c.theta0, B, optionsFor(method, steps));
    const seconds = (performance.now() - t0) / 1000;
    const extraR = r as {
      backendUsed?: string;
      readbacks?: number;
      dispatches?: number;
      kernelLaunches?: number;
    };
    emit({
      ...tag,
      ran: extraR.backendUsed ?? r.backend,
      steps,
      warmupSeconds: warm,
      ...figures(r, widths, seconds),
      readbacks: extraR.readbacks ?? 0,
      ...(extraR.dispatches !== undefined ? { dispatches: extraR.dispatches } : {}),
      ...(extraR.kernelLaunches !== undefined ? { kernelLaunches: extraR.kernelLaunches } : {}),
      agreementMaxAbs: elapsed() < budget - 10 ? agreement(r, widths, method, steps) : null,
    });
  } catch (e) {
    emit({ ...tag, error: errorText(e) });
  }
}

/** The CPU baselines: one thread, then all cores (worker threads, each a share of the members). */
async function cpuPhase(): Promise<void> {
  const threads = availableParallelism();
  emit({
    kind: 'machine',
    cores: threads,
    cpu: cpus()[0]?.model ?? '',
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
  });
  for (const widths of [SMALL, WIDE]) {
    // Per thread: members and steps for about a second of one core (per-member cost does not
    // depend on B on the CPU).
    for (const method of ['rk4', 'dopri5'] as const) {
      const per = widths === SMALL ? 128 : method === 'rk4' ? 16 : 8;
      const steps = (widths === SMALL ? 10 : 4) / (method === 'rk4' ? 1 : 2);
      const tag = { kind: 'bench', widths, method, steps };
      try {
        const c = layeredBenchCase('cpu', { batch: per, widths, samples: SAMPLES });
        cpuBackend.integrateBatch(c.problem, c.theta0, per, optionsFor(method, 1));
        const t0 = performance.now();
        const r = cpuBackend.integrateBatch(c.problem, c.theta0, per, optionsFor(method, steps));
        const seconds = (performance.now() - t0) / 1000;
        emit({ ...tag, backend: 'cpu-1-thread', threads: 1, batch: per, ...figures(r, widths, seconds) });
      } catch (e) {
        emit({ ...tag, backend: 'cpu-1-thread', error: errorText(e) });
      }
      try {
        emit({
          ...tag,
          backend: 'cpu-all-cores',
          threads,
          batch: threads * per,
          ...(await allCores(widths, method, per, steps, threads)),
        });
      } catch (e) {
        emit({ ...tag, backend: 'cpu-all-cores', error: errorText(e) });
      }
    }
  }
}

async function allCores(widths: Widths, method: Method, per: number, steps: number, threads: number) {
  const self = fileURLToPath(import.meta.url);
  const workers = Array.from(
    { length: threads },
    (_, i) => new Worker(self, { workerData: { widths, method, per, steps, index: i } }),
  );
  const next = (w: Worker) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  await Promise.all(workers.map(next));
  const t0 = performance.now();
  const done = await Promise.all(
    workers.map((w) => {
      const p = next(w);
      w.postMessage('go');
      return p;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const w of workers) await w.terminate();
  const sum = (k: string) => done.reduce((s, d) => s + d[k]!, 0);
  const trialSteps = sum('trialSteps');
  return {
    seconds,
    trialSteps,
    acceptedSteps: sum('acceptedSteps'),
    nfev: sum('nfev'),
    trialStepsPerSecond: trialSteps / seconds,
    gflops: (sum('nfev') * evaluationFlops(widths, SAMPLES)) / seconds / 1e9,
    failed: sum('failed'),
  };
}

/** A worker of the all-cores baseline: its share of the same seeded members. */
function cpuWorker(): void {
  const { widths, method, per, steps, index } = workerData as {
    widths: Widths;
    method: Method;
    per: number;
    steps: number;
    index: number;
  };
  const c = layeredBenchCase('cpu', { batch: per * (index + 1), widths, samples: SAMPLES });
  const theta = c.theta0.subarray(per * index * c.D);
  cpuBackend.integrateBatch(c.problem, theta, per, optionsFor(method, 1));
  parentPort?.postMessage({});
  parentPort?.once('message', () => {
    const r = cpuBackend.integrateBatch(c.problem, theta, per, optionsFor(method, steps));
    parentPort?.postMessage({
      trialSteps: r.stats.accepted + r.stats.rejected,
      acceptedSteps: r.stats.accepted,
      nfev: r.stats.nfev,
      failed: r.status.filter((s) => s !== 'success').length,
    });
  });
}

/** The renderer of a headless-gl context: headless-gl masks it, the native getter names the driver. */
function glRenderer(): { renderer: string; nvidia: boolean; software: boolean; maxTextureSize: number } {
  const gl = createGL(2, 2, { preserveDrawingBuffer: true });
  if (!gl) throw new Error('gl(2, 2) returned null: no GL context (no X display, or no GLX on it)');
  let proto = Object.getPrototypeOf(gl);
  while (proto && !Object.hasOwn(proto, 'getParameter')) proto = Object.getPrototypeOf(proto);
  const native = proto && Object.getPrototypeOf(proto);
  const renderer = String(
    native?.getParameter ? native.getParameter.call(gl, gl.RENDERER) : gl.getParameter(gl.RENDERER),
  );
  const maxTextureSize = Number(gl.getParameter(gl.MAX_TEXTURE_SIZE));
  gl.getExtension('STACKGL_destroy_context')?.destroy();
  return {
    renderer,
    nvidia: /nvidia/i.test(renderer),
    software: /llvmpipe|softpipe|swrast|swiftshader/i.test(renderer),
    maxTextureSize,
  };
}

async function glPhase(): Promise<void> {
  const r = glRenderer();
  emit({ kind: 'gl-renderer', ...r, modes: availableGpuModes() });
  // GL_ANY_RENDERER=1 runs the cases on any renderer (to test this phase on Mesa llvmpipe, with
  // small GL_BATCHES): those are not GPU figures.
  if (!r.nvidia && process.env.GL_ANY_RENDERER !== '1') {
    emit({
      kind: 'gl-skipped',
      reason: `the GL renderer is ${r.renderer}, not an NVIDIA GPU: no gpu.js GPU figures`,
    });
    process.exitCode = 3;
    return;
  }
  const maxChunk = Number(process.env.MAX_CHUNK ?? 16384);
  const [small, large] = (process.env.GL_BATCHES ?? '16384,65536').split(',').map(Number) as [number, number];
  const cases: [Widths, Method, number][] = [
    [SMALL, 'rk4', small],
    [SMALL, 'rk4', large],
    [SMALL, 'dopri5', small],
    [SMALL, 'dopri5', large],
    [WIDE, 'rk4', small],
    [WIDE, 'rk4', large],
    // Last: ReLU flows of this width take many short DOPRI5 steps (kinks), the slowest case.
    [WIDE, 'dopri5', small],
  ];
  for (const [widths, method, B] of cases) {
    const backend = createGpuBackend({
      mode: 'headlessgl',
      minGpuBatch: 0,
      ...(widths === WIDE ? { maxChunk } : {}),
    });
    const label = r.nvidia ? 'gpu.js-headlessgl' : 'gpu.js-headlessgl-software';
    await gpuCase(backend, label, widths, B, method, widths === WIDE ? { maxChunk } : {});
    backend.destroy();
  }
}

async function webgpuPhase(B: number): Promise<void> {
  const dawn = process.env.DAWN_NODE;
  if (!dawn) throw new Error('webgpu phase: set DAWN_NODE to the path of dawn.node');
  const require = createRequire(import.meta.url);
  const gpu = (require(dawn) as { create: (flags: string[]) => never }).create([]);
  const a = await availableWebGpu({ gpu });
  emit({ kind: 'webgpu-adapter', batch: B, ...a });
  if (!a.available || a.adapter?.isFallbackAdapter) {
    emit({
      kind: 'webgpu-skipped',
      batch: B,
      reason: a.available ? 'only a fallback (software) adapter' : a.reason,
    });
    process.exitCode = 3;
    return;
  }
  const backend = await createWebGpuBackend({ gpu, memoryBudget: 16 * 2 ** 30, allowFallbackAdapter: false });
  for (const method of ['rk4', 'dopri5'] as const) await gpuCase(backend, 'webgpu', SMALL, B, method);
  backend.destroy();
}

/** summary.json and summary.md from the JSON lines of every phase. */
function summary(jsonl: string, outDir: string): void {
  const lines = readFileSync(jsonl, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const benches = lines.filter((l) => l.kind === 'bench');
  const key = (l: Record<string, unknown>) => `${(l.widths as number[]).join('-')}|${l.method}`;
  const base = (name: string, l: Record<string, unknown>) =>
    benches.find((b) => b.backend === name && key(b) === key(l) && typeof b.trialStepsPerSecond === 'number')
      ?.trialStepsPerSecond as number | undefined;
  const rows = benches.map((l) => {
    const rate = l.trialStepsPerSecond as number | undefined;
    const one = base('cpu-1-thread', l);
    const all = base('cpu-all-cores', l);
    return {
      ...l,
      ...(rate !== undefined && one ? { vsOneThread: rate / one } : {}),
      ...(rate !== undefined && all ? { vsAllCores: rate / all } : {}),
    };
  });
  const gpuFigures = rows.filter(
    (r) =>
      (r.backend === 'gpu.js-headlessgl' || r.backend === 'webgpu') &&
      typeof r.trialStepsPerSecond === 'number',
  );
  const out = {
    schema: 'idyn.gpu-machine/1',
    gpu: gpuFigures.length > 0,
    machine: lines.find((l) => l.kind === 'machine') ?? null,
    nvidia: lines.find((l) => l.kind === 'nvidia') ?? null,
    glRenderer: lines.find((l) => l.kind === 'gl-renderer') ?? null,
    webgpuAdapter: lines.find((l) => l.kind === 'webgpu-adapter') ?? null,
    notes: lines.filter(
      (l) => String(l.kind).endsWith('-skipped') || l.kind === 'phase-failed' || l.kind === 'gpu-missing',
    ),
    rows,
  };
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(out, null, 2)}\n`);
  const f = (v: unknown, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '-');
  const e = (v: unknown) => (typeof v === 'number' ? v.toExponential(1) : '-');
  const md = [
    '# GPU-machine benchmark (tooling/gpu-machine)',
    '',
    `Machine: ${JSON.stringify(out.machine)}`,
    `NVIDIA: ${JSON.stringify(out.nvidia)}`,
    `GL renderer: ${JSON.stringify(out.glRenderer)}`,
    `WebGPU adapter: ${JSON.stringify(out.webgpuAdapter?.adapter ?? out.webgpuAdapter?.reason ?? null)}`,
    '',
    out.gpu
      ? 'GPU figures below.'
      : '**No GPU figures**: see the notes (no NVIDIA GL renderer and no WebGPU adapter).',
    '',
    '| backend | widths | method | B | trial steps/s | GFLOP/s | vs 1 thread | vs all cores | max abs Δθ vs float64 | seconds | note |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.backend} | [${(r.widths as number[]).join(',')}] | ${r.method} | ${r.batch ?? '-'} | ${f(r.trialStepsPerSecond)} | ${f(r.gflops, 2)} | ${f(r.vsOneThread, 2)} | ${f(r.vsAllCores, 2)} | ${e(r.agreementMaxAbs)} | ${f(r.seconds, 1)} | ${String(r.error ?? r.skipped ?? (r.failed ? `${r.failed} failed` : '')).replaceAll('|', '/')} |`,
    ),
    '',
    ...out.notes.map((n) => `- ${n.kind}: ${String(n.reason ?? n.message ?? '')}`),
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'summary.md'), md);
  process.stdout.write(md);
}

async function main(): Promise<void> {
  const [phase, a, b] = process.argv.slice(2);
  if (phase === 'cpu') await cpuPhase();
  else if (phase === 'gl-renderer') {
    const r = glRenderer();
    emit({ kind: 'gl-renderer', ...r, modes: availableGpuModes() });
    if (!r.nvidia) process.exitCode = 3;
  } else if (phase === 'gl') await glPhase();
  else if (phase === 'webgpu') await webgpuPhase(Number(a));
  else if (phase === 'summary' && a && b) summary(a, b);
  else throw new Error('usage: node bench.mjs cpu | gl-renderer | gl | webgpu B | summary JSONL OUTDIR');
}

if (!isMainThread) cpuWorker();
else
  main().catch((e) => {
    emit({ kind: 'phase-failed', phase: process.argv[2], message: errorText(e) });
    process.exitCode = 1;
  });
