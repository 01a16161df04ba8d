// GPU-machine bench of the device-resident backend: bundled by bench/gpu-machine.sh (prepare) in
// place of ../shared/gpu-probe/src/probe.mjs, run there by the probe's run.sh. One JSON line per
// measurement on stdout.
//
//   node probe.cjs [--renderer-only] [--no-cpu] [--no-webasm] [--label=NAME]
//
// env: PROBE_BUDGET_S (soft budget, default 200: a case predicted to overrun it is skipped),
// PROBE_BATCHES (default 16384,65536), PROBE_WIDTHS (default 8-16-16-1,16-64-64-1),
// PROBE_MAX_CHUNK (members per chunk on [16,64,64,1], default 16384: memory),
// PROBE_TARGET_S (seconds per timed GPU run, default 6), GL_NODE_PATH.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { cpuBackend } from '@idyn/integrators';
import { availableGpuModes, benchEnsemble, createGpuBackend } from '@idyn/integrators-gpu';
import createGL from 'gl';

// All-cores CPU baseline: this same bundle is the worker script (one chunk of members each), as
// createThreadedCpuBackend of @idyn/integrators/threads does with piscina.
if (!isMainThread) {
  const { widths, batch, steps, method } = workerData;
  const run = (n) => benchEnsemble({ backend: 'cpu-float64', batch, steps: n, widths, method });
  run(1);
  parentPort.postMessage('ready');
  parentPort.once('message', () => {
    const r = run(steps);
    parentPort.postMessage({ trajectorySteps: r.trajectorySteps, seconds: r.seconds });
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const label = [...args].find((a) => a.startsWith('--label='))?.slice(8) ?? '';
  const budget = Number(process.env.PROBE_BUDGET_S ?? 200);
  const target = Number(process.env.PROBE_TARGET_S ?? 6);
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const emit = (o) =>
    process.stdout.write(`${JSON.stringify({ label, t: Number(elapsed().toFixed(2)), ...o })}\n`);
  const errInfo = (e) =>
    String(e?.stack ?? e)
      .split('\n')
      .slice(0, 4)
      .join(' | ');

  // Renderer of a headless-gl context (headless-gl masks VENDOR/RENDERER; the native getter
  // under its JS class names the real driver).
  let okGl = false;
  try {
    const gl = createGL(2, 2, { preserveDrawingBuffer: true });
    if (!gl) throw new Error('gl(2,2) returned null: no GL context (no X display or no GLX)');
    const out = {
      RENDERER: gl.getParameter(gl.RENDERER),
      MAX_TEXTURE_SIZE: gl.getParameter(gl.MAX_TEXTURE_SIZE),
    };
    let proto = Object.getPrototypeOf(gl);
    while (proto && !Object.hasOwn(proto, 'getParameter')) proto = Object.getPrototypeOf(proto);
    const native = proto && Object.getPrototypeOf(proto);
    if (native?.getParameter) out.NATIVE_RENDERER = native.getParameter.call(gl, gl.RENDERER);
    const s = `${out.RENDERER} ${out.NATIVE_RENDERER ?? ''}`;
    out.isNvidia = /nvidia/i.test(s);
    out.isLlvmpipe = /llvmpipe|softpipe|swrast/i.test(s);
    gl.getExtension('STACKGL_destroy_context')?.destroy();
    emit({ kind: 'renderer', ...out });
    okGl = true;
  } catch (e) {
    emit({ kind: 'renderer', error: errInfo(e) });
  }
  emit({
    kind: 'modes',
    availableGpuModes: availableGpuModes(),
    node: process.version,
    cores: availableParallelism(),
  });
  if (args.has('--renderer-only')) process.exit(okGl ? 0 : 3);

  const widthsList = (process.env.PROBE_WIDTHS ?? '8-16-16-1,16-64-64-1')
    .split(',')
    .map((w) => w.split('-').map(Number));
  const batches = (process.env.PROBE_BATCHES ?? '16384,65536').split(',').map(Number);
  const maxChunk = Number(process.env.PROBE_MAX_CHUNK ?? 16384);
  const rate = new Map(); // `${backend}|${widths}|${method}` -> trajectory-steps/s
  const key = (b, w, m) => `${b}|${w.join('-')}|${m}`;

  // (1) agreement of the resident headless-gl kernels with float64 (RK4, 10 steps, B = 256).
  if (okGl) {
    try {
      const gpu = createGpuBackend({ mode: 'headlessgl', minGpuBatch: 0 });
      const a = benchEnsemble({ backend: gpu, batch: 256, steps: 10 });
      const { y: yg } = gpu.integrateBatch(...agreementCase());
      gpu.destroy();
      const { y: yc } = cpuBackend.integrateBatch(...agreementCase());
      let m = 0;
      for (let i = 0; i < yc.length; i++) m = Math.max(m, Math.abs(yg[i] - yc[i]));
      emit({
        kind: 'agreement',
        backendUsed: a.backendUsed,
        maxAbsDiffRk4_10Steps: m,
        readbacks: a.readbacks,
      });
    } catch (e) {
      emit({ kind: 'agreement', error: errInfo(e) });
    }
  }

  // (2) CPU baselines: one thread (steps/s per member do not depend on B; B = 256), all cores.
  const cpuCase = (w) => (w[1] >= 64 ? 64 : 256);
  if (!args.has('--no-cpu')) {
    for (const w of widthsList) {
      for (const method of ['rk4', 'dopri5']) {
        try {
          const r = benchEnsemble({ backend: 'cpu-float64', batch: cpuCase(w), steps: 2, widths: w, method });
          rate.set(key('cpu-float64', w, method), r.trajectoryStepsPerSecond);
          emit({ kind: 'bench', backend: 'cpu-float64', threads: 1, widths: w, ...r });
        } catch (e) {
          emit({ kind: 'bench', backend: 'cpu-float64', widths: w, method, error: errInfo(e) });
        }
        try {
          const r = await allCores(w, method, cpuCase(w));
          rate.set(key('cpu-all-cores', w, method), r.trajectoryStepsPerSecond);
          emit({ kind: 'bench', backend: 'cpu-all-cores', widths: w, method, ...r });
        } catch (e) {
          emit({ kind: 'bench', backend: 'cpu-all-cores', widths: w, method, error: errInfo(e) });
        }
      }
    }
  }

  // (3) the resident kernels on the GL context (NVIDIA when the vendor library is), RK4 then DOPRI5.
  const modes = okGl ? ['headlessgl'] : [];
  if (!args.has('--no-webasm')) modes.push('webasm');
  for (const mode of modes) {
    for (const method of ['rk4', 'dopri5']) {
      for (const w of widthsList) {
        for (const B of batches) {
          if (method === 'dopri5' && w[1] >= 64 && B > 16384) continue;
          if (mode === 'webasm' && B > 16384) continue;
          gpuCase(mode, w, B, method);
        }
      }
    }
  }
  emit({ kind: 'done', seconds: elapsed() });

  function gpuCase(mode, w, B, method) {
    const known = rate.get(key(mode, w, method)) ?? rate.get(key(mode, [8, 16, 16, 1], method));
    const scale = flops(w) / flops([8, 16, 16, 1]);
    const predicted = known ? (3 * B * scale) / known : null;
    const left = budget - elapsed();
    if (left <= 0 || (predicted !== null && predicted > left)) {
      emit({
        kind: 'bench',
        backend: mode,
        widths: w,
        batch: B,
        method,
        skipped: `budget: ${left.toFixed(0)} s left, predicted ${predicted?.toFixed(0)} s`,
      });
      return;
    }
    const backend = createGpuBackend({ mode, minGpuBatch: 0, ...(w[1] >= 64 ? { maxChunk } : {}) });
    try {
      const r1 = benchEnsemble({ backend, batch: B, steps: 1, widths: w, method });
      const per = r1.seconds;
      const steps = Math.max(2, Math.min(20, Math.floor(target / Math.max(per, 1e-3))));
      const r =
        steps * per < budget - elapsed() - 5
          ? benchEnsemble({ backend, batch: B, steps, widths: w, method })
          : r1;
      rate.set(key(mode, w, method), r.trajectoryStepsPerSecond);
      const one = rate.get(key('cpu-float64', w, method));
      const all = rate.get(key('cpu-all-cores', w, method));
      emit({
        kind: 'bench',
        backend: mode,
        widths: w,
        ...r,
        ...(one ? { vsOneThread: r.trajectoryStepsPerSecond / one } : {}),
        ...(all ? { vsAllCores: r.trajectoryStepsPerSecond / all } : {}),
        vsMicroBenchmark10_4: r.usefulGflops / 10.4,
      });
    } catch (e) {
      emit({ kind: 'bench', backend: mode, widths: w, batch: B, method, error: errInfo(e) });
    } finally {
      backend.destroy();
    }
  }

  async function allCores(w, method, perWorker) {
    const n = availableParallelism();
    const workers = Array.from(
      { length: n },
      () => new Worker(__filename, { workerData: { widths: w, batch: perWorker, steps: 2, method } }),
    );
    await Promise.all(workers.map((wk) => new Promise((res) => wk.once('message', res))));
    const start = performance.now();
    const done = await Promise.all(
      workers.map((wk) => {
        const p = new Promise((res) => wk.once('message', res));
        wk.postMessage('go');
        return p;
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    for (const wk of workers) await wk.terminate();
    const trajectorySteps = done.reduce((s, d) => s + d.trajectorySteps, 0);
    const perSecond = trajectorySteps / seconds;
    return {
      threads: n,
      batch: n * perWorker,
      trajectorySteps,
      seconds,
      trajectoryStepsPerSecond: perSecond,
      usefulGflops: (flops(w) * (method === 'rk4' ? 4 : 6) * perSecond) / 1e9,
    };
  }
}

function flops(w, N = 32) {
  let f = 0;
  for (let l = 1; l < w.length; l++) f += 2 * w[l] * w[l - 1] * N * (l === 1 ? 2 : 3) + 2 * w[l] * N;
  return f;
}

function agreementCase() {
  // 64 members of a [8,16,16,1] ReLU net, 10 RK4 steps of 0.01, seeded deterministic data.
  const N = 32;
  const widths = [8, 16, 16, 1];
  const X = Array.from({ length: N * 8 }, (_, i) => Math.sin(1.3 * i + 0.2));
  const Y = Array.from({ length: N }, (_, i) => Math.cos(0.7 * i));
  const D = 8 * 16 + 16 * 16 + 16 + 16 + 16 + 1;
  const theta = Array.from({ length: 64 * D }, (_, i) => 0.5 * Math.sin(0.37 * i + 1));
  const problem = {
    kind: 'layered-flow',
    widths,
    activation: 'relu',
    bias: true,
    loss: { type: 'mse', samples: N, X, Y },
  };
  return [problem, theta, 64, { times: [0, 0.1], method: 'rk4', step: 0.01 }];
}
