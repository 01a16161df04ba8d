import { countLawsCost, countNetworkLawsCost, findLawsCost } from '@idyn/conservation';
import { parseNetwork } from '@idyn/graph';
import { countPathsCost, pathLifting, pathLiftingCost } from '@idyn/lifting';
import { compareLinearFlowsCost, neuralOdeCost } from '@idyn/linear-ode';
import { describe, expect, it } from 'vitest';
import { BudgetError } from '@idyn/linalg';
import { type FlowInput, flowStudy } from './flowStudy.js';
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
  it('ensemble, tour and import have no estimator (null)', () => {
    expect(studyCost('tour', {})).toBeNull();
    expect(studyCost('ensemble', { net: 'relu:2-3-1' })).toBeNull();
  });
  it('θ-only flows and discrete steps: the very estimate the flow study refuses with (one plan for both)', async () => {
    // a work budget just below the estimate: the steps before the run (building the lifting, …)
    // cost less and pass; the run is refused with its own estimate
    const refusal = async (input: Record<string, unknown>, maxWork: number) => {
      try {
        await flowStudy.run({ ...input, maxWork } as FlowInput);
      } catch (error) {
        if (error instanceof BudgetError) return error.estimate;
        throw error;
      }
      throw new Error(`the flow study ran within maxWork = ${maxWork}`);
    };
    for (const input of [
      { net: 'conv1d:6:1-2:3:1', times: 7 }, // shared kernels: the θ-flow alone
      { net: 'attention:3:2:2:3' },
      { net: 'relu:2-3-2', method: 'gd', eta: [1e-4, 2e-4] },
      { net: 'linear:2-3-2', method: 'gd', eta: 1e-4, T: 2 },
    ]) {
      const cost = studyCost('flow', input);
      expect(cost, JSON.stringify(input)).not.toBeNull();
      expect(await refusal(input, 0.999 * cost!.work)).toEqual(cost);
    }
  });
  it('discrete steps: work and memory grow as T/eta (all the etas of a sweep), a mini-batch pays its share of the gradient', () => {
    const gd = (eta: number | number[], T = 1) =>
      studyCost('flow', { net: 'relu:2-3-2', method: 'gd', eta, T })!;
    expect(gd(0.01).sizes.steps).toBe(100);
    expect(gd(0.01, 2).work).toBeCloseTo(2 * gd(0.01).work, 6);
    expect(gd([0.01, 0.02]).sizes.steps).toBe(150);
    expect(gd([0.01, 0.02]).work).toBeCloseTo(1.5 * gd(0.01).work, 6);
    const data = {
      X: Array.from({ length: 40 }, (_, k) => [k / 40, 1 - k / 40]),
      Y: Array.from({ length: 40 }, () => [0.5, -0.5]),
    };
    const full = studyCost('flow', { net: 'relu:2-3-2', method: 'gd', eta: 0.1, loss: 'mse', data })!;
    const batch = studyCost('flow', {
      net: 'relu:2-3-2',
      method: 'gd',
      eta: 0.1,
      loss: 'mse',
      data,
      batchSize: 4,
    })!;
    expect(batch.work).toBeLessThan(full.work / 4);
    expect(() => studyCost('flow', { net: 'relu:2-3-2', method: 'gd' })).toThrow(/method gd needs eta/);
    expect(() => studyCost('flow', { net: 'relu:2-3-2', method: 'gd', eta: 0.3 })).toThrow(/does not divide/);
  });
  it('a bad input or an unknown study is the StudyInputError the study would throw', () => {
    expect(() => studyCost('laws', { net: 'relu:2-x' })).toThrow(StudyInputError);
    expect(() => studyCost('laws', { net: 'relu:2-3-2', pionts: 3 })).toThrow(/pionts/);
    expect(() => studyCost('sing', {})).toThrow(/unknown study 'sing'/);
  });
});
