import { bench, describe } from 'vitest';
import { rasterize } from '../src/renderPng.js';
import { renderSvg } from '../src/renderSvg.js';
import type { FigureSpec } from '../src/spec.js';

// Deterministic inputs (closed forms, no RNG needed). Baseline: joining the same number of
// coordinate pairs into a path string, the least work any SVG writer must do.
function lineFigure(n: number, log: boolean): FigureSpec {
  const x = Float64Array.from({ length: n }, (_, i) => (i + 1) / n);
  const y = x.map((v) => 1e-12 + Math.exp(-8 * v) * (1 + 0.3 * Math.sin(40 * v)));
  return {
    panels: [
      { kind: 'xy', y: { scale: log ? 'log' : 'linear' }, series: [{ type: 'line', x, y, label: 'y' }] },
    ],
  };
}

for (const n of [1_000, 10_000, 100_000]) {
  describe(`line plot with ${n} points`, () => {
    const lin = lineFigure(n, false);
    const log = lineFigure(n, true);
    bench('baseline: join n coordinate pairs', () => {
      let s = '';
      for (let i = 0; i < n; i++) s += `L${(i * 0.37).toFixed(2)},${(i * 0.11).toFixed(2)}`;
      if (s.length === 0) throw new Error('empty');
    });
    bench('renderSvg (linear y)', () => {
      renderSvg(lin);
    });
    bench('renderSvg (log y)', () => {
      renderSvg(log);
    });
  });
}

describe('PNG rasterisation of a 480 x 340 panel', () => {
  const fig = lineFigure(1000, true);
  bench('rasterize scale 1', () => {
    rasterize(fig, { scale: 1 });
  });
  bench('rasterize scale 2', () => {
    rasterize(fig, { scale: 2 });
  });
});
