import { countLawsCost, countNetworkLawsCost, findLawsCost } from '@idyn/conservation';
import { parseNetwork } from '@idyn/graph';
import { countPathsCost, pathLifting, pathLiftingCost } from '@idyn/lifting';
import { compareLinearFlowsCost, neuralOdeCost } from '@idyn/linear-ode';
import { describe, expect, it } from 'vitest';
import { StudyInputError } from './StudyInputError.js';
import { studyCost } from './studyCost.js';

describe('studyCost', () => {
  it('laws: the countLawsCost of the lifting the study builds (points passed on); with formulas plus findLawsCost', () => {
    const lifting = pathLifting(parseNetwork('relu:2-3-2'));
    const five = countLawsCost(lifting, { points: 5 });
    expect(studyCost('laws', { net: 'relu:2-3-2', points: 5 })).toMatchObject({
      work: five.work,
      memoryBytes: five.memoryBytes,
    });
    const both = studyCost('laws', { net: 'relu:2-3-2', formulas: true });
    const count = countLawsCost(lifting, { points: 3 });
    const find = findLawsCost(lifting, { degree: 2 });
    expect(both?.work).toBe(count.work + find.work);
    expect(both?.memoryBytes).toBe(Math.max(count.memoryBytes, find.memoryBytes));
  });
  it('lift: path counting plus enumeration; flow on linear: the closed-form comparison; ode: the neural ODE estimator', () => {
    const net = parseNetwork('relu:3-4-2');
    expect(studyCost('lift', { net: 'relu:3-4-2' })?.work).toBe(
      countPathsCost(net).work + pathLiftingCost(net).work,
    );
    expect(studyCost('flow', { net: 'linear:2-2-2', times: 11 })).toEqual(
      compareLinearFlowsCost([2, 2, 2], 11),
    );
    expect(studyCost('ode', { n: 4, steps: 100 })).toEqual(
      neuralOdeCost({ n: 4, steps: 100, depths: [25, 50, 100, 200, 400] }),
    );
  });
  it('flow on a ReLU net grows with the number of output times; a bigger net costs more', () => {
    const a = studyCost('flow', { net: 'relu:2-3-2', times: 5 })!;
    const b = studyCost('flow', { net: 'relu:2-3-2', times: 50 })!;
    const c = studyCost('flow', { net: 'relu:4-8-8-2', times: 5 })!;
    expect(a.task).toBe('compareFlows');
    expect(b.work).toBeGreaterThan(a.work);
    expect(c.work).toBeGreaterThan(a.work);
  });
  it('laws on a network above the trace limits: the structural count by its edges, no path enumerated', () => {
    const net = parseNetwork('conv2d:28x28:1-8-8:3x3:10');
    const cost = studyCost('laws', { net: 'conv2d:28x28:1-8-8:3x3:10' })!;
    expect(cost).toEqual(countNetworkLawsCost(net));
    expect(cost.sizes).toMatchObject({ method: 0, edges: net.edgeParam.length });
    // forcing the trace prices the enumeration instead (here far above any budget)
    const forced = studyCost('laws', { net: 'conv1d:8:1-2:2:1', method: 'lie-trace' })!;
    expect(forced.work).toBe(
      countNetworkLawsCost(parseNetwork('conv1d:8:1-2:2:1'), { method: 'lie-trace' }).work,
    );
  });
  it('ensemble, tour, import and flows without an intrinsic flow have no estimator (null)', () => {
    expect(studyCost('tour', {})).toBeNull();
    expect(studyCost('ensemble', { net: 'relu:2-3-1' })).toBeNull();
    expect(studyCost('flow', { net: 'conv1d:6:1-2:3:1' })).toBeNull(); // shared kernels: θ-only
    expect(studyCost('flow', { net: 'relu:2-3-2', method: 'gd', eta: [0.1] })).toBeNull();
  });
  it('a bad input or an unknown study is the StudyInputError the study would throw', () => {
    expect(() => studyCost('laws', { net: 'relu:2-x' })).toThrow(StudyInputError);
    expect(() => studyCost('laws', { net: 'relu:2-3-2', pionts: 3 })).toThrow(/pionts/);
    expect(() => studyCost('sing', {})).toThrow(/unknown study 'sing'/);
  });
});
