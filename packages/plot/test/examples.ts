// Deterministic example inputs for every ready-made plot (no RNG: closed forms only), shared by the
// golden-file test, the PNG test and the README example.
import { convergencePlot } from '../src/convergencePlot.js';
import { dagPlot } from '../src/dagPlot.js';
import { ensembleBandPlot } from '../src/ensembleBandPlot.js';
import { lawDriftPlot } from '../src/lawDriftPlot.js';
import { lossPlot } from '../src/lossPlot.js';
import { metricHeatmap } from '../src/metricHeatmap.js';
import { rankPerLevelPlot } from '../src/rankPerLevelPlot.js';
import { singularValuesPlot } from '../src/singularValuesPlot.js';
import type { FigureSpec } from '../src/spec.js';
import { trajectoryOverlayPlot } from '../src/trajectoryOverlayPlot.js';

const t = Array.from({ length: 41 }, (_, i) => i / 10);

export const EXAMPLES: Record<string, FigureSpec> = {
  trajectoryOverlay: trajectoryOverlayPlot({
    t,
    thetaFlow: [
      t.map((s) => Math.exp(-s)),
      t.map((s) => 1 - Math.exp(-2 * s)),
      t.map((s) => Math.cos(s) * Math.exp(-s / 2)),
    ],
    zFlow: [
      t.map((s) => Math.exp(-s)),
      t.map((s) => 1 - Math.exp(-2 * s)),
      t.map((s) => Math.cos(s) * Math.exp(-s / 2)),
    ],
  }),
  lawDrift: lawDriftPlot(
    { t, drift: [t.map((s) => 1e-15 * s * s), t.map((s) => 3e-13 * s)] },
    { tolerance: 1e-10 },
  ),
  loss: lossPlot(
    { x: t, loss: [t.map((s) => Math.exp(-2 * s)), t.map((s) => 0.5 * Math.exp(-s))] },
    { labels: ['θ-flow', 'z-flow'] },
  ),
  singularValues: singularValuesPlot({
    t,
    values: [t.map((s) => 3 + s), t.map((s) => 1 + 0.2 * s), t.map((s) => Math.exp(-3 * s))],
  }),
  rankPerLevel: rankPerLevelPlot({ levels: [1, 2, 3, 4], rank: [4, 6, 7, 7], D: 8, rankJacobian: 4 }),
  convergence: convergencePlot({
    L: [2, 4, 8, 16, 32, 64],
    error: [0.5, 0.26, 0.124, 0.063, 0.0312, 0.0157],
  }),
  ensembleBand: ensembleBandPlot({
    x: t,
    groups: [
      { label: 'ReLU', runs: [0.8, 1, 1.2, 1.4].map((a) => t.map((s) => a * Math.exp(-s))) },
      { label: 'linear', runs: [0.5, 0.6, 0.9].map((a) => t.map((s) => a * (1 + 0.1 * s))) },
    ],
  }),
  metricHeatmap: metricHeatmap(
    [
      [2, 1, 0, -0.5],
      [1, 3, 0.5, 0],
      [0, 0.5, 1, 0.25],
      [-0.5, 0, 0.25, 4],
    ],
    { labels: ['z1', 'z2', 'z3', 'z4'] },
  ),
  dag: dagPlot({
    nodes: [
      { id: 'x1', kind: 'input' },
      { id: 'x2', kind: 'input' },
      { id: 'h1', kind: 'hidden' },
      { id: 'h2', kind: 'hidden' },
      { id: 'h3', kind: 'hidden' },
      { id: 'y1', kind: 'output' },
      { id: 'y2', kind: 'output' },
    ],
    edges: [
      { from: 'x1', to: 'h1' },
      { from: 'x1', to: 'h2' },
      { from: 'x2', to: 'h2' },
      { from: 'x2', to: 'h3' },
      { from: 'h1', to: 'y1' },
      { from: 'h2', to: 'y1' },
      { from: 'h2', to: 'y2' },
      { from: 'h3', to: 'y2' },
      { from: 'x1', to: 'y2' },
    ],
    highlight: ['x2', 'h2', 'y1'],
  }),
};
