import { describe, expect, it } from 'vitest';
import { createLawMonitor } from './createLawMonitor.js';
import { layeredNeuronLaws } from './layeredNeuronLaws.js';

describe('createLawMonitor', () => {
  it('records law values and the max drift |h(θ(t)) − h(θ₀)| per output (hand-computed)', () => {
    const m = createLawMonitor((th) => [th[0]! ** 2 - th[1]! ** 2, th[0]!], [1, 0.5]);
    // h(θ₀) = (0.75, 1).
    m.observer(0, Float64Array.of(1, 0.5), 0);
    m.observer(1, Float64Array.of(2, 1), 1); // h = (3, 2): drift max(2.25, 1) = 2.25
    expect(Array.from(m.initial)).toEqual([0.75, 1]);
    expect(Array.from(m.values())).toEqual([0.75, 1, 3, 2]);
    expect(Array.from(m.drift())).toEqual([0, 2.25]);
    expect(m.maxDrift()).toBe(2.25);
  });

  it('propagates NaN drift instead of hiding it', () => {
    const m = createLawMonitor((th) => [th[0]!], [1]);
    m.observer(0, Float64Array.of(Number.NaN), 0);
    expect(Number.isNaN(m.maxDrift())).toBe(true);
  });

  it('rejects a non-function and non-finite initial values', () => {
    expect(() => createLawMonitor(3 as unknown as () => number[], [1])).toThrow(
      /laws must be a function, got 3/,
    );
    expect(() => createLawMonitor(() => [Number.NaN], [1])).toThrow(/laws\(theta0\)\[0\] must be finite/);
  });
});

describe('layeredNeuronLaws', () => {
  it('gives Σ incoming w² + b² − Σ outgoing w² per hidden neuron (MATH.md §1, hand-computed)', () => {
    // widths [1, 2, 1] with bias: W_1 = [a; b] (2×1), W_2 = [c d] (1×2), b_1 = [e f], b_2 = [g].
    const theta = [1, 2, 3, 4, 0.5, -1, 7];
    const h = layeredNeuronLaws(
      {
        kind: 'layered-flow',
        widths: [1, 2, 1],
        activation: 'relu',
        bias: true,
        loss: { type: 'mse', samples: 1, X: [0], Y: [0] },
      },
      theta,
    );
    expect(Array.from(h)).toEqual([1 + 0.25 - 9, 4 + 1 - 16]);
  });

  it('rejects θ of the wrong length', () => {
    expect(() =>
      layeredNeuronLaws(
        {
          kind: 'layered-flow',
          widths: [1, 1, 1],
          activation: 'relu',
          bias: false,
          loss: { type: 'mse', samples: 1, X: [0], Y: [0] },
        },
        [1],
      ),
    ).toThrow(/theta has length 1, expected D = 2/);
  });
});
