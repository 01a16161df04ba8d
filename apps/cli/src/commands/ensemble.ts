import { ensembleBandPlot } from '@idyn/plot';
import { type EnsembleInput, type EnsembleResult, ensembleStudy } from '@idyn/studies';
import { defineCommand, NET_HELP, optionInput, type PreparedRun } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, table } from '../internal/format.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';
import { writeFigure } from '../internal/output.js';

const BACKENDS = ['gpu', 'cpu', 'threads', 'webgpu'] as const;

/**
 * The backend a run needs beyond its JSON input, created here and released after the run: the
 * worker threads of `threads` (all cores, or --threads N) and the Dawn device of `webgpu`; gpu.js
 * is created by the study itself. Ctrl-C cancels every backend but the single-thread CPU one
 * (synchronous: the interrupt ends the process there, as usual).
 */
async function prepareBackend(input: EnsembleInput): Promise<PreparedRun> {
  if (input.backend === 'threads') {
    const { createThreadedCpuBackend } = await import('@idyn/integrators/threads');
    const pool = createThreadedCpuBackend(input.threads === undefined ? {} : { threads: input.threads });
    return { options: { backend: pool }, interruptible: true, dispose: () => pool.destroy() };
  }
  if (input.backend === 'webgpu') {
    // Dawn is loaded only here: no other command pays for it.
    const { createWebGpuBackend, WebGpuUnavailableError } = await import('@idyn/integrators-webgpu/node');
    try {
      const gpu = await createWebGpuBackend();
      return { options: { backend: gpu }, interruptible: true, dispose: () => gpu.destroy() };
    } catch (error) {
      if (error instanceof WebGpuUnavailableError)
        throw new UsageError(`--backend webgpu: ${error.message}`, { option: '--backend', code: 'input' });
      throw error;
    }
  }
  return { interruptible: input.backend !== 'cpu' };
}

/** The device work a GPU backend reported, one line (none on the CPU). */
function deviceWork(work: EnsembleResult['work']): [string, string][] {
  const parts = [
    ['readbacks', 'read-backs'],
    ['summaryReadbacks', 'of them status summaries'],
    ['kernelLaunches', 'kernel launches'],
    ['dispatches', 'dispatches'],
    ['rounds', 'rounds'],
    ['chunks', 'chunks'],
  ] as const;
  const text = parts
    .filter(([k]) => work?.[k] !== undefined)
    .map(([k, label]) => `${work![k]} ${label}`)
    .join(', ');
  return text === '' ? [] : [['device', text]];
}

/** `idyn ensemble <net>`: many gradient flows at once on a batched backend (GPU, WebGPU, CPU threads). */
export const ensembleCommand = defineCommand<EnsembleInput, EnsembleResult>({
  name: 'ensemble',
  summary:
    'integrate many gradient flows at once (gpu.js, WebGPU, CPU on one or all cores), report loss spread and law drift',
  usage:
    'ensemble <net> [--runs B] [--init KIND:SEED] [--loss mse --data FILE | --loss synthetic:SEED] [--backend gpu|cpu|threads|webgpu] [--threads N] [--json]',
  description: `Integrates B independent gradient flows of a layered network (relu: or linear: preset; biases
with +bias; or a model.onnx / spec with that architecture, run as the preset) from B seeded initializations (member b uses seed SEED + b) in one batch, on a backend:
  gpu     gpu.js (@idyn/integrators-gpu, float32), the whole integration on the device, read back
          only at the output times; --mode gpu picks headless-gl under an X display, else
          WebAssembly; batches smaller than --min-gpu-batch go to the CPU float64 backend;
  cpu     the float64 reference of @idyn/integrators on one thread; with --threads N on N worker
          threads (bit-identical results);
  threads float64 on every core (worker threads, or --threads N);
  webgpu  WGSL compute through Dawn (@idyn/integrators-webgpu/node) on a Vulkan GPU; without an
          adapter it stops with exit 2 saying what is missing (never a silent CPU fallback).
The output names the backend that really ran (and the adapter or thread count) and, for the GPU
backends, the read-backs, kernel launches or dispatches. On a terminal the progress shows the
members done and the steps per second; Ctrl-C cancels the run cleanly (exit 130; with --backend cpu
alone the interrupt ends the process at once). Reports the loss spread at the output times, the
drift of the laws h_v per member and the work. The loss is the mean squared error on --data, or
(linear presets) the synthetic loss of MATH.md §5.

Exit code 1 when some member did not finish (diverged, non-finite, step too small).

${NET_HELP}`,
  options: [
    option('runs'),
    {
      ...option('init', 'initialization of member 0; member b adds b to the seed (default gaussian:0)'),
      value: 'KIND:SEED',
    },
    option('loss', 'mse (with --data) or synthetic:SEED (linear presets only); default mse'),
    option('data', 'CSV or JSON data set for --loss mse'),
    option('T', 'final time (default 1)'),
    option('times', 'number of output times in [0, T] (default 11)'),
    option('backend', 'gpu (default), cpu, threads (all cores) or webgpu; see above'),
    option('threads', 'worker threads of the CPU backend (--backend cpu --threads N, or threads: all cores)'),
    option('mode'),
    option('min-gpu-batch'),
    option('rtol', 'DOPRI5 relative tolerance (default 1e-4 on float32, 1e-8 on float64; atol = rtol/100)'),
    option('max-steps'),
    option('out', 'write ensemble.svg (loss band over time) to DIR'),
    ...BUDGET_OPTIONS,
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
    [
      'idyn ensemble relu:8-16-16-1 --runs 4096 --loss teacher:0 --backend threads',
      'float64 on every core (worker threads), the same results as --backend cpu',
    ],
    [
      'idyn ensemble relu:8-16-16-1 --runs 16384 --loss teacher:0 --backend webgpu',
      'WGSL compute on a Vulkan GPU through Dawn; exit 2 naming what is missing without one',
    ],
  ],
  study: ensembleStudy,
  input(ctx) {
    if ((ctx.string('loss') ?? 'mse') === 'mse' && ctx.string('data') === undefined)
      throw new UsageError('--loss mse needs --data FILE (or --loss synthetic:SEED on a linear: preset)');
    const backend = ctx.string('backend') ?? 'gpu';
    if (!(BACKENDS as readonly string[]).includes(backend))
      throw new UsageError(`--backend must be ${BACKENDS.join(', ')}, got '${backend}'`, {
        option: '--backend',
        code: 'input',
      });
    const threads = ctx.number('threads');
    if (threads !== undefined && backend !== 'cpu' && backend !== 'threads')
      throw new UsageError(`--threads needs --backend cpu or threads, got --backend '${backend}'`, {
        option: '--threads',
        code: 'input',
      });
    const input = optionInput(this, ctx) as unknown as EnsembleInput;
    // --backend cpu --threads N: the float64 backend on N worker threads
    return {
      ...input,
      ...(backend === 'cpu' && threads !== undefined ? { backend: 'threads' as const } : {}),
      perRun: ctx.outDir !== null,
    };
  },
  prepare: (_ctx, input) => prepareBackend(input),
  output(r, ctx) {
    const figure =
      ctx.outDir === null || r.perRun === undefined
        ? null
        : writeFigure(
            ctx.outDir,
            'ensemble',
            ensembleBandPlot(
              {
                x: r.times,
                groups: [
                  {
                    label: `${r.runs} runs (${r.backend.used})`,
                    runs: r.perRun.loss.map((l) => l.map((v) => (v !== null && v > 0 ? v : Number.NaN))),
                  },
                ],
              },
              { title: `idyn ensemble ${r.net}: loss`, logY: true },
            ),
          );
    const code = (r.status.success ?? 0) === r.runs ? EXIT_OK : EXIT_CHECK_FAILED;
    if (ctx.json) {
      ctx.printJson({ ...r, figure });
      return code;
    }
    const b = r.backend;
    ctx.out(
      keyValues([
        ['net', `${r.net} (D ${r.D}), ${r.runs} runs from ${r.init} (+ member index)`],
        [
          'backend',
          `${b.used} (${b.precision}; requested ${b.requested}${b.mode !== null ? ` mode ${b.mode}` : ''}${b.threads !== undefined ? `, ${b.threads} worker threads` : ''}${b.adapter !== undefined ? `, adapter ${b.adapter}` : ''})`,
        ],
        [
          'status',
          Object.entries(r.status)
            .map(([k, v]) => `${v} ${k}`)
            .join(', '),
        ],
        ['law drift', `max ${fmtE(r.lawDrift.max)} over members (${b.precision})`],
        [
          'work',
          `${r.stats.nfev} rhs evaluations, ${r.stats.accepted} accepted steps, ${fmt(r.wallSeconds)} s`,
        ],
        ...deviceWork(r.work),
      ]),
    );
    ctx.out();
    ctx.out(
      table(
        ['t', 'loss min', 'median', 'max'],
        r.lossQuantiles.map((q, k) => [
          fmt(r.times[k]!),
          ...[q.min, q.median, q.max].map((v) => (v === null ? 'n/a' : fmtE(v))),
        ]),
      ),
    );
    return code;
  },
});
