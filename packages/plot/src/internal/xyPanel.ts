import { scaleLinear, scaleLog } from 'd3-scale';
import { area, curveLinear, curveStepAfter, line } from 'd3-shape';
import type { AxisSpec, NumericArray, Series, XYPanelSpec } from '../spec.js';
import type { Box, RenderContext } from './context.js';
import { markerPath } from './markers.js';
import { DASH_ARRAY, GRID, INK, paletteColor } from './palette.js';
import { el, num, text, textWidth } from './svg.js';
import { type Tick, linearTicks, logTicks } from './ticks.js';

interface AxisInfo {
  log: boolean;
  lo: number;
  hi: number;
  ticks: Tick[];
}

function isOk(v: number, log: boolean): boolean {
  return Number.isFinite(v) && (!log || v > 0);
}

function extentOf(
  values: number[],
  log: boolean,
  spec: AxisSpec | undefined,
  includeZero: boolean,
  rules: number[],
): AxisInfo {
  const count = spec?.ticks ?? 6;
  if (spec?.domain) {
    const [lo, hi] = spec.domain;
    return { log, lo, hi, ticks: log ? logTicks(lo, hi, count) : linearTicks(lo, hi, count) };
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!isOk(v, log)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (includeZero && !log) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (!Number.isFinite(lo)) {
    lo = log ? 1 : 0;
    hi = log ? 10 : 1;
  } else if (lo === hi) {
    if (log) {
      lo /= 10;
      hi *= 10;
    } else {
      const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
  }
  // A reference line exactly on the frame would be hidden by it: give it room.
  const onEdge = (edge: number) =>
    rules.some((r) => Math.abs(r - edge) <= 1e-9 * Math.max(Math.abs(edge), 1e-300));
  if (log) {
    lo = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    hi = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
    if (lo === hi) hi = lo * 10;
    if (onEdge(hi)) hi *= 10;
    if (onEdge(lo)) lo /= 10;
    return { log, lo, hi, ticks: logTicks(lo, hi, count) };
  }
  let [a, b] = scaleLinear().domain([lo, hi]).nice(count).domain() as [number, number];
  if (onEdge(b) || (onEdge(a) && !includeZero)) {
    const pad = 0.05 * (b - a);
    [a, b] = scaleLinear()
      .domain([onEdge(a) && !includeZero ? a - pad : a, onEdge(b) ? b + pad : b])
      .nice(count)
      .domain() as [number, number];
  }
  return { log, lo: a, hi: b, ticks: linearTicks(a, b, count) };
}

// Pixel positions are rounded to 0.01 px so path strings are short and identical everywhere.
function makeScale(info: AxisInfo, r0: number, r1: number): (v: number) => number {
  const s = info.log
    ? scaleLog().domain([info.lo, info.hi]).range([r0, r1])
    : scaleLinear().domain([info.lo, info.hi]).range([r0, r1]);
  return (v: number) => Math.round(s(v) * 100) / 100;
}

function seriesColor(s: Series, i: number): string {
  return s.color ?? paletteColor(s.colorIndex ?? i);
}

function collect(panel: XYPanelSpec, xLog: boolean, yLog: boolean): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of panel.series) {
    switch (s.type) {
      case 'line':
      case 'scatter':
      case 'bar':
        for (let i = 0; i < s.x.length; i++) {
          const x = s.x[i]!;
          const y = s.y[i]!;
          if (isOk(x, xLog) && isOk(y, yLog)) {
            xs.push(x);
            ys.push(y);
          }
        }
        break;
      case 'band':
        for (let i = 0; i < s.x.length; i++) {
          const x = s.x[i]!;
          const lo = s.lower[i]!;
          const hi = s.upper[i]!;
          if (isOk(x, xLog) && isOk(lo, yLog) && isOk(hi, yLog)) {
            xs.push(x);
            ys.push(lo, hi);
          }
        }
        break;
      case 'rule':
        (s.axis === 'x' ? xs : ys).push(s.value);
        break;
      case 'slope': {
        xs.push(s.from, s.to);
        ys.push(slopeY(s.slope, s.anchor, s.from), slopeY(s.slope, s.anchor, s.to));
        break;
      }
    }
  }
  return { xs, ys };
}

function slopeY(slope: number, anchor: readonly [number, number], x: number): number {
  return anchor[1] * (x / anchor[0]) ** slope;
}

interface LegendEntry {
  label: string;
  color: string;
  kind: 'line' | 'marker' | 'fill';
  dash?: string | undefined;
  marker?: string | undefined;
  opacity?: number;
}

/** Renders one x/y panel into `box`. */
export function renderXYPanel(panel: XYPanelSpec, box: Box, ctx: RenderContext): string {
  const fs = ctx.fontSize;
  const xLog = panel.x?.scale === 'log';
  const yLog = panel.y?.scale === 'log';
  const { xs, ys } = collect(panel, xLog, yLog);
  const hasBars = panel.series.some((s) => s.type === 'bar');
  const rulesOn = (axis: 'x' | 'y') =>
    panel.series.flatMap((s) => (s.type === 'rule' && s.axis === axis ? [s.value] : []));
  const xInfo = extentOf(xs, xLog, panel.x, false, rulesOn('x'));
  const yInfo = extentOf(ys, yLog, panel.y, hasBars, rulesOn('y'));

  const yLabelWidth = Math.max(
    ...yInfo.ticks.filter((t) => !t.minor).map((t) => textWidth(t.label, fs * 0.9)),
    10,
  );
  const top = box.y + (panel.title ? fs * 2.2 : fs * 0.8);
  const left = box.x + yLabelWidth + 10 + (panel.y?.label ? fs * 1.8 : 0) + 4;
  const right = box.x + box.width - 14;
  const bottom = box.y + box.height - (fs * 1.9 + (panel.x?.label ? fs * 1.5 : 0));
  const sx = makeScale(xInfo, left, right);
  const sy = makeScale(yInfo, bottom, top);
  const parts: string[] = [];

  if (panel.title) {
    parts.push(
      text(panel.title, {
        x: (left + right) / 2,
        y: box.y + fs * 1.4,
        'text-anchor': 'middle',
        'font-size': fs * 1.1,
        'font-weight': 'bold',
        class: 'title',
      }),
    );
  }
  // Grid and ticks.
  const grid = panel.grid ?? true;
  const axisParts: string[] = [];
  for (const t of xInfo.ticks) {
    const px = sx(t.value);
    if (grid && !t.minor)
      axisParts.push(el('line', { x1: px, x2: px, y1: top, y2: bottom, stroke: GRID, 'stroke-width': 1 }));
    axisParts.push(
      el('line', {
        x1: px,
        x2: px,
        y1: bottom,
        y2: bottom + (t.minor ? 3 : 5),
        stroke: INK,
        'stroke-width': 1,
      }),
    );
    if (!t.minor) {
      axisParts.push(
        text(t.label, {
          x: px,
          y: bottom + fs * 1.3,
          'text-anchor': 'middle',
          'font-size': fs * 0.9,
          class: 'tick',
        }),
      );
    }
  }
  for (const t of yInfo.ticks) {
    const py = sy(t.value);
    if (grid && !t.minor)
      axisParts.push(el('line', { x1: left, x2: right, y1: py, y2: py, stroke: GRID, 'stroke-width': 1 }));
    axisParts.push(
      el('line', { x1: left - (t.minor ? 3 : 5), x2: left, y1: py, y2: py, stroke: INK, 'stroke-width': 1 }),
    );
    if (!t.minor) {
      axisParts.push(
        text(t.label, {
          x: left - 8,
          y: py + fs * 0.32,
          'text-anchor': 'end',
          'font-size': fs * 0.9,
          class: 'tick',
        }),
      );
    }
  }
  parts.push(el('g', { class: 'axes' }, axisParts));
  parts.push(
    el('rect', {
      x: left,
      y: top,
      width: right - left,
      height: bottom - top,
      fill: 'none',
      stroke: INK,
      'stroke-width': 1,
    }),
  );
  if (panel.x?.label) {
    parts.push(
      text(panel.x.label, {
        x: (left + right) / 2,
        y: box.y + box.height - fs * 0.5,
        'text-anchor': 'middle',
        'font-size': fs,
        class: 'label',
      }),
    );
  }
  if (panel.y?.label) {
    const lx = box.x + fs * 1.1;
    const ly = (top + bottom) / 2;
    parts.push(
      text(panel.y.label, {
        x: lx,
        y: ly,
        'text-anchor': 'middle',
        'font-size': fs,
        transform: `rotate(-90 ${num(lx)} ${num(ly)})`,
        class: 'label',
      }),
    );
  }

  // Data, clipped to the plot area.
  const clipId = `${ctx.id}-clip`;
  const data: string[] = [];
  const legend: LegendEntry[] = [];
  const okX = (v: number) => isOk(v, xLog);
  const okY = (v: number) => isOk(v, yLog);
  panel.series.forEach((s, i) => {
    const color = seriesColor(s, i);
    switch (s.type) {
      case 'band': {
        const idx = Array.from({ length: s.x.length }, (_, k) => k);
        const gen = area<number>()
          .defined((k) => okX(s.x[k]!) && okY(s.lower[k]!) && okY(s.upper[k]!))
          .x((k) => sx(s.x[k]!))
          .y0((k) => sy(s.lower[k]!))
          .y1((k) => sy(s.upper[k]!));
        const opacity = s.opacity ?? 0.25;
        data.push(
          el('path', {
            d: gen(idx) ?? '',
            fill: color,
            'fill-opacity': opacity,
            stroke: 'none',
            class: 'series band',
          }),
        );
        if (s.label) legend.push({ label: s.label, color, kind: 'fill', opacity });
        break;
      }
      case 'line': {
        const idx = Array.from({ length: s.x.length }, (_, k) => k);
        const gen = line<number>()
          .defined((k) => okX(s.x[k]!) && okY(s.y[k]!))
          .x((k) => sx(s.x[k]!))
          .y((k) => sy(s.y[k]!))
          .curve(s.step ? curveStepAfter : curveLinear);
        const dash = DASH_ARRAY[s.dash ?? 'solid'];
        data.push(
          el('path', {
            d: gen(idx) ?? '',
            fill: 'none',
            stroke: color,
            'stroke-width': s.width ?? 1.75,
            'stroke-dasharray': dash,
            'stroke-linejoin': 'round',
            'stroke-linecap': 'round',
            class: 'series line',
          }),
        );
        if (s.marker) {
          let d = '';
          for (const k of idx) {
            const x = s.x[k]!;
            const y = s.y[k]!;
            if (okX(x) && okY(y)) d += markerPath(s.marker, sx(x), sy(y), 3);
          }
          data.push(
            el('path', { d, fill: s.marker === 'cross' ? 'none' : color, stroke: color, class: 'markers' }),
          );
        }
        if (s.label) legend.push({ label: s.label, color, kind: 'line', dash, marker: s.marker });
        break;
      }
      case 'scatter': {
        const shape = s.marker ?? 'circle';
        const r = s.radius ?? 3.5;
        let d = '';
        for (let k = 0; k < s.x.length; k++) {
          const x = s.x[k]!;
          const y = s.y[k]!;
          if (okX(x) && okY(y)) d += markerPath(shape, sx(x), sy(y), r);
        }
        data.push(
          el('path', {
            d,
            fill: shape === 'cross' ? 'none' : color,
            stroke: color,
            'stroke-width': 1,
            class: 'series scatter',
          }),
        );
        if (s.label) legend.push({ label: s.label, color, kind: 'marker', marker: shape });
        break;
      }
      case 'bar': {
        const pts: [number, number][] = [];
        for (let k = 0; k < s.x.length; k++) {
          const x = s.x[k]!;
          const y = s.y[k]!;
          if (okX(x) && okY(y)) pts.push([sx(x), sy(y)]);
        }
        const pxs = pts.map((p) => p[0]).sort((a, b) => a - b);
        let spacing = (right - left) / 4;
        for (let k = 1; k < pxs.length; k++) {
          const gap = pxs[k]! - pxs[k - 1]!;
          if (gap > 0) spacing = Math.min(spacing, gap);
        }
        const w = spacing * (s.widthFraction ?? 0.7);
        const base = yLog ? bottom : sy(0);
        let d = '';
        for (const [px, py] of pts) {
          const y0 = Math.min(base, py);
          d += `M${num(px - w / 2)},${num(y0)}h${num(w)}v${num(Math.abs(base - py))}h${num(-w)}Z`;
        }
        data.push(el('path', { d, fill: color, 'fill-opacity': 0.85, stroke: color, class: 'series bar' }));
        if (s.label) legend.push({ label: s.label, color, kind: 'fill', opacity: 0.85 });
        break;
      }
      case 'rule': {
        const dash = DASH_ARRAY[s.dash ?? 'dashed'];
        const attrs =
          s.axis === 'y'
            ? { x1: left, x2: right, y1: sy(s.value), y2: sy(s.value) }
            : { x1: sx(s.value), x2: sx(s.value), y1: top, y2: bottom };
        data.push(
          el('line', {
            ...attrs,
            stroke: color,
            'stroke-width': 1.25,
            'stroke-dasharray': dash,
            class: 'series rule',
          }),
        );
        if (s.label) legend.push({ label: s.label, color, kind: 'line', dash });
        break;
      }
      case 'slope': {
        const n = 48;
        const idx = Array.from({ length: n + 1 }, (_, k) => k);
        const xAt = (k: number) =>
          xLog ? s.from * (s.to / s.from) ** (k / n) : s.from + ((s.to - s.from) * k) / n;
        const gen = line<number>()
          .defined((k) => okX(xAt(k)) && okY(slopeY(s.slope, s.anchor, xAt(k))))
          .x((k) => sx(xAt(k)))
          .y((k) => sy(slopeY(s.slope, s.anchor, xAt(k))));
        // On log–log axes the guide is a straight segment: two points suffice.
        const d = xLog && yLog ? gen([0, n]) : gen(idx);
        const dash = DASH_ARRAY[s.dash ?? 'dotted'];
        data.push(
          el('path', {
            d: d ?? '',
            fill: 'none',
            stroke: color,
            'stroke-width': 1.5,
            'stroke-dasharray': dash,
            class: 'series slope',
          }),
        );
        if (s.label) legend.push({ label: s.label, color, kind: 'line', dash });
        break;
      }
    }
  });
  parts.push(
    el('clipPath', { id: clipId }, [
      el('rect', { x: left, y: top, width: right - left, height: bottom - top }),
    ]),
    el('g', { 'clip-path': `url(#${clipId})`, class: 'data' }, data),
  );

  const plotArea: Box = { x: left, y: top, width: right - left, height: bottom - top };
  const occupied = occupiedPoints(panel, sx, sy, xLog, yLog, plotArea);
  let position: string = panel.legend ?? 'auto';
  if (position === 'auto') position = bestCorner(legend, plotArea, fs, occupied);
  if (legend.length > 0 && position !== 'none') {
    parts.push(renderLegend(legend, position, plotArea, fs));
  }
  return el('g', { class: 'panel xy' }, parts);
}

const CORNERS = ['top-right', 'top-left', 'bottom-right', 'bottom-left'] as const;

function legendBox(entries: LegendEntry[], position: string, area: Box, fs: number): Box {
  const lfs = fs * 0.85;
  const w = Math.max(...entries.map((e) => textWidth(e.label, lfs))) + LEGEND_SAMPLE + 18;
  const h = entries.length * lfs * 1.45 + 8;
  const x = position.endsWith('left') ? area.x + 8 : area.x + area.width - w - 8;
  const y = position.startsWith('top') ? area.y + 8 : area.y + area.height - h - 8;
  return { x, y, width: w, height: h };
}

/** The corner whose legend box covers the fewest drawn data points (ties: the order of CORNERS). */
function bestCorner(entries: LegendEntry[], area: Box, fs: number, points: number[]): string {
  if (entries.length === 0) return 'top-right';
  let best: string = CORNERS[0];
  let bestCount = Number.POSITIVE_INFINITY;
  for (const c of CORNERS) {
    const b = legendBox(entries, c, area, fs);
    let count = 0;
    for (let i = 0; i < points.length; i += 2) {
      const px = points[i]!;
      const py = points[i + 1]!;
      if (px >= b.x && px <= b.x + b.width && py >= b.y && py <= b.y + b.height) count++;
    }
    if (count < bestCount) {
      bestCount = count;
      best = c;
    }
  }
  return best;
}

const LEGEND_SAMPLE = 26;

function renderLegend(entries: LegendEntry[], position: string, area: Box, fs: number): string {
  const lfs = fs * 0.85;
  const rowH = lfs * 1.45;
  const sample = LEGEND_SAMPLE;
  const { x, y, width: w, height: h } = legendBox(entries, position, area, fs);
  const rows: string[] = [
    el('rect', {
      x,
      y,
      width: w,
      height: h,
      fill: '#ffffff',
      'fill-opacity': 0.85,
      stroke: '#bbbbbb',
      'stroke-width': 0.75,
      rx: 3,
    }),
  ];
  entries.forEach((e, i) => {
    const cy = y + 4 + rowH * (i + 0.5);
    const x0 = x + 6;
    if (e.kind === 'line') {
      rows.push(
        el('line', {
          x1: x0,
          x2: x0 + sample,
          y1: cy,
          y2: cy,
          stroke: e.color,
          'stroke-width': 1.75,
          'stroke-dasharray': e.dash,
        }),
      );
      if (e.marker) {
        rows.push(
          el('path', {
            d: markerPath(e.marker as never, x0 + sample / 2, cy, 3),
            fill: e.color,
            stroke: e.color,
          }),
        );
      }
    } else if (e.kind === 'marker') {
      rows.push(
        el('path', {
          d: markerPath((e.marker ?? 'circle') as never, x0 + sample / 2, cy, 3.5),
          fill: e.color,
          stroke: e.color,
        }),
      );
    } else {
      rows.push(
        el('rect', {
          x: x0,
          y: cy - lfs * 0.4,
          width: sample,
          height: lfs * 0.8,
          fill: e.color,
          'fill-opacity': e.opacity ?? 0.3,
        }),
      );
    }
    rows.push(
      text(e.label, { x: x0 + sample + 6, y: cy + lfs * 0.35, 'font-size': lfs, class: 'legend-label' }),
    );
  });
  return el('g', { class: 'legend' }, rows);
}

/**
 * Pixel points covered by the data (vertices, plus samples every 8 px along segments, band and bar
 * interiors), used to place the legend where it hides the least. Flat array x0, y0, x1, y1, ...
 */
function occupiedPoints(
  panel: XYPanelSpec,
  sx: (v: number) => number,
  sy: (v: number) => number,
  xLog: boolean,
  yLog: boolean,
  area: Box,
): number[] {
  const out: number[] = [];
  const segment = (x0: number, y0: number, x1: number, y1: number) => {
    const k = Math.min(200, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 8));
    for (let j = 0; j <= k; j++) {
      const f = k === 0 ? 0 : j / k;
      out.push(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f);
    }
  };
  const polyline = (x: NumericArray, y: NumericArray) => {
    let prev: [number, number] | null = null;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      if (!isOk(xi, xLog) || !isOk(yi, yLog)) {
        prev = null;
        continue;
      }
      const p: [number, number] = [sx(xi), sy(yi)];
      if (prev) segment(prev[0], prev[1], p[0], p[1]);
      else out.push(p[0], p[1]);
      prev = p;
    }
  };
  for (const s of panel.series) {
    switch (s.type) {
      case 'line':
      case 'scatter':
        if (s.type === 'line') polyline(s.x, s.y);
        else
          for (let i = 0; i < s.x.length; i++) {
            if (isOk(s.x[i]!, xLog) && isOk(s.y[i]!, yLog)) out.push(sx(s.x[i]!), sy(s.y[i]!));
          }
        break;
      case 'band':
        for (let i = 0; i < s.x.length; i++) {
          const x = s.x[i]!;
          const lo = s.lower[i]!;
          const hi = s.upper[i]!;
          if (isOk(x, xLog) && isOk(lo, yLog) && isOk(hi, yLog)) segment(sx(x), sy(lo), sx(x), sy(hi));
        }
        break;
      case 'bar':
        for (let i = 0; i < s.x.length; i++) {
          const x = s.x[i]!;
          const y = s.y[i]!;
          if (isOk(x, xLog) && isOk(y, yLog))
            segment(sx(x), sy(y), sx(x), yLog ? area.y + area.height : sy(0));
        }
        break;
      case 'rule':
        if (s.axis === 'y') segment(area.x, sy(s.value), area.x + area.width, sy(s.value));
        else segment(sx(s.value), area.y, sx(s.value), area.y + area.height);
        break;
      case 'slope': {
        const xs = [s.from, s.to];
        polyline(
          xs,
          xs.map((x) => slopeY(s.slope, s.anchor, x)),
        );
        break;
      }
    }
  }
  return out;
}
