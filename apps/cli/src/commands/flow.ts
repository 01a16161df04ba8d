import { type FlowInput, type FlowResult, flowStudy } from '@idyn/studies';
import { defineCommand, NET_HELP, optionInput } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from '../internal/errors.js';
import { crossingLines, deviationText, flowFigure, pieceLines } from '../internal/flowText.js';
import { fmt, fmtE, keyValues, paint } from '../internal/format.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';
import { writeFigure } from '../internal/output.js';

/** `idyn flow <net>`: the theta-flow against the intrinsic z-flow (MATH.md §3–4). */
export const flowCommand = defineCommand<FlowInput, FlowResult>({
  name: 'flow',
  summary: 'integrate the theta-flow and the intrinsic z-flow side by side: deviation, law drift, plots',
  usage:
    'flow <net> [--init KIND:SEED | --theta FILE] [--loss synthetic:SEED | --loss mse --data FILE] [--T T] [--out DIR] [--json]',
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

${NET_HELP}`,
  options: [
    option('theta'),
    option('init'),
    option('loss', 'synthetic:SEED (default synthetic:0) or mse (needs --data)'),
    option('data'),
    option('T', 'final time (default 1)'),
    option('times', 'number of output times in [0, T] (default 21)'),
    option('rtol', 'DOPRI5 relative tolerance (default 1e-11; atol = rtol/10)'),
    option('tol', 'pass threshold of the deviation (default 1e-6)'),
    option('out', 'write flow.svg (trajectories, deviation and law drift) to DIR'),
    option('lifting'),
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
  ],
  study: flowStudy,
  input(ctx) {
    const loss = ctx.string('loss');
    if (loss === 'mse' && ctx.string('data') === undefined)
      throw new UsageError('--loss mse needs --data FILE');
    if (loss !== 'mse' && ctx.string('data') !== undefined)
      throw new UsageError(`--data needs --loss mse, got --loss '${loss ?? 'synthetic:0'}'`);
    return optionInput(this, ctx) as unknown as FlowInput;
  },
  output(r, ctx) {
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
        ['net', `${r.net} (D ${r.D}, d ${r.d})`],
        ['model', r.model],
        ['theta', r.theta.source],
        [
          'loss',
          r.loss.kind === 'synthetic'
            ? `synthetic (MATH.md §5), target seed ${r.loss.seed}`
            : `mse on ${r.loss.data}`,
        ],
        ['times', `${n} in [0, ${fmt(r.times[n - 1] ?? 0)}], DOPRI5 rtol ${fmtE(r.rtol)}`],
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
