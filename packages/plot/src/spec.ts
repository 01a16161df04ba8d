/**
 * The declarative plot specification consumed by {@link renderSvg} and `renderPng`.
 *
 * A {@link FigureSpec} is a grid of panels. Every value is plain data (numbers, arrays, strings), so
 * a spec can be written by hand, serialised to JSON, and rendered in Node or in the browser.
 * Specs are checked by {@link validateSpec} before rendering; nothing is clamped or dropped
 * silently.
 */

/** Numeric array accepted wherever a series of values is expected. */
export type NumericArray = ArrayLike<number>;

/** Axis scale kind. */
export type ScaleKind = 'linear' | 'log';

/** Stroke dash style. */
export type DashStyle = 'solid' | 'dashed' | 'dotted' | 'dashdot';

/** Marker shape for scatter series and line markers. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';

/** One axis of an x/y panel. */
export interface AxisSpec {
  /** Scale kind. @default 'linear' */
  scale?: ScaleKind;
  /** Axis label (plain text, escaped on output). */
  label?: string;
  /** Fixed domain `[min, max]`; computed from the data (with rules and bands) when absent. */
  domain?: readonly [number, number];
  /** Approximate number of ticks. @default 6 */
  ticks?: number;
}

/** Legend placement inside an x/y panel; `'auto'` picks the corner hiding the fewest data points. */
export type LegendPosition = 'auto' | 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'none';

/** Common style fields of data series. */
export interface SeriesStyle {
  /** Legend label; series without a label have no legend entry. */
  label?: string;
  /** CSS colour; the palette colour of the series index when absent. */
  color?: string;
  /** Palette index used when `color` is absent (lets two series share a colour). */
  colorIndex?: number;
}

/** A polyline through `(x[i], y[i])`. */
export interface LineSeries extends SeriesStyle {
  /** Discriminant. */
  type: 'line';
  /** Abscissae. */
  x: NumericArray;
  /** Ordinates, one per abscissa. */
  y: NumericArray;
  /** @default 'solid' */
  dash?: DashStyle;
  /** Stroke width in px. @default 1.75 */
  width?: number;
  /** Draw a marker at every point. */
  marker?: MarkerShape;
  /** Draw as a step function (value held until the next x). @default false */
  step?: boolean;
}

/** Markers at `(x[i], y[i])`. */
export interface ScatterSeries extends SeriesStyle {
  /** Discriminant. */
  type: 'scatter';
  /** Abscissae. */
  x: NumericArray;
  /** Ordinates, one per abscissa. */
  y: NumericArray;
  /** @default 'circle' */
  marker?: MarkerShape;
  /** Marker radius in px. @default 3.5 */
  radius?: number;
}

/** Filled region between `lower[i]` and `upper[i]` (e.g. min–max of an ensemble). */
export interface BandSeries extends SeriesStyle {
  /** Discriminant. */
  type: 'band';
  /** Abscissae. */
  x: NumericArray;
  /** Lower edge of the band, one value per abscissa. */
  lower: NumericArray;
  /** Upper edge of the band, one value per abscissa. */
  upper: NumericArray;
  /** Fill opacity in [0, 1]. @default 0.25 */
  opacity?: number;
}

/** Vertical bars of height `y[i]` centred at `x[i]` (bars start at 0, or at the axis minimum on log y). */
export interface BarSeries extends SeriesStyle {
  /** Discriminant. */
  type: 'bar';
  /** Bar centres. */
  x: NumericArray;
  /** Bar heights, one per centre. */
  y: NumericArray;
  /** Bar width as a fraction of the smallest x spacing. @default 0.7 */
  widthFraction?: number;
}

/** A horizontal (`axis: 'y'`) or vertical (`axis: 'x'`) reference line at `value`. */
export interface RuleSeries extends SeriesStyle {
  /** Discriminant. */
  type: 'rule';
  /** The axis `value` is read on: `'y'` draws a horizontal line, `'x'` a vertical one. */
  axis: 'x' | 'y';
  /** Position of the line in data units. */
  value: number;
  /** @default 'dashed' */
  dash?: DashStyle;
}

/**
 * A power-law guide `y = anchor[1] * (x / anchor[0]) ** slope` over `x in [from, to]`: a straight
 * line of the given slope on log–log axes (e.g. slope -1 for O(1/L) convergence).
 */
export interface SlopeGuideSeries extends SeriesStyle {
  /** Discriminant. */
  type: 'slope';
  /** Exponent of the power law: the line's slope on log–log axes. */
  slope: number;
  /** A point `[x, y]` the guide passes through. */
  anchor: readonly [number, number];
  /** Smallest x of the guide. */
  from: number;
  /** Largest x of the guide. */
  to: number;
  /** @default 'dotted' */
  dash?: DashStyle;
}

/** Any series of an x/y panel. */
export type Series = LineSeries | ScatterSeries | BandSeries | BarSeries | RuleSeries | SlopeGuideSeries;

/** A panel with x and y axes. */
export interface XYPanelSpec {
  /** Discriminant. */
  kind: 'xy';
  /** Panel title. @default none */
  title?: string;
  /** The x axis. @default linear, domain from the data */
  x?: AxisSpec;
  /** The y axis. @default linear, domain from the data */
  y?: AxisSpec;
  /** Series drawn in order (later ones on top). */
  series: readonly Series[];
  /** @default 'auto' */
  legend?: LegendPosition;
  /** Draw grid lines at the major ticks. @default true */
  grid?: boolean;
  /**
   * What to do with points whose value is not finite, or not positive on a log axis: `'error'`
   * throws from {@link validateSpec}; `'drop'` leaves them out (lines are broken there).
   * @default 'error'
   */
  invalid?: 'error' | 'drop';
}

/** Colour map of a heatmap. */
export type ColorMap = 'viridis' | 'diverging';

/** A matrix drawn as coloured cells with a colour bar. */
export interface HeatmapPanelSpec {
  /** Discriminant. */
  kind: 'heatmap';
  /** Panel title. @default none */
  title?: string;
  /** Row-major values: `values[i][j]` is row i, column j. */
  values: readonly NumericArray[];
  /** One label per row. @default the row indices '0', '1', … */
  rowLabels?: readonly string[];
  /** One label per column. @default the column indices '0', '1', … */
  colLabels?: readonly string[];
  /**
   * Colour map; `'diverging'` is symmetric around 0 (blue negative, red positive).
   * @default 'diverging' when the data has both signs, else 'viridis'
   */
  colorMap?: ColorMap;
  /** Colour domain `[min, max]`; from the data when absent. */
  domain?: readonly [number, number];
  /** Label of the colour bar. */
  colorBarLabel?: string;
  /** Print each value in its cell. @default true when the matrix has at most 12 x 12 cells */
  annotate?: boolean;
}

/** Kind of a DAG node; drawn with different shapes and colours. */
export type DagNodeKind = 'input' | 'hidden' | 'output';

/** A node of a DAG panel. */
export interface DagNode {
  /** Unique id, used by edges and highlights. */
  id: string;
  /** Input, hidden or output: chooses the shape and colour. */
  kind: DagNodeKind;
  /** Text drawn for the node. @default the id */
  label?: string;
}

/** A directed edge of a DAG panel. */
export interface DagEdge {
  /** Id of the source node. */
  from: string;
  /** Id of the target node. */
  to: string;
}

/** A layered drawing of a directed acyclic graph. */
export interface DagPanelSpec {
  /** Discriminant. */
  kind: 'dag';
  /** Panel title. @default none */
  title?: string;
  /** Nodes with unique ids. */
  nodes: readonly DagNode[];
  /** Directed edges between node ids; must form no cycle. */
  edges: readonly DagEdge[];
  /** A path as a sequence of node ids (consecutive ids must be edges); drawn highlighted. */
  highlight?: readonly string[];
}

/** Any panel. */
export type PanelSpec = XYPanelSpec | HeatmapPanelSpec | DagPanelSpec;

/** A figure: panels laid out on a grid, row by row. */
export interface FigureSpec {
  /** Figure title above all panels. */
  title?: string;
  /** Panels, laid out row by row on the grid. */
  panels: readonly PanelSpec[];
  /** Number of grid columns. @default min(panels.length, 3) */
  columns?: number;
  /** Width of one panel in px. @default 480 */
  panelWidth?: number;
  /** Height of one panel in px. @default 340 */
  panelHeight?: number;
  /** Base font size in px. @default 13 */
  fontSize?: number;
  /** Background colour; `'none'` for transparent. @default '#ffffff' */
  background?: string;
}
