/**
 * The site's x/y figures over @idyn/plot: fixed axis domains (set by the caller from the whole
 * computed horizon, so that axes do not rescale while a plot grows), legends in HTML under the
 * figure (they never cover a curve), and values ≤ 0 on a log axis marked by a triangle on the
 * axis floor instead of being dropped. Long series are thinned for drawing (the numbers shown in
 * the read-outs are not).
 */
import type { FigureSpec, LineSeries, ScatterSeries, Series } from '@idyn/plot';
import { renderSvg } from '@idyn/plot';
import { h, setSvg } from './dom.js';

/** Okabe & Ito colour-blind-safe hues, as @idyn/plot's palette (explicit: the HTML legend names them). */
export const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;
export const colorOf = (i: number): string => COLORS[i % COLORS.length]!;

/** One curve of a figure. */
export interface Curve {
  x: readonly number[];
  y: readonly number[];
  label: string;
  color: string;
  dash?: 'solid' | 'dashed';
}

/** A figure of curves with fixed domains. */
export interface LiveFigure {
  title: string;
  xLabel: string;
  yLabel: string;
  scale: 'linear' | 'log';
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  curves: Curve[];
  /** Legend entries when they differ from the curves (e.g. one entry per coordinate). */
  legend?: { label: string; color: string; dash?: 'solid' | 'dashed' }[];
}

/** Largest number of points drawn per curve. */
export const MAX_DRAWN_POINTS = 400;

function thin(x: readonly number[], y: readonly number[]): [number[], number[]] {
  const n = Math.min(x.length, y.length);
  if (n <= MAX_DRAWN_POINTS) return [x.slice(0, n), y.slice(0, n)];
  const step = Math.ceil(n / MAX_DRAWN_POINTS);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i += step) {
    xs.push(x[i]!);
    ys.push(y[i]!);
  }
  if ((n - 1) % step !== 0) {
    xs.push(x[n - 1]!);
    ys.push(y[n - 1]!);
  }
  return [xs, ys];
}

/** Domain of values over rows (positive ones only on a log axis), padded; a fallback when empty. */
export function domainOf(rows: readonly (readonly number[])[], scale: 'linear' | 'log'): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of rows)
    for (const v of r) {
      if (!Number.isFinite(v) || (scale === 'log' && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (lo > hi) return scale === 'log' ? [1e-16, 1] : [0, 1];
  if (scale === 'log') {
    if (lo === hi) return [lo / 10, hi * 10];
    return [lo / 3, hi * 3];
  }
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/** The figure spec: curves clipped to their domain, zeros of a log axis as triangles on its floor. */
export function figureSpec(
  f: LiveFigure,
  width: number,
  height: number,
): { spec: FigureSpec; zeros: number } {
  const series: Series[] = [];
  let zeros = 0;
  for (const c of f.curves) {
    const [x, y] = thin(c.x, c.y);
    if (f.scale === 'log') {
      const zx: number[] = [];
      for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]!) && y[i]! <= 0) zx.push(x[i]!);
      zeros += zx.length;
      const ys = y.map((v) => (v > 0 ? v : Number.NaN));
      series.push({ type: 'line', x, y: ys, color: c.color, dash: c.dash ?? 'solid' } satisfies LineSeries);
      if (zx.length > 0)
        series.push({
          type: 'scatter',
          x: zx,
          y: zx.map(() => f.yDomain[0]),
          color: c.color,
          marker: 'triangle',
          radius: 3,
        } satisfies ScatterSeries);
    } else series.push({ type: 'line', x, y, color: c.color, dash: c.dash ?? 'solid' } satisfies LineSeries);
  }
  return {
    spec: {
      panels: [
        {
          kind: 'xy',
          title: f.title,
          x: { label: f.xLabel, domain: f.xDomain },
          y: { label: f.yLabel, scale: f.scale, domain: f.yDomain },
          series,
          legend: 'none',
          invalid: 'drop',
        },
      ],
      panelWidth: width,
      panelHeight: height,
    },
    zeros,
  };
}

/** One entry of an HTML legend: a line swatch in the curve's colour and dash, and the label. */
function legendItem(e: { label: string; color: string; dash?: 'solid' | 'dashed' | undefined }): HTMLElement {
  return h(
    'li',
    {},
    h('span', { class: `swatch ${e.dash === 'dashed' ? 'dashed' : ''}`, style: `border-color:${e.color}` }),
    e.label,
  );
}

/** A figure container with its HTML legend below. */
export class FigureBox {
  readonly element: HTMLElement;
  private readonly plot: HTMLElement;
  private readonly legend: HTMLElement;

  constructor(
    id: string,
    private readonly width = 470,
    private readonly height = 290,
  ) {
    this.plot = h('div', { class: 'plot', id });
    this.legend = h('ul', { class: 'legend', id: `${id}-legend` });
    this.element = h('figure', { class: 'figure' }, this.plot, this.legend);
  }

  /** Draws the figure; `description` is its accessible description. */
  draw(f: LiveFigure, description: string): void {
    let zeros = 0;
    try {
      const r = figureSpec(f, this.width, this.height);
      zeros = r.zeros;
      setSvg(this.plot, renderSvg(r.spec, { idPrefix: this.plot.id }), f.title, description);
    } catch (error) {
      this.plot.textContent = `(${(error as Error).message.split('\n')[0]})`;
    }
    const entries = f.legend ?? f.curves.map((c) => ({ label: c.label, color: c.color, dash: c.dash }));
    this.legend.replaceChildren(
      ...entries.map(legendItem),
      ...(zeros > 0
        ? [
            h(
              'li',
              { class: 'zero-mark' },
              h('span', { 'aria-hidden': 'true' }, '▲'),
              ' exactly 0 (below the log scale), marked on the axis',
            ),
          ]
        : []),
    );
  }

  /**
   * Draws a ready-made figure (e.g. `ensembleBandPlot`) with its legends moved out of the plot into
   * the HTML legend (labelled series, by their colour).
   */
  drawSpec(spec: FigureSpec, title: string, description: string): void {
    const entries: { label: string; color: string; dash?: 'solid' | 'dashed' }[] = [];
    const panels = spec.panels.map((p) => {
      if (p.kind !== 'xy') return p;
      p.series.forEach((ser, i) => {
        if (ser.label === undefined || ser.type === 'rule' || ser.type === 'slope') return;
        const color = ser.color ?? colorOf(ser.colorIndex ?? i);
        entries.push({
          label: ser.label,
          color,
          ...(ser.type === 'line' && ser.dash === 'dashed' ? { dash: 'dashed' as const } : {}),
        });
      });
      return { ...p, legend: 'none' as const };
    });
    try {
      setSvg(this.plot, renderSvg({ ...spec, panels }, { idPrefix: this.plot.id }), title, description);
    } catch (error) {
      this.plot.textContent = `(${(error as Error).message.split('\n')[0]})`;
    }
    this.legend.replaceChildren(...entries.map(legendItem));
  }

  clear(text: string): void {
    this.plot.textContent = text;
    this.legend.replaceChildren();
  }
}
