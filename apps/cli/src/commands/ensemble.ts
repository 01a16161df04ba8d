import { ensembleBandPlot } from '@idyn/plot';
import { type EnsembleInput, type EnsembleResult, ensembleStudy } from '@idyn/studies';
import { defineCommand, NET_HELP, optionInput } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, table } from '../internal/format.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';
import { writeFigure } from '../internal/output.js';

/** `idyn ensemble <net>`: many gradient flows at once on the GPU backend (or the CPU one). */
export const ensembleCommand = defineCommand<EnsembleInput, EnsembleResult>({
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
    option('runs'),
    {
      ...option('init', 'initialization of member 0; member b adds b to the seed (default gaussian:0)'),
      value: 'KIND:SEED',
    },
    option('loss', 'mse (with --data) or synthetic:SEED (linear presets only); default mse'),
    option('data', 'CSV or JSON data set for --loss mse'),
    option('T', 'final time (default 1)'),
    option('times', 'number of output times in [0, T] (default 11)'),
    option('backend'),
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
  ],
  study: ensembleStudy,
  input(ctx) {
    if ((ctx.string('loss') ?? 'mse') === 'mse' && ctx.string('data') === undefined)
      throw new UsageError('--loss mse needs --data FILE (or --loss synthetic:SEED on a linear: preset)');
    return { ...(optionInput(this, ctx) as unknown as EnsembleInput), perRun: ctx.outDir !== null };
  },
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
          `${b.used} (${b.precision}; requested ${b.requested}${b.mode !== null ? ` mode ${b.mode}` : ''})`,
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
      ]),
    );
    ctx.out();
    ctx.out(
      table(
        ['t', 'loss min', 'median', 'max'],
        r.lossQuantiles.map((q, k) => [fmt(r.times[k]!), fmtE(q.min), fmtE(q.median), fmtE(q.max)]),
      ),
    );
    return code;
  },
});
