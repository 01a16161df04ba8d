import { describe, expect, it } from 'vitest';
import { odeStudy } from './odeStudy.js';

describe('ode study', () => {
  it('constant λ: Simpson quadrature equals the log-mean metric to 1e-10, C(s) = λ I, ResNet error O(1/L) (MATH.md §4.5, §5)', async () => {
    const r = await odeStudy.run({ steps: 400, L: [25, 50, 100] });
    expect(r.quadratureError).toBeLessThan(1e-10);
    expect(r.lawResidual).toBeLessThan(1e-12);
    expect(Math.abs(r.resnet.slope! + 1)).toBeLessThan(0.05);
    expect(r.pass).toBe(true);
  });
  it('one depth: no slope (null), and the verdict rests on the quadrature', async () => {
    const r = await odeStudy.run({ steps: 100, L: [10], lambda: 'sin' });
    expect(r.resnet.slope).toBeNull();
    expect(r.lambda).toBe('sin');
  });
  it('refuses an odd number of steps and a λ that is not a number', async () => {
    await expect(odeStudy.run({ steps: 401 })).rejects.toThrow(
      "steps must be even (Simpson's rule), got '401'",
    );
    await expect(odeStudy.run({ lambda: 'cos' })).rejects.toThrow("lambda must be a number, got 'cos'");
  });
});
