import { describe, expect, it } from 'vitest';
import { checkEnsembleBudget, ensembleInput, LAMBDA_RANGE, layeredD, runEnsemble } from './runEnsemble.js';
import { DEFAULT_STATE } from './state.js';

describe('ensemble page over the ensemble study', () => {
  const state = { ...DEFAULT_STATE, members: 5, ensT: 0.2 };
  it('maps the state to law levels over [−1.5, 1.5], a seeded teacher and fixed-step RK4', () => {
    expect(ensembleInput(state, 'gpu')).toMatchObject({
      net: `relu:${state.ensNet}`,
      runs: 5,
      lawLevels: { from: -LAMBDA_RANGE, to: LAMBDA_RANGE },
      loss: `teacher:${state.ensSeed}:32`,
      method: 'rk4',
      step: 0.02,
    });
  });
  it('on the CPU float64 backend: evenly spread λ_b, every member finished, laws conserved up to the RK4 truncation', async () => {
    const out = await runEnsemble(state, undefined, 'cpu');
    expect(out.backend).toBe('cpu-float64');
    expect(out.lambdas).toEqual([-1.5, -0.75, 0, 0.75, 1.5]);
    expect(out.stopped).toBe(0);
    expect(out.loss).toHaveLength(5);
    expect(out.loss[0]).toHaveLength(21);
    // Fixed-step RK4 (h = 0.02) conserves the quadratic laws only up to its truncation error.
    expect(out.maxLawDrift).toBeLessThan(1e-3);
    expect(out.trajectorySteps).toBe(5 * 10);
  });
  it('the size budget counts steps × flows × parameters before anything is set up', () => {
    expect(layeredD('2-6-1')).toBe(18);
    // 65536 flows × 50 000 steps × 18 parameters = 5.9e10 > 5e10
    expect(() => checkEnsembleBudget({ ...state, members: 65536, ensT: 1000 })).toThrow(
      /65,536 flows × 50,000 steps × 18 parameters/,
    );
    expect(() => checkEnsembleBudget({ ...state, members: 1024, ensT: 1000 })).not.toThrow();
  });
});
