import { studyCost } from '@idyn/studies';
import { describe, expect, it } from 'vitest';
import { expandSweep } from './expandSweep.js';
import { parseSweepSpec } from './parseSweepSpec.js';
import { planSweep } from './planSweep.js';

const spec = parseSweepSpec({
  name: 'widths',
  study: 'laws',
  axes: [
    { name: 'width', field: 'net', template: 'relu:2-{}-1', values: [1, 2, 3, 'x'] },
    { name: 'seed', values: [0, 1] },
  ],
});

describe('planSweep', () => {
  it('counts jobs and adds up the package estimators of the valid ones; bad inputs are counted, not fatal', async () => {
    const plan = await planSweep(spec, { workers: 2 });
    expect(plan).toMatchObject({
      schema: 'idyn.sweep-plan/1',
      name: 'widths',
      study: 'laws',
      gridPoints: 8,
      jobs: 8,
      finished: 0,
      toRun: 8,
      workers: 2,
    });
    const valid = expandSweep(spec).jobs.filter((j) => j.axes.width !== 'x');
    const total = valid.reduce((s, j) => s + studyCost('laws', j.input)!.work, 0);
    expect(plan.cost!.work).toBeCloseTo(total, 6);
    expect(plan.cost!.invalid).toBe(2);
    expect(plan.cost!.firstInvalid).toMatchObject({ index: 6 });
    expect(plan.cost!.firstInvalid!.message).toMatch(/relu:2-x-1/);
    expect(plan.cost!.seconds).toBeCloseTo(total / 1e9 / 2, 12);
    expect(plan.axes.map((a) => [a.name, a.count, a.fields])).toEqual([
      ['width', 4, ['net']],
      ['seed', 2, ['seed']],
    ]);
  });
  it('leaves out finished keys and extrapolates from a spread sample of jobs', async () => {
    const keys = new Set(
      expandSweep(spec)
        .jobs.slice(0, 2)
        .map((j) => j.key),
    );
    const plan = await planSweep(spec, { finished: (k) => keys.has(k), estimate: 3, sample: 2, workers: 1 });
    expect(plan).toMatchObject({ finished: 2, toRun: 6 });
    expect(plan.cost!.estimated).toBe(3);
    expect(plan.sample!.jobs).toBe(2);
    expect(plan.sample!.seconds).toBeCloseTo(plan.sample!.secondsPerJob * 6, 12);
  });
  it('a study without an estimator has no cost (tour)', async () => {
    expect((await planSweep(parseSweepSpec({ study: 'tour', base: { quick: true } }))).cost).toBeNull();
  });
});
