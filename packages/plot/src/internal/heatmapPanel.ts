import { scaleLinear } from 'd3-scale';
import type { HeatmapPanelSpec } from '../spec.js';
import type { Box, RenderContext } from './context.js';
import { formatValue } from './format.js';
import { INK } from './palette.js';
import { el, num, text, textWidth } from './svg.js';
import { linearTicks } from './ticks.js';

// Viridis (van der Walt & Smith), sampled at 9 points; perceptually uniform, colour-blind safe.
const VIRIDIS = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];
// Paul Tol's BuRd diverging scheme, white at the centre.
const DIVERGING = [
  '#2166ac',
  '#4393c3',
  '#92c5de',
  '#d1e5f0',
  '#f7f7f7',
  '#fddbc7',
  '#f4a582',
  '#d6604d',
  '#b2182b',
];

/** Colour function of a heatmap: value -> CSS colour, plus its domain. */
export function heatmapColors(panel: HeatmapPanelSpec): {
  color: (v: number) => string;
  lo: number;
  hi: number;
  map: string;
} {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const row of panel.values) {
    for (let j = 0; j < row.length; j++) {
      const v = row[j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const map = panel.colorMap ?? (lo < 0 && hi > 0 ? 'diverging' : 'viridis');
  if (panel.domain) [lo, hi] = panel.domain;
  else if (map === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    lo = -m;
    hi = m;
  } else if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const stops = map === 'diverging' ? DIVERGING : VIRIDIS;
  const domain = stops.map((_, k) => lo + ((hi - lo) * k) / (stops.length - 1));
  const scale = scaleLinear<string>().domain(domain).range(stops).clamp(true);
  return { color: (v: number) => scale(v), lo, hi, map };
}

function luminance(css: string): number {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(css);
  if (!m) return 1;
  return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255;
}

/** Renders a heatmap panel with a colour bar into `box`. */
export function renderHeatmapPanel(panel: HeatmapPanelSpec, box: Box, ctx: RenderContext): string {
  const fs = ctx.fontSize;
  const rows = panel.values.length;
  const cols = (panel.values[0] as ArrayLike<number>).length;
  const { color, lo, hi } = heatmapColors(panel);
  const rowLabels = panel.rowLabels ?? Array.from({ length: rows }, (_, i) => String(i));
  const colLabels = panel.colLabels ?? Array.from({ length: cols }, (_, j) => String(j));
  const lfs = fs * 0.85;
  const labelW = Math.max(...rowLabels.map((l) => textWidth(l, lfs))) + 8;
  const barW = 14;
  const ticks = linearTicks(lo, hi, 5).filter(
    (t) => t.value >= lo - 1e-12 * Math.abs(hi - lo) && t.value <= hi + 1e-12 * Math.abs(hi - lo),
  );
  const tickW = Math.max(...ticks.map((t) => textWidth(t.label, lfs)), 10);
  const top = box.y + (panel.title ? fs * 2.2 : fs * 0.8) + lfs * 1.4;
  const bottom = box.y + box.height - fs * (panel.colorBarLabel ? 0.8 : 0.8);
  const left = box.x + labelW + 6;
  const rightLimit = box.x + box.width - (barW + tickW + 28 + (panel.colorBarLabel ? fs * 1.5 : 0));
  const cell = Math.max(2, Math.min((rightLimit - left) / cols, (bottom - top) / rows));
  const gridW = cell * cols;
  const gridH = cell * rows;
  const parts: string[] = [];
  if (panel.title) {
    parts.push(
      text(panel.title, {
        x: box.x + box.width / 2,
        y: box.y + fs * 1.4,
        'text-anchor': 'middle',
        'font-size': fs * 1.1,
        'font-weight': 'bold',
        class: 'title',
      }),
    );
  }
  const annotate = panel.annotate ?? (rows <= 12 && cols <= 12);
  const cells: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row = panel.values[i] as ArrayLike<number>;
    for (let j = 0; j < cols; j++) {
      const v = row[j]!;
      const c = color(v);
      const x = left + j * cell;
      const y = top + i * cell;
      cells.push(el('rect', { x, y, width: cell, height: cell, fill: c, class: 'cell' }));
      if (annotate) {
        cells.push(
          text(formatValue(v), {
            x: x + cell / 2,
            y: y + cell / 2 + lfs * 0.33,
            'text-anchor': 'middle',
            'font-size': Math.min(lfs, cell * 0.3),
            fill: luminance(c) < 0.5 ? '#ffffff' : INK,
            class: 'cell-label',
          }),
        );
      }
    }
  }
  parts.push(el('g', { class: 'cells' }, cells));
  parts.push(
    el('rect', {
      x: left,
      y: top,
      width: gridW,
      height: gridH,
      fill: 'none',
      stroke: INK,
      'stroke-width': 1,
    }),
  );
  rowLabels.forEach((l, i) => {
    parts.push(
      text(l, {
        x: left - 6,
        y: top + (i + 0.5) * cell + lfs * 0.33,
        'text-anchor': 'end',
        'font-size': lfs,
        class: 'tick',
      }),
    );
  });
  colLabels.forEach((l, j) => {
    parts.push(
      text(l, {
        x: left + (j + 0.5) * cell,
        y: top - 6,
        'text-anchor': 'middle',
        'font-size': lfs,
        class: 'tick',
      }),
    );
  });
  // Colour bar: a stack of thin rects (no gradient defs, so rasterisers agree exactly).
  const bx = left + gridW + 16;
  const steps = 64;
  const bar: string[] = [];
  for (let k = 0; k < steps; k++) {
    const v = lo + ((hi - lo) * (k + 0.5)) / steps;
    const y = top + gridH - ((k + 1) * gridH) / steps;
    bar.push(el('rect', { x: bx, y, width: barW, height: gridH / steps + 0.5, fill: color(v) }));
  }
  bar.push(
    el('rect', { x: bx, y: top, width: barW, height: gridH, fill: 'none', stroke: INK, 'stroke-width': 1 }),
  );
  for (const t of ticks) {
    const y = top + gridH - ((t.value - lo) / (hi - lo)) * gridH;
    bar.push(el('line', { x1: bx + barW, x2: bx + barW + 4, y1: y, y2: y, stroke: INK }));
    bar.push(text(t.label, { x: bx + barW + 7, y: y + lfs * 0.33, 'font-size': lfs, class: 'tick' }));
  }
  if (panel.colorBarLabel) {
    const lx = bx + barW + tickW + 22;
    const ly = top + gridH / 2;
    bar.push(
      text(panel.colorBarLabel, {
        x: lx,
        y: ly,
        'text-anchor': 'middle',
        'font-size': fs,
        transform: `rotate(-90 ${num(lx)} ${num(ly)})`,
        class: 'label',
      }),
    );
  }
  parts.push(el('g', { class: 'colorbar' }, bar));
  return el('g', { class: 'panel heatmap' }, parts);
}
