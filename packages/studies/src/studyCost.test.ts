import { countLawsCost, findLawsCost } from '@idyn/conservation';
import { parseNetwork } from '@idyn/graph';
import { countPathsCost, pathLifting, pathLiftingCost } from '@idyn/lifting';
import { compareLinearFlowsCost, neuralOdeCost } from '@idyn/linear-ode';
import { describe, expect, it } from 'vitest';
import { StudyInputError } from './StudyInputError.js';
import { studyCost } from './studyCost.js';

describe('studyCost', () => {
  it('laws: the countLawsCost of the lifting the study builds (points passed on); with formulas plus findLawsCost', () => {
    const lifting = pathLifting(parseNetwork('relu:2-3-2'));
    expect(studyCost('laws', { net: 'relu:2-3-2', points: 5 })).toEqual(
      countLawsCost(lifting, { points: 5 }),
    );
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
  it('ensemble and tour have no estimator (null)', () => {
    expect(studyCost('tour', {})).toBeNull();
  });
  it('a bad input or an unknown study is the StudyInputError the study would throw', () => {
    expect(() => studyCost('laws', { net: 'relu:2-x' })).toThrow(StudyInputError);
    expect(() => studyCost('laws', { net: 'relu:2-3-2', pionts: 3 })).toThrow(/pionts/);
    expect(() => studyCost('sing', {})).toThrow(/unknown study 'sing'/);
  });
});
