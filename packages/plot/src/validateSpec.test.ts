import { describe, expect, it } from 'vitest';
import type { FigureSpec, Series } from './spec.js';
import { validateSpec } from './validateSpec.js';

const xy = (series: Series[], extra: object = {}): FigureSpec => ({
  panels: [{ kind: 'xy', series, ...extra }],
});

describe('validateSpec', () => {
  it('accepts a valid multi-kind figure', () => {
    expect(() =>
      validateSpec({
        panels: [
          { kind: 'xy', y: { scale: 'log' }, series: [{ type: 'line', x: [1, 2], y: [1e-12, 1] }] },
          {
            kind: 'heatmap',
            values: [
              [1, 2],
              [3, 4],
            ],
          },
          {
            kind: 'dag',
            nodes: [
              { id: 'a', kind: 'input' },
              { id: 'b', kind: 'output' },
            ],
            edges: [{ from: 'a', to: 'b' }],
            highlight: ['a', 'b'],
          },
        ],
      }),
    ).not.toThrow();
  });

  it('names the series field and both lengths on a length mismatch', () => {
    const series: Series[] = [
      { type: 'line', x: [1, 2], y: [1, 2] },
      { type: 'line', x: [1, 2], y: [1, 2] },
      { type: 'line', x: Array.from({ length: 10 }, (_, i) => i), y: Array.from({ length: 9 }, (_, i) => i) },
    ];
    expect(() => validateSpec(xy(series))).toThrow(
      new RangeError('panels[0].series[2].y has length 9, expected 10 (x length)'),
    );
  });

  it('rejects values <= 0 on a log axis with a message saying so', () => {
    expect(() =>
      validateSpec(xy([{ type: 'line', x: [1, 2, 3], y: [1, 0, 2] }], { y: { scale: 'log' } })),
    ).toThrow(/panels\[0\]\.series\[0\]\.y\[1\] is 0, not positive on a log y axis/);
    expect(() =>
      validateSpec(xy([{ type: 'scatter', x: [-1, 2], y: [1, 2] }], { x: { scale: 'log' } })),
    ).toThrow(/series\[0\]\.x\[0\] is -1, not positive on a log x axis/);
  });

  it('rejects non-finite values unless the panel opts into dropping them', () => {
    expect(() => validateSpec(xy([{ type: 'line', x: [1, 2], y: [Number.NaN, 2] }]))).toThrow(
      /y\[0\] is NaN, not finite/,
    );
    expect(() =>
      validateSpec(
        xy([{ type: 'line', x: [1, 2], y: [Number.NaN, 0] }], { invalid: 'drop', y: { scale: 'log' } }),
      ),
    ).not.toThrow();
  });

  it('rejects a band whose lower exceeds upper', () => {
    expect(() => validateSpec(xy([{ type: 'band', x: [0, 1], lower: [0, 2], upper: [1, 1] }]))).toThrow(
      'panels[0].series[0].lower[1] is 2, above upper[1] = 1',
    );
  });

  it('rejects unknown series types, bad axes and bad domains', () => {
    expect(() => validateSpec(xy([{ type: 'pie' } as unknown as Series]))).toThrow(
      /series\[0\]\.type must be one of .* got "pie"/,
    );
    expect(() => validateSpec(xy([], { x: { scale: 'sqrt' } }))).toThrow(
      /panels\[0\]\.x\.scale must be one of 'linear', 'log', got "sqrt"/,
    );
    expect(() => validateSpec(xy([], { y: { domain: [2, 1] } }))).toThrow(
      'panels[0].y.domain must have min < max, got [2, 1]',
    );
    expect(() => validateSpec(xy([], { y: { scale: 'log', domain: [0, 1] } }))).toThrow(
      'panels[0].y.domain[0] is 0, not positive on a log axis',
    );
  });

  it('rejects rules and slope guides that cannot be drawn', () => {
    expect(() => validateSpec(xy([{ type: 'rule', axis: 'y', value: -1 }], { y: { scale: 'log' } }))).toThrow(
      'panels[0].series[0].value is -1, not positive on a log y axis',
    );
    expect(() => validateSpec(xy([{ type: 'slope', slope: -1, anchor: [1, 1], from: 4, to: 2 }]))).toThrow(
      /from must be below to/,
    );
  });

  it('rejects figure-level problems', () => {
    expect(() => validateSpec({ panels: [] })).toThrow(
      'panels must be a non-empty array, got an array of length 0',
    );
    expect(() => validateSpec({ panels: [{ kind: 'xy', series: [] }], columns: 0 })).toThrow(
      'columns must be a positive integer, got 0',
    );
    expect(() => validateSpec({ panels: [{ kind: 'map' } as never] })).toThrow(
      /panels\[0\]\.kind must be one of/,
    );
  });

  it('rejects ragged heatmaps and mis-sized labels', () => {
    expect(() => validateSpec({ panels: [{ kind: 'heatmap', values: [[1, 2], [3]] }] })).toThrow(
      'panels[0].values[1] has length 1, expected 2 (columns of values[0])',
    );
    expect(() =>
      validateSpec({ panels: [{ kind: 'heatmap', values: [[1, 2]], rowLabels: ['a', 'b'] }] }),
    ).toThrow('panels[0].rowLabels has length 2, expected 1');
    expect(() =>
      validateSpec({ panels: [{ kind: 'heatmap', values: [[1, Number.POSITIVE_INFINITY]] }] }),
    ).toThrow(/values\[0\]\[1\] is Infinity/);
  });

  it('rejects DAGs with unknown ids, duplicates, cycles and non-path highlights', () => {
    const nodes = [
      { id: 'a', kind: 'input' as const },
      { id: 'b', kind: 'hidden' as const },
      { id: 'c', kind: 'output' as const },
    ];
    const dag = (edges: { from: string; to: string }[], extra: object = {}): FigureSpec => ({
      panels: [{ kind: 'dag', nodes, edges, ...extra }],
    });
    expect(() => validateSpec(dag([{ from: 'a', to: 'z' }]))).toThrow(
      'panels[0].edges[0].to is "z", not a node id',
    );
    expect(() =>
      validateSpec(
        dag([
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'a' },
        ]),
      ),
    ).toThrow(/contain a cycle/);
    expect(() => validateSpec(dag([{ from: 'a', to: 'b' }], { highlight: ['a', 'c'] }))).toThrow(
      'panels[0].highlight[0..1] (a -> c) is not an edge',
    );
    expect(() =>
      validateSpec({ panels: [{ kind: 'dag', nodes: [...nodes, { id: 'a', kind: 'input' }], edges: [] }] }),
    ).toThrow('panels[0].nodes[3].id "a" is a duplicate');
    expect(() =>
      validateSpec({ panels: [{ kind: 'dag', nodes: [{ id: 'a', kind: 'bias' as never }], edges: [] }] }),
    ).toThrow(/nodes\[0\]\.kind must be one of/);
  });
});
