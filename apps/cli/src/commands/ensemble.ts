import {
  type Backend,
  type BatchIntegrateResult,
  cpuBackend,
  type LayeredFlowProblem,
  layeredFlowLoss,
  layeredNeuronLaws,
} from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import { ensembleBandPlot } from '@idyn/plot';
import type { Command } from '../internal/command.js';
import { NET_HELP } from '../internal/command.js';
import { readData } from '../internal/data.js';
import { oneLine, UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, table } from '../internal/format.js';
import { parseLoss } from '../internal/loss.js';
import { resolveNet } from '../internal/net.js';
import { writeFigure } from '../internal/plots.js';
import { initTheta } from '../internal/theta.js';

/** The --init text of ensemble member b: the seed shifted by b. */
export function memberInit(text: string, b: number): string {
  const parts = text.split(':');
  if (parts[0] === 'relaxed') {
    const seed = parts[2] === undefined ? 0 : Number(parts[2]);
    return `relaxed:${parts[1]}:${seed + b}`;
  }
  if (parts.length < 2 || !/^\d+$/.test(parts[1] as string)) return text; // initTheta reports the error
  parts[1] = String(Number(parts[1]) + b);
  return parts.join(':');
}

function quantiles(values: ArrayLike<number>): { min: number; median: number; max: number } {
  const s = Array.from(values)
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  if (s.length === 0) return { min: 0, median: 0, max: 0 };
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]! };
}

/** `idyn ensemble <net>`: many gradient flows at once on the GPU backend (or the CPU one). */
export const ensembleCommand: Command = {
  name: 'ensemble',
  summary: 'integrate many gradient flows at once (gpu.js backend, or CPU), report loss spread and law drift',
  usage:
    'ensemble <net> [--runs B] [--init KIND:SEED] [--loss mse --data FILE | --loss synthetic:SEED] [--backend gpu|cpu] [--json]',
  description: `Integrates B independent gradient flows of a layered network (relu: or linear: preset; biases
with +bias) from B seeded initializations (member b uses seed SEED + b) in one batch, on the gpu.js
backend of @idyn/integrators-gpu (float32; --mode gpu picks headless-gl under an X display, else
WebAssembly) or on the CPU float64 backend of @idyn/integrators. Batches smaller than
--min-gpu-batch go to the CPU backend; the output always names the backend that really ran.
Reports the loss spread at the output times, the drift of the laws h_v per member and the work.
The loss is the mean squared error on --data, or (linear presets) the synthetic loss of MATH.md §5.

Exit code 1 when some member did not finish (diverged, non-finite, step too small).

${NET_HELP}`,
  options: [
    { name: 'runs', type: 'integer', value: 'B', min: 1, description: 'number of flows (default 256)' },
    {
      name: 'init',
      type: 'string',
      value: 'KIND:SEED',
      description: 'initialization of member 0; member b adds b to the seed (default gaussian:0)',
    },
    {
      name: 'loss',
      type: 'string',
      value: 'LOSS',
      description: 'mse (with --data) or synthetic:SEED (linear presets only); default mse',
    },
    { name: 'data', type: 'string', value: 'FILE', description: 'CSV or JSON data set for --loss mse' },
    {
      name: 'T',
      type: 'number',
      value: 'T',
      min: 0,
      exclusiveMin: true,
      description: 'final time (default 1)',
    },
    {
      name: 'times',
      type: 'integer',
      value: 'N',
      min: 2,
      description: 'number of output times in [0, T] (default 11)',
    },
    {
      name: 'backend',
      type: 'string',
      value: 'NAME',
      description: 'gpu (default: @idyn/integrators-gpu) or cpu (@idyn/integrators, float64)',
    },
    {
      name: 'mode',
      type: 'string',
      value: 'MODE',
      description: 'gpu.js mode: gpu (auto, default), headlessgl, webasm or cpu',
    },
    {
      name: 'min-gpu-batch',
      type: 'integer',
      value: 'N',
      min: 0,
      description: 'smaller batches run on the CPU float64 backend (default: the backend default, 64)',
    },
    {
      name: 'rtol',
      type: 'number',
      value: 'RTOL',
      min: 0,
      exclusiveMin: true,
      description: 'DOPRI5 relative tolerance (default 1e-4 on float32, 1e-8 on float64; atol = rtol/100)',
    },
    {
      name: 'max-steps',
      type: 'integer',
      value: 'N',
      min: 1,
      description: 'step cap per member (default 100000)',
    },
    {
      name: 'out',
      type: 'string',
      value: 'DIR',
      description: 'write ensemble.svg (loss band over time) to DIR',
    },
  ],
  positionals: { min: 1, max: 1, names: '<net>' },
  examples: [
    [
      'idyn ensemble relu:2-4-1+bias --runs 256 --data data.csv',
      '256 ReLU flows on the gpu.js backend (WebAssembly without a display)',
    ],
    [
      'idyn ensemble linear:2-2-2 --runs 100 --loss synthetic:0 --backend cpu',
      '100 linear flows under the MATH.md §5 loss, CPU float64',
    ],
    [
      'xvfb-run -a idyn ensemble relu:2-4-1+bias --runs 4096 --data data.csv --mode headlessgl',
      'headless-gl (a real GL context)',
    ],
  ],
  schema: 'idyn.ensemble/1',
  async run(ctx) {
    const source = ctx.args.positionals[0] as string;
    const net = resolveNet(source, 'auto', ctx.io.cwd);
    const widths = net.widths;
    const layered = net.layered;
    if (widths === undefined || layered === undefined)
      throw new UsageError(
        `idyn ensemble needs a layered preset (relu:W0-...-WL or linear:W0-...-WL, optional +bias), got <net> '${source}'`,
      );
    if (layered.bias === 'hidden')
      throw new UsageError(
        `idyn ensemble: +hbias is not supported by the batched backends (use +bias), got <net> '${source}'`,
      );
    const B = ctx.number('runs') ?? 256;
    const initText = ctx.string('init') ?? 'gaussian:0';
    const loss = parseLoss(ctx.string('loss'), 'mse');
    const dataPath = ctx.string('data');
    const nIn = widths[0]!;
    const nOut = widths[widths.length - 1]!;
    let problemLoss: LayeredFlowProblem['loss'];
    if (loss.kind === 'mse') {
      if (dataPath === undefined)
        throw new UsageError('--loss mse needs --data FILE (or --loss synthetic:SEED on a linear: preset)');
      const data = readData(dataPath, nIn, nOut, ctx.io.cwd);
      problemLoss = { type: 'mse', samples: data.samples, X: data.X, Y: data.Y };
    } else {
      if (layered.activation !== 'identity' || layered.bias !== 'none')
        throw new UsageError(`--loss synthetic needs a linear: preset without biases, got <net> '${source}'`);
      if (dataPath !== undefined) throw new UsageError('--data needs --loss mse');
      problemLoss = { type: 'synthetic', Y: createRng(loss.seed).normals(nOut * nIn) };
    }
    const problem: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths,
      activation: layered.activation,
      bias: layered.bias === 'all',
      loss: problemLoss,
    };
    const D = net.D;
    const y0 = new Float64Array(B * D);
    for (let b = 0; b < B; b++) y0.set(initTheta(memberInit(initText, b), net).theta, b * D);
    const backendName = ctx.string('backend') ?? 'gpu';
    if (backendName !== 'gpu' && backendName !== 'cpu')
      throw new UsageError(`--backend must be gpu or cpu, got '${backendName}'`);
    const mode = ctx.string('mode') ?? 'gpu';
    if (!['gpu', 'headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'].includes(mode))
      throw new UsageError(`--mode must be gpu, headlessgl, webasm or cpu, got '${mode}'`);
    if (backendName === 'cpu' && ctx.string('mode') !== undefined)
      throw new UsageError('--mode needs --backend gpu');
    let backend: Backend;
    if (backendName === 'gpu') {
      // Loaded on demand: only this command pulls gpu.js.
      const { createGpuBackend } = await import('@idyn/integrators-gpu');
      const minGpuBatch = ctx.number('min-gpu-batch');
      try {
        backend = createGpuBackend({
          mode: mode as 'gpu',
          ...(minGpuBatch !== undefined ? { minGpuBatch } : {}),
        });
      } catch (error) {
        if (error instanceof RangeError) throw new UsageError(`--mode '${mode}': ${oneLine(error.message)}`);
        throw error;
      }
    } else backend = cpuBackend;
    const T = ctx.number('T') ?? 1;
    const nt = ctx.number('times') ?? 11;
    const times = Float64Array.from({ length: nt }, (_, i) => (T * i) / (nt - 1));
    const rtol = ctx.number('rtol') ?? (backend.precision === 'float32' ? 1e-4 : 1e-8);
    ctx.status(`integrating ${B} flows on ${backend.name}…`);
    const start = performance.now();
    const r: BatchIntegrateResult = await backend.integrateBatch(problem, y0, B, {
      times,
      rtol,
      atol: rtol / 100,
      maxSteps: ctx.number('max-steps') ?? 100_000,
    });
    const wallSeconds = (performance.now() - start) / 1000;
    ctx.clearStatus();
    // Loss per member and time, and law drift per member, in float64 from the returned states.
    const { loss: lossFn } = layeredFlowLoss(problem);
    const grad = new Float64Array(D);
    const lossRuns: Float64Array[] = [];
    const drift = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      const runLoss = new Float64Array(nt);
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
    }
    const statusCounts: Record<string, number> = {};
    for (const s of r.status) statusCounts[s] = (statusCounts[s] ?? 0) + 1;
    const allOk = (statusCounts.success ?? 0) === B;
    const lossQuantiles = Array.from({ length: nt }, (_, k) => quantiles(lossRuns.map((l) => l[k]!)));
    const precision = r.backend === 'cpu-float64' ? 'float64' : backend.precision;
    const out = ctx.string('out');
    const figure =
      out === undefined
        ? null
        : writeFigure(
            ctx.io.cwd,
            out,
            'ensemble',
            ensembleBandPlot(
              {
                x: times,
                groups: [
                  {
                    label: `${B} runs (${r.backend})`,
                    runs: lossRuns.map((l) => l.map((v) => (Number.isFinite(v) && v > 0 ? v : Number.NaN))),
                  },
                ],
              },
              { title: `idyn ensemble ${source}: loss`, logY: true },
            ),
          );
    if (ctx.json) {
      ctx.printJson({
        schema: 'idyn.ensemble/1',
        net: source,
        runs: B,
        init: initText,
        loss: loss.kind === 'mse' ? { kind: 'mse', data: dataPath } : { kind: 'synthetic', seed: loss.seed },
        backend: {
          requested: backendName,
          mode: backendName === 'gpu' ? mode : null,
          used: r.backend,
          precision,
        },
        T,
        rtol,
        times,
        status: statusCounts,
        lossQuantiles,
        finalLoss: lossRuns.map((l) => (Number.isFinite(l[nt - 1]) ? l[nt - 1]! : null)),
        lawDrift: { max: Math.max(0, ...drift), perRun: drift },
        stats: r.stats,
        wallSeconds,
        figure,
      });
      return allOk ? 0 : 1;
    }
    ctx.out(
      keyValues([
        ['net', `${source} (D ${D}), ${B} runs from ${initText} (+ member index)`],
        [
          'backend',
          `${r.backend} (${precision}; requested ${backendName}${backendName === 'gpu' ? ` mode ${mode}` : ''})`,
        ],
        [
          'status',
          Object.entries(statusCounts)
            .map(([k, v]) => `${v} ${k}`)
            .join(', '),
        ],
        ['law drift', `max ${fmtE(Math.max(0, ...drift))} over members (${precision})`],
        [
          'work',
          `${r.stats.nfev} rhs evaluations, ${r.stats.accepted} accepted steps, ${fmt(wallSeconds)} s`,
        ],
      ]),
    );
    ctx.out();
    ctx.out(
      table(
        ['t', 'loss min', 'median', 'max'],
        lossQuantiles.map((q, k) => [fmt(times[k]!), fmtE(q.min), fmtE(q.median), fmtE(q.max)]),
      ),
    );
    if (figure) ctx.out(`figure ${figure}`);
    return allOk ? 0 : 1;
  },
};
