import { parseNetwork } from '@idyn/graph';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbNetCase } from '../test/randomNets.js';
import { pathLifting } from './pathLifting.js';
import { pathNorm } from './pathNorm.js';

/** Σ_p |Phi_p|^q over enumerated paths (MATH.md §1 definition). */
function enumeratedNorm(z: Float64Array, q: number): number {
  let s = 0;
  for (const x of z) s += Math.abs(x) ** q;
  return s;
}

describe('pathNorm', () => {
  it('equals (w1 w2)^q on linear:1-1-1 (closed form)', () => {
    const net = parseNetwork('linear:1-1-1');
    expect(pathNorm(net, [2, -3], { q: 2 }).value).toBeAllClose(36);
    expect(pathNorm(net, [2, -3]).value).toBeAllClose(6);
    expect(pathNorm(net, [2, -3]).gradient!).toBeAllClose([3, -2]);
    expect(pathNorm(net, [2, -3], { gradient: false })).toEqual({ value: 6, gradient: null });
  });

  it.each([1, 2, 3])('the forward pass equals the enumerated Σ_p |Phi_p|^q on random DAGs (q = %d)', (q) => {
    fc.assert(
      fc.property(arbNetCase(), ({ net, theta }) => {
        const z = pathLifting(net).phi(theta);
        expect(pathNorm(net, theta, { q }).value).toBeAllClose(enumeratedNorm(z, q), { rtol: 1e-12 });
      }),
      { numRuns: 30 },
    );
  });

  it.each([1, 2])('its gradient equals DPhi^T (q |z|^{q-1} sign z) over enumerated paths (q = %d)', (q) => {
    fc.assert(
      fc.property(arbNetCase(), ({ net, theta }) => {
        const lift = pathLifting(net);
        const z = lift.phi(theta);
        const g = z.map((x) => q * Math.abs(x) ** (q - 1) * Math.sign(x));
        expect(pathNorm(net, theta, { q }).gradient!).toBeAllClose(lift.vjp(theta, g), {
          rtol: 1e-11,
          atol: 1e-13,
        });
      }),
      { numRuns: 30 },
    );
  });

  it('counts the length-0 paths of biased outputs and max-pool edges with weight 1', () => {
    // relu:1-1-1+bias: paths x0→h→y (w1 w2), b(h)→y (b_h w2), b(y) (b_y); theta = (w1, w2, b_h, b_y)
    const net = parseNetwork('relu:1-1-1+bias');
    expect(pathNorm(net, [2, 3, 5, 7], { q: 1 }).value).toBeAllClose(6 + 15 + 7);
    const pool = parseNetwork('maxpool:2-4-2-1:2');
    const theta = Float64Array.from({ length: pool.D }, (_, i) => 0.5 + i / 10);
    expect(pathNorm(pool, theta, { q: 2 }).value).toBeAllClose(
      enumeratedNorm(pathLifting(pool).phi(theta), 2),
    );
  });

  it('rejects q < 1 and a theta of the wrong length', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => pathNorm(net, [1, 2], { q: 0.5 })).toThrow(/q must be a finite number >= 1, got 0.5/);
    expect(() => pathNorm(net, [1])).toThrow(/theta has length 1, expected D = 2/);
  });
});
