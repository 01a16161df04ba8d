import { checkArray } from './internal/check.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { FigureSpec, NumericArray, Series } from './spec.js';

/** Input of {@link rankPerLevelPlot}. */
export interface RankPerLevelInput {
  /** Bracket levels (1 = the fields themselves, 2 = first brackets, ...). */
  levels: NumericArray;
  /** Dimension of the span of all brackets up to each level. */
  rank: NumericArray;
  /** Parameter dimension D, drawn as a reference line (the rank can never exceed it). */
  D?: number;
  /** Rank of the Jacobian, drawn as a reference line. */
  rankJacobian?: number;
}

/** Options of {@link rankPerLevelPlot}. */
export interface RankPerLevelPlotOptions extends PlotOptions {
  /** Bars or a step line. @default 'bars' */
  style?: 'bars' | 'steps';
}

/**
 * Rank of the generated Lie algebra per bracket level (bars or steps), with reference lines at
 * D and at rank Dφ; the number of conservation laws is D minus the final rank.
 *
 * @param input - {@link RankPerLevelInput}
 * @param options - {@link RankPerLevelPlotOptions}
 * @returns a one-panel figure spec
 * @throws TypeError/RangeError naming the argument when lengths disagree or a rank is negative
 * @example
 * rankPerLevelPlot({ levels: [1, 2, 3], rank: [4, 6, 6], D: 8 }).panels[0].series.length; // 2
 * @see MATH.md §2 (generated Lie algebra V_k; D − dim Lie(θ) laws)
 */
export function rankPerLevelPlot(
  input: RankPerLevelInput,
  options: RankPerLevelPlotOptions = {},
): FigureSpec {
  const fn = 'rankPerLevelPlot';
  checkArray(fn, 'levels', input.levels);
  checkArray(fn, 'rank', input.rank, input.levels.length, 'levels length');
  for (let i = 0; i < input.rank.length; i++) {
    const r = input.rank[i]!;
    if (!Number.isInteger(r) || r < 0)
      throw new RangeError(`${fn}: rank[${i}] must be a non-negative integer, got ${r}`);
  }
  for (let i = 0; i < input.levels.length; i++) {
    const l = input.levels[i]!;
    if (!Number.isFinite(l)) throw new RangeError(`${fn}: levels[${i}] must be finite, got ${l}`);
  }
  const series: Series[] =
    options.style === 'steps'
      ? [{ type: 'line', x: input.levels, y: input.rank, step: true, marker: 'circle', label: 'rank' }]
      : [{ type: 'bar', x: input.levels, y: input.rank, label: 'rank' }];
  if (input.D !== undefined && !(Number.isInteger(input.D) && input.D >= 1)) {
    throw new RangeError(`${fn}: D must be a positive integer, got ${input.D}`);
  }
  if (input.D !== undefined)
    series.push({ type: 'rule', axis: 'y', value: input.D, color: '#000000', label: `D = ${input.D}` });
  if (input.rankJacobian !== undefined) {
    series.push({
      type: 'rule',
      axis: 'y',
      value: input.rankJacobian,
      colorIndex: 1,
      dash: 'dotted',
      label: `rank Dφ = ${input.rankJacobian}`,
    });
  }
  return singlePanel(
    {
      kind: 'xy',
      title: options.title ?? 'Rank per bracket level',
      x: { label: options.xLabel ?? 'bracket level', ...levelAxis(input.levels) },
      // Headroom above D so its reference line is not hidden under the frame.
      y: {
        label: options.yLabel ?? 'rank',
        ...(input.D !== undefined
          ? { domain: [0, Math.max(input.D, maxOf(input.rank)) + 1] as [number, number] }
          : {}),
      },
      series,
    },
    options,
  );
}

// Half a level of padding on each side so the outer bars are not clipped; one tick per level.
function levelAxis(levels: NumericArray): { domain?: [number, number]; ticks?: number } {
  if (levels.length === 0) return {};
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < levels.length; i++) {
    lo = Math.min(lo, levels[i]!);
    hi = Math.max(hi, levels[i]!);
  }
  return { domain: [lo - 0.5, hi + 0.5], ticks: Math.min(Math.max(1, Math.round(hi - lo + 1)), 10) };
}

function maxOf(a: NumericArray): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]!);
  return m;
}
