import type { Box, RenderContext } from './internal/context.js';
import { renderDagPanel } from './internal/dagPanel.js';
import { renderHeatmapPanel } from './internal/heatmapPanel.js';
import { FONT_FAMILY, INK } from './internal/palette.js';
import { el, text } from './internal/svg.js';
import { renderXYPanel } from './internal/xyPanel.js';
import type { FigureSpec } from './spec.js';
import { validateSpec } from './validateSpec.js';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Prefix of element ids (clip paths, arrow markers), so several figures can be inlined in one
   * HTML page without id clashes.
   * @default 'idyn'
   */
  idPrefix?: string;
}

/** Pixel size of the figure a spec produces. */
export interface FigureSize {
  /** Figure width in px. */
  width: number;
  /** Figure height in px (including the title band). */
  height: number;
  /** Number of grid columns. */
  columns: number;
  /** Number of grid rows. */
  rows: number;
}

/**
 * Size of the figure a (valid) spec renders to: panels on a grid of `columns` columns.
 * @param spec - the figure spec
 * @returns width and height in px, columns and rows of the grid
 * @throws nothing; call on a spec that passed `validateSpec`
 * @example
 * figureSize({ panels: [p1, p2, p3, p4], columns: 2 }); // { width: 960, height: 680, columns: 2, rows: 2 }
 * @see validateSpec, and `renderPng` in `@idyn/plot/png` for PNG
 */
export function figureSize(spec: FigureSpec): FigureSize {
  const n = spec.panels.length;
  const columns = Math.min(spec.columns ?? Math.min(n, 3), n);
  const rows = Math.ceil(n / columns);
  const pw = spec.panelWidth ?? 480;
  const ph = spec.panelHeight ?? 340;
  const fs = spec.fontSize ?? 13;
  const titleH = spec.title ? fs * 2.4 : 0;
  return { width: Math.round(columns * pw), height: Math.round(rows * ph + titleH), columns, rows };
}

/**
 * Renders a figure spec to a standalone SVG document string. Pure string building (no DOM), so
 * the same code runs in Node and in the browser; output is deterministic (coordinates rounded to
 * 0.01 px) and all text is XML-escaped.
 *
 * @param spec - the figure; validated first with {@link validateSpec}
 * @param options - {@link RenderSvgOptions}
 * @returns the SVG document (starts with `<svg xmlns=...`)
 * @throws TypeError or RangeError from {@link validateSpec} when the spec is invalid
 * @example
 * const svg = renderSvg({
 *   panels: [{ kind: 'xy', y: { scale: 'log' }, series: [{ type: 'line', x: [0, 1, 2], y: [1, 1e-6, 1e-12] }] }],
 * });
 * svg.includes('>1e-12<'); // true
 * @see validateSpec, and `renderPng` in `@idyn/plot/png` for PNG
 */
export function renderSvg(spec: FigureSpec, options: RenderSvgOptions = {}): string {
  validateSpec(spec);
  const prefix = options.idPrefix ?? 'idyn';
  if (!/^[A-Za-z_][\w-]*$/.test(prefix)) {
    throw new RangeError(
      `renderSvg: options.idPrefix must be a valid XML id start (letters, digits, _ and -), got ${JSON.stringify(prefix)}`,
    );
  }
  const size = figureSize(spec);
  const fs = spec.fontSize ?? 13;
  const pw = spec.panelWidth ?? 480;
  const ph = spec.panelHeight ?? 340;
  const titleH = spec.title ? fs * 2.4 : 0;
  const parts: string[] = [];
  const background = spec.background ?? '#ffffff';
  if (background !== 'none')
    parts.push(el('rect', { x: 0, y: 0, width: size.width, height: size.height, fill: background }));
  if (spec.title) {
    parts.push(
      text(spec.title, {
        x: size.width / 2,
        y: fs * 1.7,
        'text-anchor': 'middle',
        'font-size': fs * 1.3,
        'font-weight': 'bold',
        class: 'figure-title',
      }),
    );
  }
  spec.panels.forEach((panel, i) => {
    const box: Box = {
      x: (i % size.columns) * pw,
      y: titleH + Math.floor(i / size.columns) * ph,
      width: pw,
      height: ph,
    };
    const ctx: RenderContext = { fontSize: fs, id: `${prefix}-p${i}` };
    if (panel.kind === 'xy') parts.push(renderXYPanel(panel, box, ctx));
    else if (panel.kind === 'heatmap') parts.push(renderHeatmapPanel(panel, box, ctx));
    else parts.push(renderDagPanel(panel, box, ctx));
  });
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: size.width,
      height: size.height,
      viewBox: `0 0 ${size.width} ${size.height}`,
      'font-family': FONT_FAMILY,
      fill: INK,
    },
    parts,
  );
}
