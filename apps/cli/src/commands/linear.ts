import { createRng } from '@idyn/linalg';
import {
  aroraMetric,
  compareLinearFlows,
  deepIntrinsicMetric,
  linearNetworkMetric,
  relaxedBalancedResidual,
  syntheticLoss,
  twoLayerIntrinsicMetric,
} from '@idyn/linear-ode';
import { combinePlots, lawDriftPlot, trajectoryOverlayPlot } from '@idyn/plot';
import type { Command } from '../internal/command.js';
import { NET_HELP, THETA_OPTIONS } from '../internal/command.js';
import { UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, paint } from '../internal/format.js';
import { entries, gaussianMatrix, linearWidths, maxAbsDiff, unflattenWeights } from '../internal/linear.js';
import { parseLoss } from '../internal/loss.js';
import { resolveNet } from '../internal/net.js';
import { writeFigure } from '../internal/plots.js';
import { resolveTheta } from '../internal/theta.js';

/** `idyn linear <net>`: relaxed balanced linear networks, their intrinsic metric and flow (MATH.md §4.3–4.4). */
export const linearCommand: Command = {
  name: 'linear',
  summary: 'linear networks: relaxed balanced inits, intrinsic metric K(z) vs M(theta), theta-flow vs z-flow',
  usage: 'linear <net> [--init relaxed:LAMBDA[:SEED] | --init gaussian:SEED | --theta FILE] [--T T] [--json]',
  description: `For a linear network z = U_L...U_1 (a linear: preset), fits the relaxed balanced residual
U_{i+1}^T U_{i+1} - U_i U_i^T = lambda_i I, compares the exact metric M(theta)[G] with the intrinsic
K(z)[G] of MATH.md §4.3 (two layers) or §4.4 (deep square layers; and Arora's formula when all
lambda_i = 0) for a random G, then integrates the theta-flow and the intrinsic z-flow side by side
(DOPRI5, rtol 1e-11) under the loss of MATH.md §5 and reports their largest deviation and the law
drift. A generic (not relaxed balanced) init is the negative control: the deviation is O(0.1).

Exit code 1 when the metric error or the flow deviation exceeds --tol.

${NET_HELP}`,
  options: [
    ...THETA_OPTIONS,
    {
      name: 'T',
      type: 'number',
      value: 'T',
      min: 0,
      exclusiveMin: true,
      description: 'final time (default 2)',
    },
    {
      name: 'times',
      type: 'integer',
      value: 'N',
      min: 2,
      description: 'number of output times in [0, T] (default 21)',
    },
    {
      name: 'loss',
      type: 'string',
      value: 'synthetic:SEED',
      description: 'loss on z of MATH.md §5 with target seed (default synthetic:0)',
    },
    {
      name: 'seed',
      type: 'integer',
      value: 'S',
      min: 0,
      description: 'seed of the random G of the metric check (default 0)',
    },
    {
      name: 'tol',
      type: 'number',
      value: 'TOL',
      min: 0,
      exclusiveMin: true,
      description: 'pass threshold of the metric error and the deviation (default 1e-6)',
    },
    {
      name: 'out',
      type: 'string',
      value: 'DIR',
      description: 'write linear.svg (trajectories and deviation) to DIR',
    },
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
      'negative control: generic init, deviation O(0.1), exit 1',
    ],
  ],
  schema: 'idyn.linear/1',
  async run(ctx) {
    const source = ctx.args.positionals[0] as string;
    const net = resolveNet(source, 'matrix', ctx.io.cwd);
    const widths = linearWidths('linear', net);
    const L = widths.length - 1;
    const th = resolveTheta(
      net,
      { theta: ctx.string('theta'), init: ctx.string('init'), cwd: ctx.io.cwd },
      'relaxed:0',
    );
    const loss = parseLoss(ctx.string('loss'));
    if (loss.kind !== 'synthetic')
      throw new UsageError(`idyn linear supports --loss synthetic:SEED only, got '${ctx.string('loss')}'`);
    const T = ctx.number('T') ?? 2;
    const nt = ctx.number('times') ?? 21;
    const tol = ctx.number('tol') ?? 1e-6;
    const weights = unflattenWeights(th.theta, widths);
    if (L >= 3 && widths.some((w) => w !== widths[0]))
      throw new UsageError(
        `idyn linear: the deep intrinsic metric needs square layers, got <net> '${source}'`,
      );
    const fitted = L >= 2 ? relaxedBalancedResidual(weights) : { residual: 0, lambdas: [] as number[] };
    const lambdas = Array.from(fitted.lambdas);
    const scale = Math.max(1, ...weights.map((W) => W.norm('frobenius') ** 2));
    const relaxed = fitted.residual <= 1e-8 * scale;
    // Metric check at theta0 with a random G.
    const rng = createRng(ctx.number('seed') ?? 0);
    const n0 = widths[0]!;
    const nL = widths[L]!;
    const G = gaussianMatrix(nL, n0, () => rng.normal());
    const M = linearNetworkMetric(weights, G);
    const z0 = weights.reduce((acc, W) => W.mmul(acc));
    let metricError: number | null = null;
    let metricNote: string | null = null;
    let aroraError: number | null = null;
    try {
      const K =
        L === 1
          ? aroraMetric(z0, G, 1)
          : L === 2
            ? twoLayerIntrinsicMetric(z0, G, { lambda: lambdas[0]!, r: widths[1]! })
            : deepIntrinsicMetric(z0, G, lambdas);
      metricError = maxAbsDiff(M, K);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      metricNote = error.message;
    }
    if (lambdas.every((l) => l === 0) || (relaxed && lambdas.every((l) => Math.abs(l) <= 1e-12))) {
      if (widths.every((w) => w === widths[0])) aroraError = maxAbsDiff(M, aroraMetric(z0, G, L));
    }
    ctx.status(`integrating the theta-flow and the intrinsic z-flow to T = ${T}…`);
    const times = Float64Array.from({ length: nt }, (_, i) => (T * i) / (nt - 1));
    const cmp = compareLinearFlows(weights, { T, times, loss: syntheticLoss(nL, n0, { seed: loss.seed }) });
    ctx.clearStatus();
    const pass = (metricError === null || metricError <= tol) && cmp.maxDeviation <= tol;
    let figure: string | null = null;
    const out = ctx.string('out');
    if (out !== undefined) {
      const d = nL * n0;
      const zT = Array.from({ length: d }, (_, j) => cmp.zTheta.map((z) => entries(z)[j]!));
      const zK = Array.from({ length: d }, (_, j) => cmp.zIntrinsic.map((z) => entries(z)[j]!));
      figure = writeFigure(
        ctx.io.cwd,
        out,
        'linear',
        combinePlots(
          [
            trajectoryOverlayPlot(
              { t: cmp.times, thetaFlow: zT, zFlow: zK },
              { title: 'phi(theta(t)) (solid) vs intrinsic z(t) (dashed)' },
            ),
            lawDriftPlot(
              { t: cmp.times, drift: [cmp.deviation, cmp.thetaFlow.lawDriftPerTime] },
              {
                labels: ['max |z_theta - z_K|', 'law drift'],
                title: 'deviation and law drift',
                tolerance: tol,
              },
            ),
          ],
          { columns: 2, title: `idyn linear ${source} (${th.source})` },
        ),
      );
    }
    const model = cmp.model;
    if (ctx.json) {
      ctx.printJson({
        schema: 'idyn.linear/1',
        net: source,
        widths,
        theta: { source: th.source, values: th.theta },
        lambdas,
        residual: fitted.residual,
        relaxedBalanced: relaxed,
        model,
        metric: { error: metricError, note: metricNote, aroraError },
        flow: {
          T,
          times: cmp.times,
          deviation: cmp.deviation,
          maxDeviation: cmp.maxDeviation,
          lawDrift: cmp.lawDrift,
          status: cmp.status,
          stats: cmp.stats,
        },
        tol,
        pass,
        figure,
      });
      return pass ? 0 : 1;
    }
    ctx.out(
      keyValues([
        ['net', `${source} (widths ${widths.join('-')}, D ${net.D})`],
        ['theta', th.source],
        ['fitted lambda', lambdas.map(fmt).join(', ') || '(one layer)'],
        [
          'relaxed residual',
          `${fmtE(fitted.residual)} (${relaxed ? 'relaxed balanced' : 'not relaxed balanced'})`,
        ],
        ['model', JSON.stringify(model)],
        ['|M(theta)[G] - K(z)[G]|', metricError === null ? `n/a (${metricNote})` : fmtE(metricError)],
        ...(aroraError !== null ? ([['|M(theta)[G] - Arora|', fmtE(aroraError)]] as [string, string][]) : []),
        ['max deviation', `${fmtE(cmp.maxDeviation)} over [0, ${T}] (${cmp.times.length} times)`],
        ['law drift', fmtE(cmp.lawDrift)],
        [
          'solver',
          `theta ${cmp.status.theta} (${cmp.stats.theta.nfev} rhs), z ${cmp.status.intrinsic} (${cmp.stats.intrinsic.nfev} rhs)`,
        ],
        [
          'verdict',
          pass
            ? paint(ctx.color, 'green', `pass (<= ${fmtE(tol)})`)
            : paint(ctx.color, 'red', `fail (> ${fmtE(tol)})`),
        ],
        ...(figure ? ([['figure', figure]] as [string, string][]) : []),
      ]),
    );
    return pass ? 0 : 1;
  },
};
