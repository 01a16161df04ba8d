import { type LinearInput, type LinearResult, linearStudy } from '@idyn/studies';
import { defineCommand, NET_HELP, optionInput } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../internal/errors.js';
import { crossingLines, deviationText, flowFigure, pieceLines } from '../internal/flowText.js';
import { fmt, fmtE, keyValues, paint } from '../internal/format.js';
import { BUDGET_OPTIONS, option } from '../internal/options.js';
import { writeFigure } from '../internal/output.js';

/** `idyn linear <net>`: relaxed balanced linear networks, their intrinsic metric and flow (MATH.md §4.3–4.4). */
export const linearCommand = defineCommand<LinearInput, LinearResult>({
  name: 'linear',
  summary: 'linear networks: relaxed balanced inits, intrinsic metric K(z) vs M(theta), theta-flow vs z-flow',
  usage: 'linear <net> [--init relaxed:LAMBDA[:SEED] | --init gaussian:SEED | --theta FILE] [--T T] [--json]',
  description: `For a linear network z = U_L...U_1 (a linear: preset), fits the relaxed balanced residual
U_{i+1}^T U_{i+1} - U_i U_i^T = lambda_i I, compares the exact metric M(theta)[G] with the intrinsic
K(z)[G] of MATH.md §4.3 (two layers) or §4.4 (deep square layers; and Arora's formula when all
lambda_i = 0) for a random G, then integrates the theta-flow and the intrinsic z-flow side by side
(DOPRI5, rtol 1e-11) under the loss of MATH.md §5 and reports their largest deviation and the law
drift. Each rank drop of z along the theta-flow (a layer of the smallest width becoming singular) is
reported with its time, rank and sigma_r/sigma_1; where K(z) stops being a function of z the z-flow
restarts from phi(theta(t)) just past it and agreement is judged piece by piece. A generic (not
relaxed balanced) init has no intrinsic flow (MATH.md §4.3): its theta-flow, law drift and relaxed
balanced residual are reported, with the z-flow of the fitted model as a negative control when it
can be evaluated.

Exit code 1 when the metric error or the flow deviation exceeds --tol, or no intrinsic flow exists.

${NET_HELP}`,
  options: [
    option('theta'),
    option('init'),
    option('T', 'final time (default 2)'),
    option('times', 'number of output times in [0, T] (default 21)'),
    {
      ...option('loss', 'loss on z of MATH.md §5 with target seed (default synthetic:0)'),
      value: 'synthetic:SEED',
    },
    option('seed', 'seed of the random G of the metric check (default 0)'),
    option('tol', 'pass threshold of the metric error and the deviation (default 1e-6)'),
    option('out', 'write linear.svg (trajectories and deviation) to DIR'),
    ...BUDGET_OPTIONS,
  ],
  positionals: { min: 1, max: 1, names: '<net>' },
  examples: [
    [
      'idyn linear linear:2-3-3 --init relaxed:0.7:1',
      'n=3, r=3, m=2, lambda=0.7: deviation ~1e-11 (MATH.md §5)',
    ],
    [
      'idyn linear linear:3-3-3-3 --init relaxed:0.5,-0.2:1 --T 1',
      'deep square, lambda = (0.5, -0.2): |M - K| ~1e-15',
    ],
    [
      'idyn linear linear:3-2-3 --init gaussian:1',
      'generic init: no intrinsic flow (exit 1); the fitted model deviates O(0.1) (negative control)',
    ],
    [
      'idyn linear linear:3-3-4 --init relaxed:1.2:1 --loss synthetic:7 --T 1.5',
      'a rank drop of z at t = 1.026 is reported; agreement ~1e-11 on both pieces',
    ],
  ],
  study: linearStudy,
  input(ctx) {
    return optionInput(this, ctx) as unknown as LinearInput;
  },
  output(r, ctx) {
    const flow = r.flow!;
    const figure =
      ctx.outDir === null
        ? null
        : writeFigure(
            ctx.outDir,
            'linear',
            flowFigure({ ...flow, tol: r.tol, title: `idyn linear ${r.net} (${r.theta.source})` }, 16),
          );
    const code = r.pass ? EXIT_OK : EXIT_CHECK_FAILED;
    if (ctx.json) {
      ctx.printJson({ ...r, figure });
      return code;
    }
    const m = r.metric;
    // Arora's formula is printed where it applies: balanced (all λ_i = 0) square layers.
    const balanced =
      r.lambdas.every((l) => l === 0) || (r.relaxedBalanced && r.lambdas.every((l) => Math.abs(l) <= 1e-12));
    const arora: [string, string][] =
      m.aroraError !== null && balanced ? [['|M(theta)[G] - Arora|', fmtE(m.aroraError)]] : [];
    const none = r.noIntrinsicFlow;
    const n = flow.times.length;
    const verdict = r.pass
      ? paint(
          ctx.color,
          'green',
          `pass (<= ${fmtE(r.tol)}${flow.pieces.length > 1 ? ' on every piece' : ''})`,
        )
      : paint(
          ctx.color,
          'red',
          none !== null
            ? 'fail: no intrinsic flow exists from this theta (exit 1)'
            : `fail (> ${fmtE(r.tol)})`,
        );
    ctx.out(
      keyValues([
        ['net', `${r.net} (widths ${r.widths.join('-')}, D ${r.theta.values.length})`],
        ['theta', r.theta.source],
        ['fitted lambda', r.lambdas.map(fmt).join(', ') || '(one layer)'],
        [
          'relaxed residual',
          `${fmtE(r.residual)} (${r.relaxedBalanced ? 'relaxed balanced' : 'not relaxed balanced'})`,
        ],
        ...(none === null ? [] : ([['no intrinsic flow', none]] as [string, string][])),
        ['model', JSON.stringify(r.model)],
        [
          '|M(theta)[G] - K(z)[G]|',
          m.error === null
            ? `n/a (${m.note})`
            : `${fmtE(m.error)}${none === null ? '' : ' (K of the fitted model: not the metric of this theta)'}`,
        ],
        ...arora,
        [
          none === null ? 'max deviation' : 'deviation',
          `${deviationText(flow.maxDeviation, flow.skippedTimes.length, n)} over [0, ${flow.T}] (${n} times)${none !== null && flow.maxDeviation !== null ? ', negative control' : ''}`,
        ],
        ...crossingLines(flow.singularCrossings, flow.deviationBeforeCrossing),
        ...pieceLines(flow.pieces),
        ['law drift', `${fmtE(flow.lawDrift)} (along the theta-flow)`],
        [
          'solver',
          `theta ${flow.status.theta} (${flow.stats.theta.nfev} rhs), z ${flow.status.intrinsic} (${flow.stats.intrinsic.nfev} rhs)`,
        ],
        ['verdict', verdict],
      ]),
    );
    return code;
  },
});
