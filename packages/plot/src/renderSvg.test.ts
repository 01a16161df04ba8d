import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byClass, findAll, parseXml } from '../test/parseXml.js';
import { figureSize, renderSvg } from './renderSvg.js';
import type { FigureSpec } from './spec.js';

const t = Array.from({ length: 21 }, (_, i) => i / 2);

describe('renderSvg', () => {
  it('emits a well-formed SVG with one path per data series and one legend entry per label', () => {
    const spec: FigureSpec = {
      panels: [
        {
          kind: 'xy',
          series: [
            { type: 'line', x: t, y: t.map((v) => v * v), label: 'a' },
            { type: 'line', x: t, y: t.map((v) => 2 * v), label: 'b', dash: 'dashed' },
            { type: 'scatter', x: t, y: t.map((v) => 3 * v), label: 'c' },
            { type: 'band', x: t, lower: t.map((v) => v - 1), upper: t.map((v) => v + 1) },
          ],
        },
      ],
    };
    const root = parseXml(renderSvg(spec));
    expect(root.name).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(byClass(root, 'series').length).toBe(4);
    expect(byClass(root, 'line').filter((e) => e.name === 'path').length).toBe(2);
    expect(byClass(root, 'legend-label').map((e) => e.text)).toEqual(['a', 'b', 'c']);
    // The dashed series carries a dash array, the solid one does not.
    const lines = byClass(root, 'line').filter((e) => e.name === 'path');
    expect(lines[0]?.attrs['stroke-dasharray']).toBeUndefined();
    expect(lines[1]?.attrs['stroke-dasharray']).toBe('6 4');
  });

  it('labels a log axis spanning 1e-12..1 with exponent tick labels including 1e-12', () => {
    const spec: FigureSpec = {
      panels: [
        { kind: 'xy', y: { scale: 'log' }, series: [{ type: 'line', x: [0, 1, 2], y: [1e-12, 1e-6, 1] }] },
      ],
    };
    const ticks = byClass(parseXml(renderSvg(spec)), 'tick').map((e) => e.text);
    expect(ticks).toContain('1e-12');
    expect(ticks).toContain('1e0');
  });

  it('places log-axis points at log-proportional heights', () => {
    // y = 1e-12, 1e-6, 1: the middle point must sit half-way between the others in pixels.
    const spec: FigureSpec = {
      panels: [
        {
          kind: 'xy',
          y: { scale: 'log' },
          series: [{ type: 'scatter', x: [0, 1, 2], y: [1e-12, 1e-6, 1], marker: 'square' }],
        },
      ],
    };
    const d = byClass(parseXml(renderSvg(spec)), 'scatter')[0]?.attrs.d ?? '';
    const ys = [...d.matchAll(/M[-\d.]+,([-\d.]+)h/g)].map((m) => Number(m[1]));
    expect(ys.length).toBe(3);
    expect(ys[1]!).toBeAllClose((ys[0]! + ys[2]!) / 2, { atol: 0.02 });
  });

  it('escapes markup in titles, labels and legend entries', () => {
    const spec: FigureSpec = {
      title: 'a < b & "c"',
      panels: [
        {
          kind: 'xy',
          x: { label: "<script>alert('x')</script>" },
          series: [{ type: 'line', x: [0, 1], y: [0, 1], label: 'x&y' }],
        },
      ],
    };
    const svg = renderSvg(spec);
    expect(svg).not.toContain('<script>');
    const root = parseXml(svg);
    expect(byClass(root, 'figure-title')[0]?.text).toBe('a < b & "c"');
    expect(byClass(root, 'label')[0]?.text).toBe("<script>alert('x')</script>");
    expect(byClass(root, 'legend-label')[0]?.text).toBe('x&y');
  });

  it('keeps any text (quotes, ampersands, angle brackets, unicode) intact and the document well-formed', () => {
    // XML 1.0 forbids most C0 control characters; the renderer strips them, so compare without them.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML forbids
    const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ maxLength: 20 }),
        (title, label) => {
          const spec: FigureSpec = {
            title,
            panels: [{ kind: 'xy', series: [{ type: 'line', x: [0, 1], y: [0, 1], label }] }],
          };
          const root = parseXml(renderSvg(spec));
          if (title.replace(forbidden, '') !== '')
            expect(byClass(root, 'figure-title')[0]?.text).toBe(title.replace(forbidden, ''));
          if (label !== '') expect(byClass(root, 'legend-label')[0]?.text).toBe(label.replace(forbidden, ''));
        },
      ),
      { numRuns: 50, seed: 5 },
    );
  });

  it("places an 'auto' legend in a corner the data leave free", () => {
    // A diagonal from bottom-left to top-right: top-right is covered, top-left is free.
    const x = Array.from({ length: 50 }, (_, i) => i);
    const spec: FigureSpec = {
      panels: [{ kind: 'xy', series: [{ type: 'line', x, y: x, label: 'diagonal' }] }],
    };
    const root = parseXml(renderSvg(spec));
    const frame = findAll(root, (e) => e.name === 'rect' && e.attrs.fill === 'none')[0];
    const box = byClass(root, 'legend')[0]?.children[0];
    const fx = Number(frame?.attrs.x) + Number(frame?.attrs.width) / 2;
    const fy = Number(frame?.attrs.y) + Number(frame?.attrs.height) / 2;
    expect(Number(box?.attrs.x)).toBeLessThan(fx);
    expect(Number(box?.attrs.y)).toBeLessThan(fy);
  });

  it('keeps a reference line that lies on the data maximum off the frame', () => {
    const spec: FigureSpec = {
      panels: [
        {
          kind: 'xy',
          series: [
            { type: 'line', x: [0, 1], y: [0, 8] },
            { type: 'rule', axis: 'y', value: 8 },
          ],
        },
      ],
    };
    const root = parseXml(renderSvg(spec));
    const rule = byClass(root, 'rule')[0];
    const frame = findAll(root, (e) => e.name === 'rect' && e.attrs.fill === 'none')[0];
    expect(Number(rule?.attrs.y1)).toBeGreaterThan(Number(frame?.attrs.y) + 5);
  });

  it('drops invalid points only when the panel opts in, breaking the line there', () => {
    const spec: FigureSpec = {
      panels: [
        {
          kind: 'xy',
          invalid: 'drop',
          y: { scale: 'log' },
          series: [{ type: 'line', x: [0, 1, 2, 3], y: [1, 0, 2, 3] }],
        },
      ],
    };
    const d = byClass(parseXml(renderSvg(spec)), 'line')[0]?.attrs.d ?? '';
    // Point 0 alone, then a new subpath (M) from point 2: two moves, one line segment.
    expect((d.match(/M/g) ?? []).length).toBe(2);
    expect((d.match(/L/g) ?? []).length).toBe(1);
  });

  it('lays out panels on a grid of the requested columns', () => {
    const panel = { kind: 'xy' as const, series: [{ type: 'line' as const, x: [0, 1], y: [0, 1] }] };
    const spec: FigureSpec = { panels: [panel, panel, panel], columns: 2, panelWidth: 300, panelHeight: 200 };
    expect(figureSize(spec)).toEqual({ width: 600, height: 400, columns: 2, rows: 2 });
    const root = parseXml(renderSvg(spec));
    expect(root.attrs.width).toBe('600');
    expect(byClass(root, 'panel').length).toBe(3);
    // Clip-path ids are unique per panel and prefixed.
    const ids = findAll(root, (e) => e.name === 'clipPath').map((e) => e.attrs.id);
    expect(ids).toEqual(['idyn-p0-clip', 'idyn-p1-clip', 'idyn-p2-clip']);
    expect(() => renderSvg(spec, { idPrefix: '1 bad' })).toThrow(/idPrefix/);
  });

  it('draws heatmap cells, a colour bar and DAG nodes by kind', () => {
    const spec: FigureSpec = {
      columns: 2,
      panels: [
        {
          kind: 'heatmap',
          values: [
            [1, -1, 0],
            [0.5, 2, -2],
          ],
          colorBarLabel: 'M',
        },
        {
          kind: 'dag',
          nodes: [
            { id: 'x', kind: 'input' },
            { id: 'h', kind: 'hidden' },
            { id: 'y', kind: 'output' },
          ],
          edges: [
            { from: 'x', to: 'h' },
            { from: 'h', to: 'y' },
            { from: 'x', to: 'y' },
          ],
          highlight: ['x', 'h', 'y'],
        },
      ],
    };
    const root = parseXml(renderSvg(spec));
    expect(byClass(root, 'cell').length).toBe(6);
    // Diverging map centred at 0: the 0 cells are the white-ish centre colour.
    const zero = byClass(root, 'cell')[2]?.attrs.fill;
    expect(zero).toBe('rgb(247, 247, 247)');
    expect(byClass(root, 'colorbar').length).toBe(1);
    expect(byClass(root, 'node').length).toBe(3);
    expect(byClass(root, 'input').length).toBe(1);
    expect(byClass(root, 'output').length).toBe(1);
    expect(byClass(root, 'edge').length).toBe(3);
    expect(byClass(root, 'highlight').filter((e) => e.name === 'path').length).toBe(2);
  });

  it('validates before rendering', () => {
    expect(() =>
      renderSvg({ panels: [{ kind: 'xy', series: [{ type: 'line', x: [1, 2], y: [1] }] }] }),
    ).toThrow('panels[0].series[0].y has length 1, expected 2 (x length)');
  });
});
