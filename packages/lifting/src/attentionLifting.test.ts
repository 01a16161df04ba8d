import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  denseJacobian,
  denseMetricProduct,
  fdJacobian,
  invertibleAndInvT,
  maxAbs,
  mm,
  mulJ,
  mulJt,
  orthogonal,
} from '../test/checks.js';
import { attentionLifting } from './attentionLifting.js';
import { parseAttentionSpec } from './parseAttentionSpec.js';
import { twoLayerLifting } from './twoLayerLifting.js';

const shapes = fc.record({
  d: fc.integer({ min: 1, max: 4 }),
  k: fc.integer({ min: 1, max: 3 }),
  v: fc.integer({ min: 1, max: 3 }),
  e: fc.integer({ min: 1, max: 4 }),
  heads: fc.integer({ min: 1, max: 3 }),
  seed: fc.nat(1e6),
});

/** Offsets of W_Q^h, W_K^h, W_V^h, W_O^h in theta (the documented layout). */
function offsets(d: number, k: number, v: number, e: number, h: number) {
  const per = 2 * d * k + d * v + e * v;
  return { Q: h * per, K: h * per + d * k, V: h * per + 2 * d * k, O: h * per + 2 * d * k + d * v, per };
}

/**
 * Applies (W_Q A, W_K A^{-T}) and (W_O B, W_V B^{-T}) to every head, with A, B acting on the
 * concatenated columns of all heads (Hk × Hk and Hv × Hv), i.e. mixing heads.
 */
function transformConcat(
  theta: Float64Array,
  s: { d: number; k: number; v: number; e: number; heads: number },
  A: Float64Array,
  AinvT: Float64Array,
  B: Float64Array,
  BinvT: Float64Array,
): Float64Array {
  const { d, k, v, e, heads: H } = s;
  const gather = (which: 'Q' | 'K' | 'V' | 'O', rows: number, cols: number) => {
    const X = new Float64Array(rows * H * cols);
    for (let h = 0; h < H; h++) {
      const o = offsets(d, k, v, e, h)[which];
      for (let i = 0; i < rows; i++)
        for (let a = 0; a < cols; a++) X[i * H * cols + h * cols + a] = theta[o + i * cols + a]!;
    }
    return X;
  };
  const scatter = (
    out: Float64Array,
    which: 'Q' | 'K' | 'V' | 'O',
    X: Float64Array,
    rows: number,
    cols: number,
  ) => {
    for (let h = 0; h < H; h++) {
      const o = offsets(d, k, v, e, h)[which];
      for (let i = 0; i < rows; i++)
        for (let a = 0; a < cols; a++) out[o + i * cols + a] = X[i * H * cols + h * cols + a]!;
    }
  };
  const out = new Float64Array(theta.length);
  scatter(out, 'Q', mm(gather('Q', d, k), A, d, H * k, H * k), d, k);
  scatter(out, 'K', mm(gather('K', d, k), AinvT, d, H * k, H * k), d, k);
  scatter(out, 'O', mm(gather('O', e, v), B, e, H * v, H * v), e, v);
  scatter(out, 'V', mm(gather('V', d, v), BinvT, d, H * v, H * v), d, v);
  return out;
}

describe('attentionLifting', () => {
  it('phi is (W_Q W_K^T, W_O W_V^T) (hand-computed, d = 2, k = v = e = 1)', () => {
    // W_Q = [1; 2], W_K = [3; 4]: [[3, 4], [6, 8]]; W_V = [5; 6], W_O = [7]: 7 [5, 6] = [35, 42].
    const lift = attentionLifting({ d: 2, k: 1, v: 1, e: 1 });
    expect(lift.phi([1, 2, 3, 4, 5, 6, 7])).toBeAllClose([3, 4, 6, 8, 35, 42]);
    expect(lift.paramNames).toEqual(['Q_0_0', 'Q_1_0', 'K_0_0', 'K_1_0', 'V_0_0', 'V_1_0', 'O_0_0']);
    expect(lift.zLabels).toEqual(['QK_0_0', 'QK_0_1', 'QK_1_0', 'QK_1_1', 'OV_0_0', 'OV_0_1']);
  });

  it('has D = H(2dk + dv + ev) and d_z = d^2 + ed; the MATH.md §7 head (3, 2, 2, 3) has D 24', () => {
    const one = attentionLifting({ d: 3, k: 2, v: 2, e: 3 });
    expect([one.D, one.d]).toEqual([24, 18]);
    const two = attentionLifting({ d: 4, k: 2, v: 3, e: 5, heads: 2 });
    expect([two.D, two.d]).toEqual([2 * (16 + 12 + 15), 16 + 20]);
    expect(two.paramNames[0]).toBe('Q1_0_0');
    expect(two.paramNames[two.D / 2]).toBe('Q2_0_0');
  });

  it('the Jacobian equals central finite differences; jvp, vjp and M G equal products with it', () => {
    for (const s of [
      { d: 3, k: 2, v: 2, e: 3 },
      { d: 2, k: 3, v: 1, e: 4, heads: 2 },
      { d: 1, k: 1, v: 2, e: 1, heads: 3 },
    ]) {
      const lift = attentionLifting(s);
      const rng = createRng(s.d * 10 + s.k);
      const theta = rng.normals(lift.D);
      const J = denseJacobian(lift, theta);
      expect(J).toBeAllClose(fdJacobian(lift, theta), { rtol: 1e-7, atol: 1e-8 });
      const w = rng.normals(lift.D);
      const G = rng.normals(lift.d);
      expect(lift.jvp(theta, w)).toBeAllClose(mulJ(J, lift.d, lift.D, w));
      expect(lift.vjp(theta, G)).toBeAllClose(mulJt(J, lift.d, lift.D, G));
      expect(lift.metricProduct(theta, G)).toBeAllClose(denseMetricProduct(J, lift.d, lift.D, G));
    }
  });

  it('one head is the two two-layer liftings [d, k, d] on (W_Q, W_K) and [d, v, e] on (W_O, W_V), for phi and M G', () => {
    fc.assert(
      fc.property(shapes, ({ d, k, v, e, seed }) => {
        const lift = attentionLifting({ d, k, v, e });
        const qk = twoLayerLifting([d, k, d]);
        const ov = twoLayerLifting([d, v, e]);
        const rng = createRng(seed);
        const theta = rng.normals(lift.D);
        const o = offsets(d, k, v, e, 0);
        const tQK = theta.slice(0, 2 * d * k);
        const tOV = new Float64Array(ov.D);
        tOV.set(theta.subarray(o.O, o.O + e * v), 0); // U = W_O
        tOV.set(theta.subarray(o.V, o.V + d * v), e * v); // V = W_V
        const G = rng.normals(lift.d);
        expect(lift.phi(theta)).toBeAllClose([...qk.phi(tQK), ...ov.phi(tOV)]);
        const MG = lift.metricProduct(theta, G);
        expect(MG).toBeAllClose([
          ...qk.metricProduct(tQK, G.subarray(0, d * d)),
          ...ov.metricProduct(tOV, G.subarray(d * d)),
        ]);
        expect(lift.lawValues(theta)).toBeAllClose([...qk.lawValues(tQK), ...ov.lawValues(tOV)]);
      }),
      { numRuns: 30, seed: 20 },
    );
  });

  it('heads add up: phi of H heads is the sum of the one-head phi of each head', () => {
    fc.assert(
      fc.property(shapes, ({ d, k, v, e, heads, seed }) => {
        const multi = attentionLifting({ d, k, v, e, heads });
        const single = attentionLifting({ d, k, v, e });
        const theta = createRng(seed).normals(multi.D);
        const sum = new Float64Array(multi.d);
        for (let h = 0; h < heads; h++) {
          const z = single.phi(theta.subarray(h * single.D, (h + 1) * single.D));
          for (let i = 0; i < sum.length; i++) sum[i]! += z[i]!;
        }
        expect(multi.phi(theta)).toBeAllClose(sum);
      }),
      { numRuns: 30, seed: 21 },
    );
  });

  it('phi is invariant under (W_Q A, W_K A^{-T}) and (W_O B, W_V B^{-T}) for invertible A, B, even mixing heads (MATH.md §7)', () => {
    fc.assert(
      fc.property(shapes, (s) => {
        const lift = attentionLifting(s);
        const rng = createRng(s.seed);
        const theta = rng.normals(lift.D);
        const a = invertibleAndInvT(rng, s.heads * s.k);
        const b = invertibleAndInvT(rng, s.heads * s.v);
        const moved = transformConcat(theta, s, a.A, a.AinvT, b.A, b.AinvT);
        expect(lift.phi(moved)).toBeAllClose(lift.phi(theta), { rtol: 1e-9, atol: 1e-10 });
      }),
      { numRuns: 30, seed: 22 },
    );
  });

  it('M is unchanged under orthogonal A, B (mixing heads), and changed under a generic rescaling', () => {
    fc.assert(
      fc.property(shapes, (s) => {
        const lift = attentionLifting(s);
        const rng = createRng(s.seed);
        const theta = rng.normals(lift.D);
        const G = rng.normals(lift.d);
        const QA = orthogonal(rng, s.heads * s.k);
        const QB = orthogonal(rng, s.heads * s.v);
        const rot = transformConcat(theta, s, QA, QA, QB, QB); // Q^{-T} = Q
        const M0 = lift.metricProduct(theta, G);
        expect(lift.metricProduct(rot, G)).toBeAllClose(M0, { rtol: 1e-9, atol: 1e-10 });
        // diag(2, 1, …) and its inverse: Q Q^T grows, K K^T shrinks, so M changes by O(1).
        const diag = (n: number, x: number) => {
          const m = new Float64Array(n * n);
          for (let i = 0; i < n; i++) m[i * n + i] = i === 0 ? x : 1;
          return m;
        };
        const nk = s.heads * s.k;
        const nv = s.heads * s.v;
        const gen = transformConcat(theta, s, diag(nk, 2), diag(nk, 0.5), diag(nv, 2), diag(nv, 0.5));
        expect(lift.phi(gen)).toBeAllClose(lift.phi(theta), { rtol: 1e-9, atol: 1e-10 });
        const diff = lift.metricProduct(gen, G).map((x, i) => x - M0[i]!);
        expect(maxAbs(diff)).toBeGreaterThan(1e-3 * maxAbs(M0));
      }),
      { numRuns: 30, seed: 23 },
    );
  });

  it('knownLaws are the Hk(Hk+1)/2 + Hv(Hv+1)/2 Gram-difference entries, equal lawValues, and their gradients are orthogonal to every row of the Jacobian', () => {
    for (const s of [
      { d: 3, k: 2, v: 2, e: 3 },
      { d: 2, k: 2, v: 1, e: 3, heads: 2 },
    ]) {
      const lift = attentionLifting(s);
      const H = s.heads ?? 1;
      const laws = lift.knownLaws();
      expect(laws).toHaveLength((H * s.k * (H * s.k + 1)) / 2 + (H * s.v * (H * s.v + 1)) / 2);
      const rng = createRng(5);
      const theta = rng.normals(lift.D);
      expect(laws.map((h) => h.evaluate(theta))).toBeAllClose(lift.lawValues(theta));
      expect(lift.polynomials().map((p) => p.evaluate(theta))).toBeAllClose(lift.phi(theta));
      const J = denseJacobian(lift, theta);
      for (const h of laws) {
        const grad = Float64Array.from({ length: lift.D }, (_, i) => h.derivative(i).evaluate(theta));
        expect(maxAbs(mulJ(J, lift.d, lift.D, grad))).toBeLessThan(1e-12 * (1 + maxAbs(grad)) * lift.D);
      }
    }
  });

  it('the W_Q^1 . W_Q^2 - W_K^1 . W_K^2 cross-head entry is a law of two heads (heads interact)', () => {
    const lift = attentionLifting({ d: 3, k: 1, v: 1, e: 2, heads: 2 });
    // Laws: QK Gram 2x2 (3 entries: (1,1), (1,2), (2,2)), then OV Gram (3 entries).
    const cross = lift.knownLaws()[1]!;
    const theta = createRng(9).normals(lift.D);
    const o1 = offsets(3, 1, 1, 2, 0);
    const o2 = offsets(3, 1, 1, 2, 1);
    let expected = 0;
    for (let i = 0; i < 3; i++)
      expected += theta[o1.Q + i]! * theta[o2.Q + i]! - theta[o1.K + i]! * theta[o2.K + i]!;
    expect(cross.evaluate(theta)).toBeCloseTo(expected, 12);
  });

  it('accepts a spec string and rejects bad shapes naming the field', () => {
    expect(attentionLifting('attention:3:2:2:3').D).toBe(24);
    expect(attentionLifting(' attention:2:1:1:2:3 ').D).toBe(3 * (4 + 2 + 2));
    expect(() => attentionLifting({ d: 0, k: 1, v: 1, e: 1 })).toThrow(
      /shape.d must be a positive integer, got 0/,
    );
    expect(() => attentionLifting({ d: 1, k: 1, v: 1, e: 1, heads: 1.5 })).toThrow(/shape.heads/);
    expect(() => attentionLifting(null as never)).toThrow(TypeError);
  });
});

describe('parseAttentionSpec', () => {
  it('parses d:k:v:e with heads defaulting to 1, and a fifth field as heads', () => {
    expect(parseAttentionSpec('attention:3:2:2:3')).toEqual({ d: 3, k: 2, v: 2, e: 3, heads: 1 });
    expect(parseAttentionSpec('attention:4:1:2:5:3')).toEqual({ d: 4, k: 1, v: 2, e: 5, heads: 3 });
  });

  it('rejects other words, wrong field counts, non-integers, zero and huge sizes, naming the field', () => {
    expect(() => parseAttentionSpec('attn:3:2:2:3')).toThrow(/must start with 'attention:'/);
    expect(() => parseAttentionSpec('attention:3:2:2')).toThrow(/has 3 sizes, expected 4 or 5/);
    expect(() => parseAttentionSpec('attention:3:2:2:3:1:1')).toThrow(/has 6 sizes/);
    expect(() => parseAttentionSpec('attention:3:x:2:3')).toThrow(/k must be a positive integer, got "x"/);
    expect(() => parseAttentionSpec('attention:3:2:-2:3')).toThrow(/v must be a positive integer/);
    expect(() => parseAttentionSpec('attention:3:2:2:0')).toThrow(/e must be in \[1, 1000000\], got 0/);
    expect(() => parseAttentionSpec('attention:3:2:2:3:')).toThrow(
      /heads must be a positive integer, got ""/,
    );
    expect(() => parseAttentionSpec('attention:3:2:2:3:9999999')).toThrow(/heads must be in/);
    expect(() => parseAttentionSpec(3 as never)).toThrow(TypeError);
  });
});
