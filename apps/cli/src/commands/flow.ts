import { combinePlots, convergencePlot, type FigureSpec, lawDriftPlot, lossPlot } from '@idyn/plot';
import { type FlowInput, type FlowResult, flowStudy } from '@idyn/studies';
import { type CommandContext, defineCommand, NET_HELP, optionInput } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from '../internal/errors.js';
import { crossingLines, deviationText, flowFigure, pieceLines } from '../internal/flowText.js';
import { fmt, fmtE, keyValues, paint, table } from '../internal/format.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';
import { writeFigure } from '../internal/output.js';

/** `idyn flow <net>`: the theta-flow against the intrinsic z-flow (MATH.md §3–4). */
export const flowCommand = defineCommand<FlowInput, FlowResult>({
  name: 'flow',
  summary: 'integrate the theta-flow and the intrinsic z-flow side by side: deviation, law drift, plots',
  usage:
    'flow <net> [--init KIND:SEED | --theta FILE] [--loss synthetic:SEED | --loss mse --data FILE] [--T T] [--method gd --eta ETA[,ETA...] [--batch-size B --seed S]] [--out DIR] [--json]',
  description: `Integrates the gradient flow theta' = -Dphi^T grad f(phi(theta)) and the intrinsic flow
z' = -K(z) grad f(z) from z(0) = phi(theta0) (DOPRI5, rtol --rtol, shared output times) and reports
the largest deviation between phi(theta(t)) and z(t), the drift of the conservation laws and the
solver statistics. ReLU and other DAG networks use the path-lifting with K(z) = M(theta*(z)), theta*
recovered by Newton's method on the law level set (MATH.md §4.2); linear: presets use the closed
forms of §4.3 (two layers) and §4.4 (deep, square). The loss is the one of MATH.md §5 on z
(synthetic:SEED, target Y seeded) or the mean squared error on a data file.

Exit code 1 when the deviation exceeds --tol, an integration did not finish, or no intrinsic flow
exists. When the theta-flow crosses a non-recoverable point (a hidden neuron's only outgoing or
incoming weight vanishes), z alone no longer determines the metric there: the crossing is reported
and the deviation is judged on the output times before it (JSON: singularCrossings,
deviationBeforeCrossing). Along a linear flow a layer of the smallest width can become singular
(rank z drops): each drop is reported (time, rank, sigma_r/sigma_1 reached), and where K(z) stops
being a function of z the z-flow restarts from phi(theta(t)) just past it, so agreement is judged
piece by piece (JSON: pieces, skippedTimes). A generic linear init (not relaxed balanced) has no
intrinsic flow (MATH.md §4.3): the theta-flow, its law drift and the relaxed balanced residual are
reported, and the exit code is 1 (JSON: noIntrinsicFlow).

Networks with shared parameters or fixed-weight edges (convolutions, ONNX models) and attention
have no intrinsic z-flow here (pathIntrinsicModel refuses shared networks; the attention metric is
not implemented): the output says so, the theta-flow runs alone with its conservation laws
monitored (one per convolution channel, the Gram differences of attention), and the verdict is on
the law drift (exit 1 above --tol times max(1, max |h(theta0)|)). A network with many paths needs
--loss mse --data FILE (the synthetic loss lives on z = phi(theta)).

--method gd --eta ETA takes discrete gradient steps theta_{k+1} = theta_k - ETA g_k, K = T/ETA
steps (--batch-size B: mini-batch SGD seeded by --seed), and checks MATH.md §7's exact identity:
each step changes a quadratic law h = theta^T A theta by eta^2 g^T A g. It prints the largest
relative residual of that identity (exit 1 above 1e-12) and the law drift, O(eta) at fixed T.
Several step sizes (--eta 0.1,0.05,0.025) sweep eta at fixed T, print the fitted log-log slope of
the final drift (1: drift proportional to eta) and, with --out, plot drift against eta.

${NET_HELP}`,
  options: [
    option('theta'),
    option('init'),
    option('loss', 'synthetic:SEED (default synthetic:0, or mse with --data) or mse (needs --data)'),
    option('data'),
    option('T', 'final time (default 1)'),
    option('times', 'number of output times in [0, T] (default 21)'),
    option('rtol', 'DOPRI5 relative tolerance (default 1e-11; atol = rtol/10)'),
    option('tol', 'pass threshold of the deviation (default 1e-6)'),
    option(
      'out',
      'write flow.svg (trajectories, deviation and law drift; drift against eta for a sweep) to DIR',
    ),
    option('lifting'),
    option('method', 'dopri5 (default: the flows) or gd (discrete gradient steps, needs --eta)'),
    option('eta'),
    option('batch-size'),
    option('seed', 'seed of the mini-batch draws of --batch-size (default 0)'),
    option('input-shape'),
    option('max-paths'),
    ...BUDGET_OPTIONS,
  ],
  positionals: { min: 1, max: 1, names: '<net>' },
  examples: [
    ['idyn flow relu:2-3-2 --init gaussian:1 --T 1', 'ReLU path-lifting: deviation ~1e-11, law drift ~1e-12'],
    [
      'idyn flow linear:2-3-3 --init relaxed:0.7:1 --T 2 --out report',
      'two-layer relaxed balanced (MATH.md §5), plots in report/flow.svg',
    ],
    [
      'idyn flow relu:2-3-1 --init gaussian:2 --loss mse --data data.csv --json',
      'mean squared error on a CSV data set',
    ],
    [
      'idyn flow linear:3-3-4 --init relaxed:1.2:1 --loss synthetic:7 --T 1.5',
      'det V crosses 0 at t = 1.026 (rank z 3 -> 2): reported, the z-flow restarts; both pieces agree to ~1e-11',
    ],
    [
      'idyn flow linear:3-4-3 --init gaussian:11:0.5',
      'generic init: no intrinsic flow exists (MATH.md §4.3); theta-flow, law drift and residual reported, exit 1',
    ],
    [
      'idyn flow conv1d:6:1-2:3:1:linear+bias --init gaussian:1',
      'a shared convolution: no intrinsic flow (said plainly), theta-flow with its 2 channel laws',
    ],
    [
      'idyn flow attention:3:2:2:3 --init gaussian:1:0.5',
      'attention under the synthetic loss, Gram differences monitored',
    ],
    [
      'idyn flow relu:2-3-2 --init gaussian:1 --method gd --eta 0.05',
      'gradient descent: Delta h = eta^2 g^T A g at every step (residual ~1e-16)',
    ],
    [
      'idyn flow attention:3:2:2:3 --method gd --eta 0.1,0.05,0.025,0.0125 --out report',
      'eta sweep at T = 1: log-log slope ~1, report/flow.svg plots drift against eta',
    ],
    ['idyn flow model.onnx --loss mse --data data.csv', 'an ONNX model on a data file'],
  ],
  study: flowStudy,
  input(ctx) {
    const loss = ctx.string('loss');
    if (loss === 'mse' && ctx.string('data') === undefined)
      throw new UsageError('--loss mse needs --data FILE');
    if (loss !== undefined && loss !== 'mse' && ctx.string('data') !== undefined)
      throw new UsageError(`--data needs --loss mse, got --loss '${loss}'`);
    const method = ctx.string('method');
    if (method !== undefined && method !== 'dopri5' && method !== 'gd')
      throw new UsageError(`--method must be dopri5 or gd, got '${method}'`);
    const input = optionInput(this, ctx) as unknown as FlowInput;
    // --data alone means the mean squared error on it.
    return input.data !== undefined && loss === undefined ? { ...input, loss: 'mse' } : input;
  },
  output(r, ctx) {
    if (r.method === 'gd') return discreteOutput(r, ctx);
    if (r.lawTolerance !== undefined) return thetaOnlyOutput(r, ctx);
    const figure =
      ctx.outDir === null
        ? null
        : writeFigure(
            ctx.outDir,
            'flow',
            flowFigure({ ...r, labels: r.zLabels, title: `idyn flow ${r.net} (${r.theta.source})` }, 8),
          );
    const code = r.pass ? EXIT_OK : EXIT_CHECK_FAILED;
    if (ctx.json) {
      ctx.printJson({ ...r, figure });
      return code;
    }
    const n = r.times.length;
    const finished = r.status.theta === 'success' && r.status.intrinsic === 'success';
    const none = r.noIntrinsicFlow;
    const residual: [string, string][] =
      r.initialResidual === null
        ? []
        : [
            [
              'relaxed residual',
              `${fmtE(r.initialResidual)} (max |U_{i+1}^T U_{i+1} - U_i U_i^T - lambda_i I|, fitted lambda ${(r.fittedLambdas ?? []).map(fmt).join(', ') || 'none'})`,
            ],
          ];
    const verdict = r.pass
      ? paint(
          ctx.color,
          'green',
          `pass (<= ${fmtE(r.tol)}${r.pieces !== null && r.pieces.length > 1 ? ' on every piece' : ''})`,
        )
      : paint(
          ctx.color,
          'red',
          none !== null
            ? 'fail: no intrinsic flow exists from this theta (exit 1)'
            : finished
              ? `fail (> ${fmtE(r.tol)})`
              : 'fail (integration stopped)',
        );
    ctx.out(
      keyValues([
        ...headRows(r),
        ...(none === null ? [] : ([['no intrinsic flow', none]] as [string, string][])),
        ...residual,
        [
          none === null ? 'max deviation' : 'deviation',
          `${deviationText(r.maxDeviation, r.skippedTimes.length, n)}${none !== null && r.maxDeviation !== null ? ' (negative control: the z-flow of the fitted model)' : ''}`,
        ],
        ...crossingLines(r.singularCrossings, r.deviationBeforeCrossing),
        ...pieceLines(r.pieces),
        ['law drift', `${fmtE(r.lawDrift)} (along the theta-flow)`],
        ['solver', `theta ${r.status.theta}, z ${r.status.intrinsic}`],
        ['verdict', verdict],
      ]),
    );
    return code;
  },
});

/** The first rows of a flow's text: net, model, theta, loss, output times. */
function headRows(r: FlowResult): [string, string][] {
  const n = r.times.length;
  return [
    ['net', `${r.net} (D ${r.D}, d ${r.d})`],
    ['model', r.model],
    ['theta', r.theta.source],
    ['loss', lossText(r)],
    ['times', `${n} in [0, ${fmt(r.times[n - 1] ?? 0)}], DOPRI5 rtol ${fmtE(r.rtol ?? 0)}`],
  ];
}

function lossText(r: FlowResult): string {
  return r.loss.kind === 'synthetic'
    ? `synthetic (MATH.md §5), target seed ${r.loss.seed}`
    : `mse on ${r.loss.data}`;
}

/** Text, JSON and figure of discrete gradient steps (and an eta sweep). */
function discreteOutput(r: FlowResult, ctx: CommandContext): number {
  const s = r.discrete!;
  const sweep = r.sweep;
  let figure: string | null = null;
  if (ctx.outDir !== null) {
    const positive = (xs: readonly number[]) => xs.map((x) => (x > 0 ? x : Number.NaN));
    const panels: FigureSpec[] = [
      lawDriftPlot(
        { t: r.times, drift: [r.lawDriftPerTime] },
        { labels: ['law drift max |h - h0|'], title: `law drift, eta = ${s.eta}`, xLabel: 't = k eta' },
      ),
      lawDriftPlot(
        { t: r.times.slice(1), drift: [positive(s.identityResidual)] },
        {
          labels: ['|Delta h - eta^2 g^T A g| (relative)'],
          title: 'identity residual per step',
          tolerance: s.identityTol,
          xLabel: 't = k eta',
        },
      ),
    ];
    if (sweep)
      panels.push(
        convergencePlot(
          { L: sweep.etas, error: sweep.finalDrift },
          {
            guideSlope: 1,
            label: `final law drift at T = ${sweep.T}`,
            title: 'law drift against eta',
            xLabel: 'eta',
            yLabel: 'max |h(theta_K) - h(theta_0)|',
          },
        ),
      );
    figure = writeFigure(
      ctx.outDir,
      'flow',
      combinePlots(panels, {
        columns: panels.length,
        title: `idyn flow ${r.net} --method gd (${r.theta.source})`,
      }),
    );
  }
  const code = r.pass ? EXIT_OK : EXIT_CHECK_FAILED;
  if (ctx.json) {
    ctx.printJson({ ...r, figure });
    return code;
  }
  const rows: [string, string][] = [
    ...headRows(r).slice(0, 4),
    [
      'steps',
      `${s.steps} of eta ${s.eta} to T = ${fmt(r.times[r.times.length - 1] ?? 0)}${s.batchSize === null ? '' : `, batch ${s.batchSize} (seed ${s.seed})`}, ${r.status.theta}`,
    ],
    ['laws', `${s.laws} quadratic laws (${r.lawLabels.slice(0, 3).join(', ')}${s.laws > 3 ? ', ...' : ''})`],
    ['final law drift', fmtE(s.finalDrift)],
    [
      'identity residual',
      `max ${fmtE(s.maxIdentityResidual)} relative (Delta h = eta^2 g^T A g per step, MATH.md §7)`,
    ],
  ];
  ctx.out(keyValues(rows));
  if (sweep) {
    ctx.out();
    ctx.out(
      table(
        ['eta', 'steps', 'final drift', 'max identity residual'],
        sweep.etas.map((eta, i) => [
          fmt(eta),
          String(sweep.steps[i]),
          fmtE(sweep.finalDrift[i]!),
          fmtE(sweep.maxIdentityResidual[i]!),
        ]),
      ),
    );
    ctx.out(
      `fitted slope of log drift against log eta: ${fmt(sweep.slope)} (R^2 ${fmt(sweep.r2)}; 1 = drift proportional to eta)`,
    );
  }
  ctx.out(
    keyValues([
      [
        'verdict',
        r.pass
          ? paint(ctx.color, 'green', `pass (identity residual <= ${fmtE(s.identityTol)})`)
          : paint(
              ctx.color,
              'red',
              r.status.theta === 'success'
                ? `fail (identity residual > ${fmtE(s.identityTol)})`
                : `fail (${r.status.theta})`,
            ),
      ],
    ]),
  );
  return code;
}

/** Text, JSON and figure of a theta-flow without an intrinsic flow (shared networks, attention). */
function thetaOnlyOutput(r: FlowResult, ctx: CommandContext): number {
  const figure =
    ctx.outDir === null
      ? null
      : writeFigure(
          ctx.outDir,
          'flow',
          combinePlots(
            [
              lossPlot(
                { x: r.times, loss: [r.lossTheta] },
                { title: 'loss along the theta-flow', xLabel: 't' },
              ),
              lawDriftPlot(
                { t: r.times, drift: [r.lawDriftPerTime] },
                { labels: ['law drift max |h - h0|'], title: 'law drift', tolerance: r.lawTolerance! },
              ),
            ],
            { columns: 2, title: `idyn flow ${r.net} (${r.theta.source}; no intrinsic flow)` },
          ),
        );
  const code = r.pass ? EXIT_OK : EXIT_CHECK_FAILED;
  if (ctx.json) {
    ctx.printJson({ ...r, figure });
    return code;
  }
  const limit = fmtE(r.lawTolerance!);
  ctx.out(
    keyValues([
      ...headRows(r),
      ['intrinsic flow', r.noIntrinsicFlow ?? ''],
      ['law drift', `${fmtE(r.lawDrift)} (${r.lawLabels.length} laws)`],
      ['solver', `theta ${r.status.theta}${r.status.theta === 'success' ? '' : `: ${r.message.theta}`}`],
      [
        'verdict',
        r.pass
          ? paint(ctx.color, 'green', `pass (law drift <= ${limit})`)
          : paint(
              ctx.color,
              'red',
              r.status.theta === 'success' ? `fail (law drift > ${limit})` : 'fail (integration stopped)',
            ),
      ],
    ]),
  );
  return code;
}
