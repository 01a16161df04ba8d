import type { FlowPieceDoc, NeuronCrossingDoc, RankCrossingDoc } from '@idyn/studies';
import { combinePlots, type FigureSpec, lawDriftPlot, trajectoryOverlayPlot } from '@idyn/plot';
import { fmt, fmtE } from './format.js';

/** What the flow figure shows: both trajectories (z only where compared), deviation and law drift. */
export interface FlowFigureInput {
  readonly times: readonly number[];
  readonly zTheta: readonly (readonly number[])[];
  /** null rows: output times not compared. */
  readonly zIntrinsic: readonly (readonly number[] | null)[];
  readonly deviation: readonly (number | null)[];
  readonly lawDriftPerTime: readonly number[];
  readonly labels?: readonly string[];
  readonly tol: number;
  readonly title: string;
}

/**
 * The figure of `idyn flow` and `idyn linear`: φ(θ(t)) solid and z(t) dashed (the z-flow only at
 * the output times it was compared), and the deviation with the law drift on a log axis.
 * @param input - trajectories, deviation, drift, labels, tolerance and title
 * @param shown - how many coordinates are drawn (the first ones)
 */
export function flowFigure(input: FlowFigureInput, shown: number): FigureSpec {
  const width = Math.min(input.zTheta[0]?.length ?? 0, shown);
  const compared = input.zIntrinsic.flatMap((z, k) => (z === null ? [] : [k]));
  const column = (rows: readonly (readonly number[])[], j: number) => rows.map((row) => row[j]!);
  const zRows = compared.map((k) => input.zIntrinsic[k]!);
  return combinePlots(
    [
      trajectoryOverlayPlot(
        {
          t: input.times,
          thetaFlow: Array.from({ length: width }, (_, j) => column(input.zTheta, j)),
          tZ: compared.map((k) => input.times[k]!),
          zFlow: Array.from({ length: width }, (_, j) => column(zRows, j)),
        },
        {
          title: `phi(theta(t)) solid, intrinsic z(t) dashed (${width} of ${input.zTheta[0]?.length ?? 0})`,
          ...(input.labels ? { labels: input.labels.slice(0, width) } : {}),
        },
      ),
      lawDriftPlot(
        { t: input.times, drift: [input.deviation.map((v) => v ?? Number.NaN), input.lawDriftPerTime] },
        {
          labels: ['max |phi(theta) - z|', 'law drift max |h - h0|'],
          title: 'deviation and law drift',
          tolerance: input.tol,
        },
      ),
    ],
    { columns: 2, title: input.title },
  );
}

/** One line per crossing: a non-recoverable point (path models) or a rank drop of z (linear). */
export function crossingLines(
  crossings: readonly (NeuronCrossingDoc | RankCrossingDoc)[],
  deviationBeforeCrossing: number | null,
): [string, string][] {
  return crossings.map((c): [string, string] => {
    if (c.kind === 'rank') {
      const broke = c.metricBreaks
        ? `K(z) is not a function of z there; the z-flow ${c.restart === null ? 'is not restarted (the rank does not recover before the next crossing or the end)' : `restarts from phi(theta(t)) at t = ${fmt(c.restart)}`}`
        : 'K(z) stays a function of z: the z-flow runs through';
      return [
        'rank drop',
        `t = ${fmt(c.t)}: ${c.layerName} becomes singular, rank z ${c.fullRank} -> ${c.rank} (sigma_${c.fullRank}/sigma_1 = ${fmtE(c.sigmaRatio)}); ${broke}`,
      ];
    }
    return [
      'singular crossing',
      `t = ${fmt(c.t)}: ${c.parameter}, the only ${c.side} weight of ${c.neuron}, vanishes; z no longer determines theta there (rank deficiency ${c.rankDeficiency}), so agreement is judged before it: ${deviationBeforeCrossing === null ? 'n/a' : fmtE(deviationBeforeCrossing)}`,
    ];
  });
}

/** One line per piece of a linear comparison (only when there is more than one). */
export function pieceLines(pieces: readonly FlowPieceDoc[] | null): [string, string][] {
  if (pieces === null || pieces.length < 2) return [];
  return pieces.map((p, i): [string, string] => [
    `piece ${i + 1}`,
    `t in [${fmt(p.tStart)}, ${fmt(p.tEnd)}]: max deviation ${p.maxDeviation === null ? 'n/a' : fmtE(p.maxDeviation)} over ${p.indices.length} output time${p.indices.length === 1 ? '' : 's'}${p.status === 'success' ? '' : ` (z-flow ${p.status})`}`,
  ]);
}

/** The deviation line: the largest over the compared times, and how many were skipped. */
export function deviationText(maxDeviation: number | null, skipped: number, total: number): string {
  if (maxDeviation === null) return 'n/a (no output time compared)';
  return `${fmtE(maxDeviation)}${skipped > 0 ? ` (${total - skipped} of ${total} output times compared; ${skipped} inside a rank-drop guard)` : ''}`;
}
