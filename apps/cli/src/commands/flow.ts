import { compareFlows, pathIntrinsicModel } from '@idyn/intrinsic';
import { createRng } from '@idyn/linalg';
import { compareLinearFlows, syntheticLoss } from '@idyn/linear-ode';
import { combinePlots, lawDriftPlot, trajectoryOverlayPlot } from '@idyn/plot';
import type { Command } from '../internal/command.js';
import { LIFTING_OPTION, NET_HELP, THETA_OPTIONS } from '../internal/command.js';
import { readData } from '../internal/data.js';
import { UsageError } from '../internal/errors.js';
import { fmt, fmtE, keyValues, paint } from '../internal/format.js';
import { entries, unflattenWeights } from '../internal/linear.js';
import { parseLoss } from '../internal/loss.js';
import { liftingChoice, resolveNet } from '../internal/net.js';
import { columns, writeFigure } from '../internal/plots.js';
import { resolveTheta } from '../internal/theta.js';

/** Rows of a row-major [rows, cols] array. */
function rowsOf(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]!));
}

/** `idyn flow <net>`: the theta-flow against the intrinsic z-flow (MATH.md §3–4). */
export const flowCommand: Command = {
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
(synthetic:SEED, target Y seeded) or the mean squared error on a data file (networks only).

Exit code 1 when the deviation exceeds --tol or an integration did not finish. When the theta-flow
crosses a non-recoverable point (a hidden neuron's only outgoing or incoming weight vanishes), z
alone no longer determines the metric there: the crossing is reported and the deviation is judged
on the output times before it (JSON: singularCrossings, deviationBeforeCrossing).

${NET_HELP}`,
  options: [
    ...THETA_OPTIONS,
    {
      name: 'loss',
      type: 'string',
      value: 'LOSS',
      description: 'synthetic:SEED (default synthetic:0) or mse (needs --data)',
    },
    {
      name: 'data',
      type: 'string',
      value: 'FILE',
      description:
        'data for --loss mse: CSV (inputs then outputs per line) or JSON {"X": [[...]], "Y": [[...]]}',
    },
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
      description: 'number of output times in [0, T] (default 21)',
    },
    {
      name: 'rtol',
      type: 'number',
      value: 'RTOL',
      min: 0,
      exclusiveMin: true,
      description: 'DOPRI5 relative tolerance (default 1e-11; atol = rtol/10)',
    },
    {
      name: 'tol',
      type: 'number',
      value: 'TOL',
      min: 0,
      exclusiveMin: true,
      description: 'pass threshold of the deviation (default 1e-6)',
    },
    {
      name: 'out',
      type: 'string',
      value: 'DIR',
      description: 'write flow.svg (trajectories, deviation and law drift) to DIR',
    },
    LIFTING_OPTION,
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
  ],
  schema: 'idyn.flow/1',
  async run(ctx) {
    const source = ctx.args.positionals[0] as string;
    const net = resolveNet(source, liftingChoice(ctx.string('lifting')), ctx.io.cwd);
    if (net.network === undefined)
      throw new UsageError(
        `idyn flow needs a network (the intrinsic metric is known for networks), got <net> '${source}'`,
      );
    const th = resolveTheta(
      net,
      { theta: ctx.string('theta'), init: ctx.string('init'), cwd: ctx.io.cwd },
      'gaussian:0',
    );
    const loss = parseLoss(ctx.string('loss'));
    const dataPath = ctx.string('data');
    if (loss.kind === 'mse' && dataPath === undefined) throw new UsageError('--loss mse needs --data FILE');
    if (loss.kind !== 'mse' && dataPath !== undefined)
      throw new UsageError(`--data needs --loss mse, got --loss '${ctx.string('loss') ?? 'synthetic:0'}'`);
    const T = ctx.number('T') ?? 1;
    const nt = ctx.number('times') ?? 21;
    const rtol = ctx.number('rtol') ?? 1e-11;
    const tol = ctx.number('tol') ?? 1e-6;
    const times = Float64Array.from({ length: nt }, (_, i) => (T * i) / (nt - 1));
    const lifting = net.lifting();
    const d = lifting.d;
    const D = lifting.D;
    ctx.status(`integrating the theta-flow and the intrinsic z-flow of ${source} to T = ${T}…`);
    let zTheta: Float64Array;
    let zIntrinsic: Float64Array;
    let deviation: Float64Array;
    let maxDeviation: number;
    let lawDrift: number;
    let lawDriftPerTime: Float64Array;
    let outTimes: Float64Array;
    let status: { theta: string; intrinsic: string };
    let stats: { theta: unknown; intrinsic: unknown };
    let recovery: unknown = null;
    // Times where the theta-flow crosses a non-recoverable point (a neuron's only outgoing or
    // incoming weight vanishes): past the first one z alone no longer determines K, so the
    // agreement is judged on the output times before it (MATH.md §3: the property holds on a
    // dense set, not everywhere).
    let crossings: { t: number; neuron: string; parameter: string; side: string; rankDeficiency: number }[] =
      [];
    let model: string;
    if (net.liftingKind === 'matrix') {
      if (loss.kind === 'mse')
        throw new UsageError(
          `--loss mse on a linear: preset needs --lifting path (the matrix-product flow takes synthetic:SEED)`,
        );
      const widths = net.widths as number[];
      const weights = unflattenWeights(th.theta, widths);
      if (widths.length > 3 && widths.some((w) => w !== widths[0]))
        throw new UsageError(
          `idyn flow: the deep linear intrinsic metric needs square layers, got <net> '${source}'`,
        );
      const n0 = widths[0]!;
      const nL = widths[widths.length - 1]!;
      const r = compareLinearFlows(weights, {
        times,
        rtol,
        atol: rtol / 10,
        loss: syntheticLoss(nL, n0, { seed: loss.seed }),
      });
      outTimes = r.times;
      zTheta = Float64Array.from(r.zTheta.flatMap((z) => entries(z)));
      zIntrinsic = Float64Array.from(r.zIntrinsic.flatMap((z) => entries(z)));
      deviation = r.deviation;
      maxDeviation = r.maxDeviation;
      lawDrift = r.lawDrift;
      lawDriftPerTime = r.thetaFlow.lawDriftPerTime.slice(0, outTimes.length);
      status = r.status;
      stats = r.stats;
      model = `linear ${r.model.kind} ${JSON.stringify(r.model)}`;
    } else {
      const network = net.network;
      const m = pathIntrinsicModel(network, th.theta);
      const flowLoss =
        loss.kind === 'synthetic'
          ? { type: 'synthetic' as const, Y: createRng(loss.seed).normals(d) }
          : (() => {
              const data = readData(
                dataPath as string,
                network.inputs.length,
                network.outputs.length,
                ctx.io.cwd,
              );
              return { type: 'mse' as const, X: data.X, Y: data.Y, samples: data.samples };
            })();
      const r = compareFlows(m, { loss: flowLoss, times, rtol, atol: rtol / 10 });
      outTimes = r.times;
      zTheta = r.zTheta;
      zIntrinsic = r.zIntrinsic;
      deviation = r.deviation;
      maxDeviation = r.maxDeviation;
      lawDrift = r.lawDrift;
      // Per-time law drift from the theta trajectory: max_v |h_v(theta(t)) − h_v(theta0)|.
      const h0 = lifting.lawValues(th.theta);
      lawDriftPerTime = Float64Array.from({ length: outTimes.length }, (_, k) => {
        const h = lifting.lawValues(r.theta.subarray(k * D, (k + 1) * D));
        let worst = 0;
        for (let i = 0; i < h.length; i++) worst = Math.max(worst, Math.abs(h[i]! - h0[i]!));
        return worst;
      });
      status = r.status;
      stats = r.stats;
      recovery = r.recovery;
      crossings = r.singularCrossings.map(({ t, neuron, parameter, side, rankDeficiency }) => ({
        t,
        neuron,
        parameter,
        side,
        rankDeficiency,
      }));
      model = `path-lifting, K(z) = M(theta*(z)) (${m.name})`;
    }
    ctx.clearStatus();
    const nReached = outTimes.length;
    const finished = status.theta === 'success' && status.intrinsic === 'success';
    const intrinsicUntil = crossings[0]?.t ?? null;
    let deviationBeforeCrossing = 0;
    for (let k = 0; k < nReached; k++) {
      if (intrinsicUntil !== null && outTimes[k]! >= intrinsicUntil) break;
      deviationBeforeCrossing = Math.max(deviationBeforeCrossing, deviation[k]!);
    }
    const pass = finished && deviationBeforeCrossing <= tol;
    const out = ctx.string('out');
    let figure: string | null = null;
    if (out !== undefined) {
      const shown = Math.min(d, 8);
      figure = writeFigure(
        ctx.io.cwd,
        out,
        'flow',
        combinePlots(
          [
            trajectoryOverlayPlot(
              {
                t: outTimes,
                thetaFlow: columns(zTheta, nReached, d, shown),
                zFlow: columns(zIntrinsic, nReached, d, shown),
              },
              {
                title: `phi(theta(t)) solid, intrinsic z(t) dashed (${shown} of ${d})`,
                labels: lifting.zLabels.slice(0, shown),
              },
            ),
            lawDriftPlot(
              { t: outTimes, drift: [deviation, lawDriftPerTime] },
              {
                labels: ['max |phi(theta) - z|', 'law drift max |h - h0|'],
                title: 'deviation and law drift',
                tolerance: tol,
              },
            ),
          ],
          { columns: 2, title: `idyn flow ${source} (${th.source})` },
        ),
      );
    }
    if (ctx.json) {
      ctx.printJson({
        schema: 'idyn.flow/1',
        net: source,
        lifting: net.liftingKind,
        model,
        theta: { source: th.source, values: th.theta },
        loss:
          loss.kind === 'synthetic'
            ? { kind: 'synthetic', seed: loss.seed }
            : { kind: 'mse', data: dataPath },
        T,
        rtol,
        d,
        D,
        times: outTimes,
        zTheta: rowsOf(zTheta, nReached, d),
        zIntrinsic: rowsOf(zIntrinsic, nReached, d),
        deviation,
        maxDeviation,
        singularCrossings: crossings,
        deviationBeforeCrossing,
        lawDrift,
        lawDriftPerTime,
        recovery,
        status,
        stats,
        tol,
        pass,
        figure,
      });
      return pass ? 0 : 1;
    }
    ctx.out(
      keyValues([
        ['net', `${source} (D ${D}, d ${d})`],
        ['model', model],
        ['theta', th.source],
        [
          'loss',
          loss.kind === 'synthetic'
            ? `synthetic (MATH.md §5), target seed ${loss.seed}`
            : `mse on ${dataPath}`,
        ],
        ['times', `${nReached} in [0, ${fmt(outTimes[nReached - 1] ?? 0)}], DOPRI5 rtol ${fmtE(rtol)}`],
        ['max deviation', fmtE(maxDeviation)],
        ...crossings.map((c): [string, string] => [
          'singular crossing',
          `t = ${fmt(c.t)}: ${c.parameter}, the only ${c.side} weight of ${c.neuron}, vanishes; z no longer determines theta there (rank deficiency ${c.rankDeficiency}), so agreement is judged before it: ${fmtE(deviationBeforeCrossing)}`,
        ]),
        ['law drift', fmtE(lawDrift)],
        ['solver', `theta ${status.theta}, z ${status.intrinsic}`],
        [
          'verdict',
          pass
            ? paint(ctx.color, 'green', `pass (<= ${fmtE(tol)})`)
            : paint(ctx.color, 'red', finished ? `fail (> ${fmtE(tol)})` : 'fail (integration stopped)'),
        ],
        ...(figure ? ([['figure', figure]] as [string, string][]) : []),
      ]),
    );
    return pass ? 0 : 1;
  },
};
