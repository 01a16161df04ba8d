import type { FigureSpec } from './spec.js';

/** Options of {@link combinePlots}. */
export interface CombinePlotsOptions {
  /** Figure title. @default none (no figure title) */
  title?: string;
  /** Grid columns. @default min(number of panels, 3) */
  columns?: number;
}

/**
 * Puts the panels of several figures on one grid (row by row), e.g. a loss curve next to a law
 * drift plot. Panel sizes and font size come from the first figure.
 *
 * @param figures - figures whose panels are concatenated in order
 * @param options - {@link CombinePlotsOptions}
 * @returns a figure with all panels
 * @throws RangeError if `figures` is empty
 * @example
 * combinePlots([lossPlot({ x, loss }), lawDriftPlot({ t, drift })], { columns: 2 }).panels.length; // 2
 * @see renderSvg (grid layout: `columns`, `panelWidth`, `panelHeight`)
 */
export function combinePlots(figures: readonly FigureSpec[], options: CombinePlotsOptions = {}): FigureSpec {
  if (!Array.isArray(figures) || figures.length === 0) {
    throw new RangeError('combinePlots: figures must be a non-empty array');
  }
  const first = figures[0] as FigureSpec;
  const out: FigureSpec = { ...first, panels: figures.flatMap((f) => [...f.panels]) };
  const o = out as { title?: string; columns?: number };
  if (options.title !== undefined) o.title = options.title;
  if (options.columns !== undefined) o.columns = options.columns;
  return out;
}
