import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSweep } from './expandSweep.js';
import { jobKey } from './jobKey.js';
import { parseSweepSpec } from './parseSweepSpec.js';

describe('expandSweep', () => {
  it('takes the product of the entries, first outermost, and zips the axes of a zip entry', () => {
    const { jobs, gridPoints } = expandSweep(
      parseSweepSpec({
        study: 'laws',
        base: { lifting: 'path' },
        axes: [
          { name: 'width', field: 'net', template: 'relu:2-{}-1', values: [1, 2] },
          {
            zip: [
              { name: 'seed', values: [0, 1, 2] },
              { name: 'points', values: [3, 4, 5] },
            ],
          },
        ],
      }),
    );
    expect(gridPoints).toBe(6);
    expect(jobs.map((j) => [j.input.net, j.input.seed, j.input.points])).toEqual([
      ['relu:2-1-1', 0, 3],
      ['relu:2-1-1', 1, 4],
      ['relu:2-1-1', 2, 5],
      ['relu:2-2-1', 0, 3],
      ['relu:2-2-1', 1, 4],
      ['relu:2-2-1', 2, 5],
    ]);
    expect(jobs[4]!.axes).toEqual({ width: 2, seed: 1, points: 4 });
    expect(jobs.every((j) => j.input.lifting === 'path')).toBe(true);
    expect(jobs.map((j) => j.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it('range, linspace and logspace give the closed-form values (range: start + i·step, stop excluded)', () => {
    const values = (axis: object) =>
      expandSweep(parseSweepSpec({ study: 'ode', axes: [{ name: 'x', field: 'lambda', ...axis }] })).jobs.map(
        (j) => j.input.lambda,
      );
    expect(values({ range: { start: 0.1, stop: 0.4, step: 0.1 } })).toEqual([0.1, 0.1 + 0.1, 0.1 + 2 * 0.1]);
    expect(values({ range: { start: 5, stop: 0, step: -2 } })).toEqual([5, 3, 1]);
    expect(values({ linspace: { start: 0, stop: 1, count: 5 } })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const log = values({ logspace: { start: 1e-3, stop: 1, count: 4 } }) as number[];
    expect(log[0]).toBe(1e-3);
    expect(log[3]).toBe(1);
    expect(log[1]).toBeCloseTo(1e-2, 15);
    expect(log[2]).toBeCloseTo(1e-1, 15);
  });
  it('random draws are reproducible from the seed, inside their bounds, and change with it', () => {
    const draws = (seed: number, kind: object) =>
      expandSweep(
        parseSweepSpec({
          study: 'ode',
          axes: [{ name: 'x', field: 'n', random: { count: 50, seed, ...kind } }],
        }),
      ).jobs.map((j) => j.axes.x as number);
    const a = draws(7, { integer: [2, 5] });
    expect(draws(7, { integer: [2, 5] })).toEqual(a);
    expect(a.every((v) => Number.isInteger(v) && v >= 2 && v <= 5)).toBe(true);
    expect(new Set(a).size).toBe(4); // 4 distinct keys: duplicates are run once
    const u = draws(7, { loguniform: [1e-4, 1] });
    expect(u).toHaveLength(50);
    expect(u.every((v) => v >= 1e-4 && v < 1)).toBe(true);
    expect(draws(8, { loguniform: [1e-4, 1] })).not.toEqual(u);
    const c = draws(3, { choice: ['a', 'b'] });
    expect(new Set(c)).toEqual(new Set(['a', 'b']));
  });
  it('set fills several fields from one value (net and init of one seed)', () => {
    const { jobs } = expandSweep(
      parseSweepSpec({
        study: 'flow',
        axes: [
          { name: 's', set: { net: 'random:{}', init: 'gaussian:{}:0.5' }, range: { start: 3, stop: 5 } },
        ],
      }),
    );
    expect(jobs.map((j) => j.input)).toEqual([
      { net: 'random:3', init: 'gaussian:3:0.5' },
      { net: 'random:4', init: 'gaussian:4:0.5' },
    ]);
  });
  it('a dotted field sets a nested input; grid points that repeat an input are run once', () => {
    const r = expandSweep(
      parseSweepSpec({
        study: 'laws',
        base: { net: 'relu:2-2-1' },
        axes: [
          { name: 'a', field: 'data.X', values: [1, 1, 2] },
          { name: 'b', field: 'seed', values: [0] },
        ],
      }),
    );
    expect(r.jobs.map((j) => j.input)).toEqual([
      { net: 'relu:2-2-1', data: { X: 1 }, seed: 0 },
      { net: 'relu:2-2-1', data: { X: 2 }, seed: 0 },
    ]);
    expect(r).toMatchObject({ gridPoints: 3, duplicates: 1 });
    expect(r.jobs[1]!.index).toBe(2);
  });
  it('the job count is the product of the axis lengths and every key is the jobKey of its input (property, fixed seed)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 }), (lengths) => {
        const axes = lengths.map((n, i) => ({ name: `a${i}`, range: { start: 0, stop: n } }));
        const { jobs, duplicates } = expandSweep(parseSweepSpec({ study: 'laws', axes }));
        expect(duplicates).toBe(0);
        expect(jobs.length).toBe(lengths.reduce((p, n) => p * n, 1));
        for (const j of jobs) expect(j.key).toBe(jobKey('laws', j.input));
      }),
      { numRuns: 30 },
    );
  });
});

describe('templates naming other axes', () => {
  it('{name} is the value of axis name in the same job', () => {
    const { jobs } = expandSweep(
      parseSweepSpec({
        study: 'laws',
        axes: [
          { name: 'layers', field: null, values: [1, 2] },
          { name: 'seed', field: 'net', template: 'random:{}:layers={layers},width=2', values: [5, 6] },
        ],
      }),
    );
    expect(jobs.map((j) => j.input.net)).toEqual([
      'random:5:layers=1,width=2',
      'random:6:layers=1,width=2',
      'random:5:layers=2,width=2',
      'random:6:layers=2,width=2',
    ]);
    // field null: the layers axis sets no input field of its own (only the net template names it)
    expect(jobs.map((j) => Object.keys(j.input))).toEqual([['net'], ['net'], ['net'], ['net']]);
    expect(jobs.map((j) => j.axes.layers)).toEqual([1, 1, 2, 2]);
  });
  it('a reference to an unknown axis is refused', () => {
    expect(() =>
      parseSweepSpec({
        study: 'laws',
        axes: [{ name: 's', field: 'net', template: 'random:{}:layers={depth}', values: [1] }],
      }),
    ).toThrow(
      /^sweep spec at axes\[0\]\.template: template 'random:\{\}:layers=\{depth\}' names no axis 'depth' \(axes: s\)$/,
    );
  });
});
