import { describe, expect, it } from 'vitest';
import { cpuBackend } from './cpuBackend.js';
import { createLawMonitor } from './createLawMonitor.js';
import { gradientDescent } from './gradientDescent.js';
import { gradientFlow } from './gradientFlow.js';
import { integrate } from './integrate.js';
import type { LossFunction } from './layeredFlowLoss.js';
import { layeredFlowLoss } from './layeredFlowLoss.js';
import { layeredNeuronLaws } from './layeredNeuronLaws.js';
import { conformanceTolerances } from './runConformanceSuite.js';

// The @example blocks of the TSDoc and the README, run as written (values from their comments).
describe('documentation examples', () => {
  it('integrate: y′ = −y to t = 1 gives e^{−1}', () => {
    const decay = {
      dim: 1,
      rhs: (_t: number, y: Float64Array, dy: Float64Array) => {
        dy[0] = -y[0]!;
      },
    };
    const r = integrate(decay, [1], { times: [0, 1], rtol: 1e-10, atol: 1e-12 });
    expect(r.status).toBe('success');
    expect(r.y[1]).toBeAllClose(Math.exp(-1), { rtol: 1e-9 });
  });

  it('cpuBackend: the linear problem y′ = −y', () => {
    const r = cpuBackend.integrate({ kind: 'linear', dim: 1, A: [-1] }, [1], { tEnd: 1 });
    expect(r.yStop[0]).toBeAllClose(Math.exp(-1), { rtol: 1e-7 });
  });

  it('gradientFlow: L = ½(uv − 1)² keeps u² − v² to < 1e-10 at rtol 1e-10 (measured 6e-12)', () => {
    const loss: LossFunction = (th, g) => {
      const r = th[0]! * th[1]! - 1;
      g[0] = r * th[1]!;
      g[1] = r * th[0]!;
      return 0.5 * r * r;
    };
    const r = gradientFlow(loss, [0.5, 0.2], {
      tEnd: 5,
      rtol: 1e-10,
      atol: 1e-12,
      laws: (th) => [th[0]! ** 2 - th[1]! ** 2],
    });
    expect(r.maxLawDrift).toBeLessThan(1e-10);
  });

  it('gradientDescent: two steps of η = 0.5 on ½θ² give (1 − η)² = 0.25', () => {
    const loss: LossFunction = (th, g) => {
      g[0] = th[0]!;
      return 0.5 * th[0]! ** 2;
    };
    expect(Array.from(gradientDescent(loss, [1], { eta: 0.5, iterations: 2 }).yStop)).toEqual([0.25]);
  });

  it('createLawMonitor: a point on the same level set has zero drift', () => {
    const m = createLawMonitor((th) => [th[0]! ** 2 - th[1]! ** 2], [1, 0.5]);
    m.observer(0, Float64Array.of(2, Math.sqrt(3.25)), 0);
    expect(m.maxDrift()).toBeLessThan(1e-15);
  });

  it('layeredFlowLoss: widths [1,1,1], θ = (1, 1), Y = 2 gives L = 0.5 and ∇L = (−1, −1)', () => {
    const { dim, loss } = layeredFlowLoss({
      kind: 'layered-flow',
      widths: [1, 1, 1],
      activation: 'identity',
      bias: false,
      loss: { type: 'synthetic', Y: [2], quartic: 0 },
    });
    const g = new Float64Array(dim);
    expect(loss(Float64Array.of(1, 1), g)).toBe(0.5);
    expect(Array.from(g)).toEqual([-1, -1]);
  });

  it('layeredNeuronLaws: θ = (3, 2) on widths [1,1,1] gives h = 5', () => {
    const h = layeredNeuronLaws(
      {
        kind: 'layered-flow',
        widths: [1, 1, 1],
        activation: 'relu',
        bias: false,
        loss: { type: 'mse', samples: 1, X: [1], Y: [1] },
      },
      [3, 2],
    );
    expect(Array.from(h)).toEqual([5]);
  });

  it('conformanceTolerances: float64 asks laws to 1e-10', () => {
    expect(conformanceTolerances('float64').lawDrift).toBe(1e-10);
  });
});
