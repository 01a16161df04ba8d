import { checkArrays, checkLabels } from './internal/check.js';
import { type PlotOptions, singlePanel } from './plotOptions.js';
import type { ColorMap, FigureSpec, NumericArray } from './spec.js';

/** A matrix given as rows, or row-major data with its shape. */
export type MatrixInput = readonly NumericArray[] | { data: NumericArray; rows: number; cols: number };

/** Options of {@link metricHeatmap}. */
export interface MetricHeatmapOptions extends Omit<PlotOptions, 'xLabel' | 'yLabel'> {
  /** Names of rows (and columns, when square and `colLabels` is absent). @default none (unlabelled) */
  labels?: readonly string[];
  /** Column names. @default labels */
  colLabels?: readonly string[];
  /** @default 'diverging' when the matrix has both signs, else 'viridis' */
  colorMap?: ColorMap;
  /** Colour-bar label. @default 'M_ij' */
  colorBarLabel?: string;
}

function toRows(fn: string, m: MatrixInput): NumericArray[] {
  if (Array.isArray(m)) return [...m];
  const { data, rows, cols } = m as { data: NumericArray; rows: number; cols: number };
  if (!Number.isInteger(rows) || rows < 1)
    throw new RangeError(`${fn}: matrix.rows must be a positive integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1)
    throw new RangeError(`${fn}: matrix.cols must be a positive integer, got ${cols}`);
  if (!data || data.length !== rows * cols) {
    throw new RangeError(
      `${fn}: matrix.data has length ${data?.length}, expected ${rows * cols} (rows * cols)`,
    );
  }
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]!));
}

/**
 * A metric matrix (e.g. M = Dφ Dφᵀ or K(z)) as a heatmap with a colour bar; diverging colours
 * centred at 0 when it has entries of both signs.
 *
 * @param matrix - rows, or `{ data, rows, cols }` row-major
 * @param options - {@link MetricHeatmapOptions}
 * @returns a one-panel figure spec
 * @throws TypeError/RangeError naming the argument when rows are ragged or labels mis-sized
 * @example
 * metricHeatmap([[2, 1], [1, 2]], { labels: ['z1', 'z2'] }).panels[0].kind; // 'heatmap'
 * @see MATH.md §0 (metric matrix M(θ) = Dφ Dφᵀ) and §4.2 (intrinsic metric K(z))
 */
export function metricHeatmap(matrix: MatrixInput, options: MetricHeatmapOptions = {}): FigureSpec {
  const fn = 'metricHeatmap';
  const rows = toRows(fn, matrix);
  const cols = rows.length > 0 && rows[0] ? rows[0].length : 0;
  checkArrays(fn, 'matrix rows', rows, cols, 'columns of row 0');
  if (cols === 0) throw new RangeError(`${fn}: matrix has no columns`);
  checkLabels(fn, 'options.labels', options.labels, rows.length);
  const colLabels = options.colLabels ?? (rows.length === cols ? options.labels : undefined);
  checkLabels(fn, 'options.colLabels', colLabels, cols);
  const panel = {
    kind: 'heatmap' as const,
    title: options.title ?? 'Metric',
    values: rows,
    colorBarLabel: options.colorBarLabel ?? 'M_ij',
    ...(options.labels ? { rowLabels: options.labels } : {}),
    ...(colLabels ? { colLabels } : {}),
    ...(options.colorMap ? { colorMap: options.colorMap } : {}),
  };
  return singlePanel(panel, options);
}
