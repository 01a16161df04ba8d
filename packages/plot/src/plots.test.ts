import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { byClass, parseXml } from '../test/parseXml.js';
import { columnsOf } from './columnsOf.js';
import { combinePlots } from './combinePlots.js';
import { convergencePlot } from './convergencePlot.js';
import { dagPlot } from './dagPlot.js';
import { ensembleBandPlot } from './ensembleBandPlot.js';
import { lawDriftPlot } from './lawDriftPlot.js';
import { lossPlot } from './lossPlot.js';
import { metricHeatmap } from './metricHeatmap.js';
import { rankPerLevelPlot } from './rankPerLevelPlot.js';
import { renderSvg } from './renderSvg.js';
import { singularValuesPlot } from './singularValuesPlot.js';
import type { BandSeries, LineSeries, SlopeGuideSeries, XYPanelSpec } from './spec.js';
import { trajectoryOverlayPlot } from './trajectoryOverlayPlot.js';

const xyPanel = (fig: { panels: readonly unknown[] }) => fig.panels[0] as XYPanelSpec;

describe('ready-made plots', () => {
  it('trajectoryOverlayPlot draws θ-flow solid and z-flow dashed in the same colour per coordinate', () => {
    const t = [0, 1, 2];
    const fig = trajectoryOverlayPlot(
      {
        t,
        thetaFlow: [
          [1, 2, 3],
          [0, 0, 1],
        ],
        zFlow: [
          [1, 2, 3],
          [0, 0, 1],
        ],
      },
      { labels: ['a', 'b'] },
    );
    const s = xyPanel(fig).series as LineSeries[];
    expect(s.slice(0, 4).map((x) => [x.colorIndex, x.dash ?? 'solid'])).toEqual([
      [0, 'solid'],
      [0, 'dashed'],
      [1, 'solid'],
      [1, 'dashed'],
    ]);
    const root = parseXml(renderSvg(fig));
    expect(byClass(root, 'legend-label').map((e) => e.text)).toEqual([
      'a',
      'b',
      'φ(θ(t)) θ-flow',
      'z(t) intrinsic flow',
    ]);
    expect(() => trajectoryOverlayPlot({ t, thetaFlow: [[1, 2, 3]], zFlow: [[1, 2]] })).toThrow(
      'trajectoryOverlayPlot: zFlow[0] has length 2, expected 3 (t length)',
    );
    expect(() =>
      trajectoryOverlayPlot({
        t,
        thetaFlow: [[1, 2, 3]],
        zFlow: [
          [1, 2, 3],
          [1, 2, 3],
        ],
      }),
    ).toThrow('trajectoryOverlayPlot: zFlow has 2 coordinates, expected 1 (thetaFlow coordinates)');
  });

  it('lawDriftPlot uses a log y axis and drops the exact zero at t = 0 by default, but not when asked to error', () => {
    const input = { t: [0, 1, 2], drift: [[0, 1e-15, 4e-15]] };
    expect(xyPanel(lawDriftPlot(input)).y?.scale).toBe('log');
    const root = parseXml(renderSvg(lawDriftPlot(input)));
    expect(byClass(root, 'tick').map((e) => e.text)).toContain('1e-15');
    expect(() => renderSvg(lawDriftPlot(input, { invalid: 'error' }))).toThrow(
      /y\[0\] is 0, not positive on a log y axis/,
    );
    expect(() => lawDriftPlot({ t: [0, 1], drift: [[1, 2, 3]] })).toThrow(
      'lawDriftPlot: drift[0] has length 3, expected 2 (t length)',
    );
  });

  it('lossPlot and singularValuesPlot make one line per run / singular value', () => {
    expect(
      xyPanel(
        lossPlot({
          x: [0, 1],
          loss: [
            [1, 0.5],
            [2, 1],
          ],
        }),
      ).series.map((s) => s.label),
    ).toEqual(['run 1', 'run 2']);
    expect(xyPanel(lossPlot({ x: [0, 1], loss: [[1, 0.5]] }, { logY: false })).y?.scale).toBe('linear');
    expect(
      xyPanel(
        singularValuesPlot({
          t: [0, 1],
          values: [
            [3, 2],
            [1, 1],
            [0.1, 0.2],
          ],
        }),
      ).series.map((s) => s.label),
    ).toEqual(['σ1', 'σ2', 'σ3']);
    expect(() => lossPlot({ x: [0, 1], loss: [] })).toThrow(/loss must be a non-empty array of arrays/);
  });

  it('rankPerLevelPlot draws bars (or steps) and reference lines at D and rank Dφ', () => {
    const fig = rankPerLevelPlot({ levels: [1, 2, 3], rank: [4, 6, 6], D: 8, rankJacobian: 4 });
    expect(xyPanel(fig).series.map((s) => s.type)).toEqual(['bar', 'rule', 'rule']);
    const root = parseXml(renderSvg(fig));
    // Three bars in one path: three 'M' moves.
    expect(((byClass(root, 'bar')[0]?.attrs.d ?? '').match(/M/g) ?? []).length).toBe(3);
    expect(byClass(root, 'legend-label').map((e) => e.text)).toEqual(['rank', 'D = 8', 'rank Dφ = 4']);
    expect(
      (
        xyPanel(rankPerLevelPlot({ levels: [1, 2], rank: [1, 2] }, { style: 'steps' }))
          .series[0] as LineSeries
      ).step,
    ).toBe(true);
    expect(() => rankPerLevelPlot({ levels: [1, 2], rank: [1, 2.5] })).toThrow(
      'rankPerLevelPlot: rank[1] must be a non-negative integer, got 2.5',
    );
  });

  it('convergencePlot puts the fitted slope in the legend and a slope −1 guide on log–log axes', () => {
    // error = 3 / L exactly: fitted slope −1 (closed form).
    const L = [1, 2, 4, 8, 16];
    const fig = convergencePlot({ L, error: L.map((l) => 3 / l) });
    const p = xyPanel(fig);
    expect([p.x?.scale, p.y?.scale]).toEqual(['log', 'log']);
    expect(p.series[0]?.label).toBe('error (fitted slope -1)');
    const guide = p.series[1] as SlopeGuideSeries;
    expect([guide.slope, guide.from, guide.to, guide.anchor[0], guide.anchor[1]]).toEqual([
      -1, 1, 16, 1, 1.5,
    ]);
    const root = parseXml(renderSvg(fig));
    expect(byClass(root, 'slope').length).toBe(1);
    expect(byClass(root, 'legend-label').map((e) => e.text)).toEqual([
      'error (fitted slope -1)',
      'slope -1 (guide)',
    ]);
    expect(() => convergencePlot({ L: [1, 2], error: [1, -1] })).toThrow(
      'fitLogLogSlope: y[1] is -1, not a positive finite number',
    );
  });

  it('ensembleBandPlot bands are the pointwise min and max of the runs, the line their median', () => {
    const fig = ensembleBandPlot({
      x: [0, 1],
      groups: [
        {
          label: 'g',
          runs: [
            [0, 5],
            [2, 3],
            [1, 4],
            [7, 0],
          ],
        },
      ],
    });
    const [band, mid] = xyPanel(fig).series as [BandSeries, LineSeries];
    expect(Array.from(band.lower)).toEqual([0, 0]);
    expect(Array.from(band.upper)).toEqual([7, 5]);
    // Medians of {0,1,2,7} and {0,3,4,5}: (1+2)/2 and (3+4)/2.
    expect(Array.from(mid.y)).toEqual([1.5, 3.5]);
    const mean = ensembleBandPlot({ x: [0], groups: [{ runs: [[1], [2], [6]] }] }, { center: 'mean' });
    expect(Array.from((xyPanel(mean).series[1] as LineSeries).y)).toEqual([3]);
    expect(() => ensembleBandPlot({ x: [0, 1], groups: [{ runs: [[1, 2], [1]] }] })).toThrow(
      'ensembleBandPlot: groups[0].runs[1] has length 1, expected 2 (x length)',
    );
  });

  it('metricHeatmap accepts rows or row-major data with the same result', () => {
    const a = metricHeatmap(
      [
        [1, 2],
        [3, 4],
      ],
      { labels: ['p', 'q'] },
    );
    const b = metricHeatmap(
      { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 },
      { labels: ['p', 'q'] },
    );
    expect(renderSvg(b)).toBe(renderSvg(a));
    expect(() => metricHeatmap({ data: [1, 2, 3], rows: 2, cols: 2 })).toThrow(
      'metricHeatmap: matrix.data has length 3, expected 4 (rows * cols)',
    );
    expect(() =>
      metricHeatmap(
        [
          [1, 2],
          [3, 4],
        ],
        { labels: ['p'] },
      ),
    ).toThrow('metricHeatmap: options.labels has length 1, expected 2');
  });

  it('dagPlot passes plain nodes and edges through, validated on render', () => {
    const fig = dagPlot({ nodes: [{ id: 'x', kind: 'input' }], edges: [{ from: 'x', to: 'nope' }] });
    expect(() => renderSvg(fig)).toThrow('panels[0].edges[0].to is "nope", not a node id');
  });

  it('combinePlots and columnsOf compose figures and split row-major solutions', () => {
    const fig = combinePlots(
      [lossPlot({ x: [0, 1], loss: [[1, 0.5]] }), lawDriftPlot({ t: [0, 1], drift: [[0, 1e-16]] })],
      { columns: 2 },
    );
    expect(fig.panels.length).toBe(2);
    expect(parseXml(renderSvg(fig)).attrs.width).toBe('960');
    expect(columnsOf([1, 2, 3, 4, 5, 6], 3, 2).map((c) => Array.from(c))).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(() => columnsOf([1, 2, 3], 2, 2)).toThrow(
      'columnsOf: data has length 3, expected 4 (rows * cols)',
    );
  });
});

describe('browser safety of the main entry', () => {
  it('no module reachable from src/index.ts imports node: builtins or resvg', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      const path = fileURLToPath(url);
      if (seen.has(path)) return;
      seen.add(path);
      const src = readFileSync(path, 'utf8');
      for (const m of src.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)) {
        const spec = m[1] as string;
        expect(spec.startsWith('node:') || spec.includes('resvg'), `${path} imports ${spec}`).toBe(false);
        if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
      }
    };
    visit(new URL('./index.ts', import.meta.url));
    expect(seen.size).toBeGreaterThan(10);
  });
});
