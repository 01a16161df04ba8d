import { describe, expect, it } from 'vitest';
import { compareLinearFlows } from './compareLinearFlows.js';
import { linearGradientFlow } from './linearGradientFlow.js';
import { relaxedBalancedTwoLayer } from './relaxedBalancedTwoLayer.js';
import { syntheticLoss } from './syntheticLoss.js';

// 300 000 output times: more than V8 accepts as spread arguments (Math.max(...drift) overflowed
// the call stack here), and still a small result (a 1 x 1 z).
const N = 300_000;
const times = Float64Array.from({ length: N }, (_, i) => (0.5 * i) / (N - 1));

describe('long output-time lists (no argument spreading)', () => {
  it('linearGradientFlow and compareLinearFlows report the largest per-time law drift of 3e5 times', () => {
    const { weights } = relaxedBalancedTwoLayer([1, 1, 1], 0.4);
    const loss = syntheticLoss(1, 1, { seed: 2 });
    const g = linearGradientFlow(weights, { times, loss });
    expect(g.lawDriftPerTime).toHaveLength(N);
    expect(g.lawDrift).toBe(g.lawDriftPerTime.reduce((a, b) => Math.max(a, b), 0));
    const c = compareLinearFlows(weights, { times, loss });
    expect(c.thetaFlow.lawDriftPerTime).toHaveLength(N);
    expect(c.thetaFlow.lawDrift).toBe(c.thetaFlow.lawDriftPerTime.reduce((a, b) => Math.max(a, b), 0));
    expect(c.thetaFlow.lawDrift).toBeLessThan(1e-9);
  });
});
