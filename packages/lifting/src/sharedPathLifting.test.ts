import { createNetwork, mseGradient, parseNetwork, rescalingSymmetries } from '@idyn/graph';
import { createRng, Matrix } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbSharedNetCase } from '../test/randomNets.js';
import { countPaths } from './countPaths.js';
import { pathCotangentVjp } from './pathCotangentVjp.js';
import { pathLifting } from './pathLifting.js';
import { pathNorm } from './pathNorm.js';

/** Central differences of phi, column by column (d × D, row-major). */
function fdJacobian(phi: (t: Float64Array) => Float64Array, theta: Float64Array, d: number, h = 1e-6) {
  const D = theta.length;
  const J = new Float64Array(d * D);
  for (let j = 0; j < D; j++) {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[j]! += h;
    tm[j]! -= h;
    const a = phi(tp);
    const b = phi(tm);
    for (let p = 0; p < d; p++) J[p * D + j] = (a[p]! - b[p]!) / (2 * h);
  }
  return J;
}

describe('path-lifting with shared parameters (MATH.md §7)', () => {
  it('Φ, the Jacobian and the known laws of tied random DAGs: Φ equals the untied Φ, ∂Φ adds up the tied columns', () => {
    fc.assert(
      fc.property(arbSharedNetCase(), ({ net, theta, plain, untie }) => {
        const lift = pathLifting(net);
        const ref = pathLifting(plain);
        const t = untie(theta);
        expect(lift.d).toBe(ref.d);
        expect(lift.phi(theta)).toBeAllClose(ref.phi(t), { rtol: 1e-14, atol: 0 });
        const J = lift.jacobian(theta);
        const Jp = ref.jacobian(t);
        for (let p = 0; p < lift.d; p++) {
          const row = new Float64Array(net.D);
          net.edgeParam.forEach((j, e) => {
            if (j >= 0) row[j]! += Jp.get(p, plain.edgeParam[e]!);
          });
          net.biasParam.forEach((j, v) => {
            if (j >= 0) row[j]! += Jp.get(p, plain.biasParam[v]!);
          });
          expect(Float64Array.from(J.getRow(p))).toBeAllClose(row, { rtol: 1e-13, atol: 1e-14 });
        }
        // The sparse Jacobian has one entry per distinct parameter of a row, equal to the dense one.
        const S = lift.jacobianSparse!(theta);
        for (let p = 0; p < lift.d; p++) {
          const cols = Array.from(S.colIndex.subarray(S.rowPtr[p]!, S.rowPtr[p + 1]!));
          expect(new Set(cols).size).toBe(cols.length);
          cols.forEach((c, i) => {
            expect(S.values[S.rowPtr[p]! + i]).toBe(J.get(p, c));
          });
        }
        // Polynomials (with the fixed weights as exact coefficients) evaluate to Φ.
        const z = lift.phi(theta);
        for (const [p, poly] of lift.polynomials().entries()) {
          expect(poly.evaluate(theta)).toBeAllClose(z[p]!, { rtol: 1e-13 });
        }
        // Each known law is conserved: its gradient is orthogonal to every ∇Φ_p.
        const g = lift
          .knownLaws()
          .map((h) => Float64Array.from({ length: net.D }, (_, j) => h.derivative(j).evaluate(theta)));
        for (const gh of g) {
          const Jg = lift.jvp(theta, gh);
          const scale = Math.max(...z.map(Math.abs), 1) * Math.max(...gh.map(Math.abs), 1);
          for (const x of Jg) expect(Math.abs(x)).toBeLessThanOrEqual(1e-12 * scale);
        }
        expect(lift.lawValues(theta)).toBeAllClose(
          lift.knownLaws().map((h) => h.evaluate(theta)),
          {
            rtol: 1e-12,
            atol: 1e-12,
          },
        );
      }),
      { numRuns: 40, seed: 50 },
    );
  });

  it('∂Φ with repeated factors is (count of edges carrying j) × the other factors, exact at θ_j = 0', () => {
    // x → h1 → h2 → y with the three edges sharing θ0, a bias θ1 on h1: paths θ0³ and θ1 θ0².
    const net = createNetwork({
      nodes: [
        { id: 'x', kind: 'input' },
        { id: 'h1', kind: 'hidden', activation: 'identity', bias: true, biasParam: 1 },
        { id: 'h2', kind: 'hidden', activation: 'identity' },
        { id: 'y', kind: 'output' },
      ],
      edges: [
        { from: 'x', to: 'h1', param: 0 },
        { from: 'h1', to: 'h2', param: 0 },
        { from: 'h2', to: 'y', param: 0 },
      ],
    });
    const lift = pathLifting(net);
    expect(lift.zLabels).toEqual(['x→h1→h2→y', 'b(h1)→h2→y']);
    expect(lift.phi([2, 5])).toEqual(Float64Array.from([8, 20]));
    // Closed forms: ∂θ0 θ0³ = 3 θ0², ∂θ0 θ1 θ0² = 2 θ0 θ1, ∂θ1 θ1 θ0² = θ0².
    expect(Array.from(lift.jacobian([2, 5]).to1DArray())).toEqual([12, 0, 20, 4]);
    expect(Array.from(lift.jacobian([0, 5]).to1DArray())).toEqual([0, 0, 0, 0]);
    expect(Array.from(lift.jacobian([0.5, 0]).to1DArray())).toEqual([0.75, 0, 0, 0.25]);
    const poly = lift.polynomials()[1]!;
    expect([poly.derivative(0).evaluate([3, 7]), poly.derivative(1).evaluate([3, 7])]).toEqual([42, 9]);
    expect(Array.from(lift.jacobian([3, 7]).getRow(1))).toEqual([42, 9]);
  });

  it('on conv presets: the Jacobian matches central differences and J·(ε∘θ) = 0 for every channel law', () => {
    const rng = createRng(51);
    for (const p of [
      'conv1d:4:1-2:2:1',
      'conv1d:5:1-2-1:2:1+bias',
      'conv2d:3x3:1-2:2x2:1:pool2+bias',
      'conv1d:4:2-2-2:3:0:p1:res',
    ]) {
      const net = parseNetwork(p);
      const lift = pathLifting(net);
      const theta = rng.normals(net.D);
      const J = lift.jacobian(theta);
      const fd = fdJacobian((t) => lift.phi(t), theta, lift.d);
      expect(Float64Array.from(J.to1DArray()), p).toBeAllClose(fd, { rtol: 1e-7, atol: 1e-8 });
      expect(lift.knownLaws().length, p).toBe(rescalingSymmetries(net).count);
      for (const s of rescalingSymmetries(net).symmetries) {
        const v = new Float64Array(net.D);
        s.params.forEach((j, k) => {
          v[j] = s.exponents[k]! * theta[j]!;
        });
        const Jv = lift.jvp(theta, v);
        for (const x of Jv) expect(Math.abs(x), p).toBeLessThanOrEqual(1e-12);
      }
      // M G = J Jᵀ G without forming M.
      const G = rng.normals(lift.d);
      const MG = lift.metricProduct(theta, G);
      const ref = J.mmul(J.transpose())
        .mmul(Matrix.columnVector(Array.from(G)))
        .to1DArray();
      expect(MG, p).toBeAllClose(ref, { rtol: 1e-11, atol: 1e-11 });
    }
  });

  it.each([1, 2, 3])(
    'the path-norm forward pass with shared |θ|^q equals Σ_p |Φ_p|^q, gradient DΦᵀ(q|z|^{q−1} sign z) (q = %d)',
    (q) => {
      fc.assert(
        fc.property(arbSharedNetCase(), ({ net, theta }) => {
          const lift = pathLifting(net);
          const z = lift.phi(theta);
          let s = 0;
          for (const x of z) s += Math.abs(x) ** q;
          const r = pathNorm(net, theta, { q });
          expect(r.value).toBeAllClose(s, { rtol: 1e-12 });
          const g = z.map((x) => q * Math.abs(x) ** (q - 1) * Math.sign(x));
          expect(r.gradient!).toBeAllClose(lift.vjp(theta, g), { rtol: 1e-11, atol: 1e-12 });
        }),
        { numRuns: 30, seed: 52 + q },
      );
    },
  );

  it('∂ΦᵀG by backpropagation equals the enumerated vjp of the data cotangent and the MSE gradient', () => {
    fc.assert(
      fc.property(arbSharedNetCase(), ({ net, theta, seed }) => {
        const rng = createRng(seed + 7);
        const batch = 3;
        const X = rng.normals(batch * net.inputs.length);
        const C = rng.normals(batch * net.outputs.length);
        const lift = pathLifting(net);
        const bp = pathCotangentVjp(net, theta, X, C, batch);
        expect(bp).toBeAllClose(lift.vjp(theta, lift.dataCotangent(theta, X, C, batch)), {
          rtol: 1e-11,
          atol: 1e-12,
        });
        const Y = rng.normals(batch * net.outputs.length);
        const m = mseGradient(net, theta, X, Y, batch);
        const cot = m.residual.map((r) => r / batch);
        expect(pathCotangentVjp(net, theta, X, cot, batch)).toBeAllClose(m.gradTheta, {
          rtol: 1e-12,
          atol: 1e-13,
        });
      }),
      { numRuns: 30, seed: 56 },
    );
  });

  it('counts the paths of a 2-layer conv net exactly, without enumerating (the 28×28 one is in bench/)', () => {
    // Closed form: 3 outputs × 4 channels × 8² layer-2 positions × (4 channels × 9 taps) × 9 taps
    // (no padding, so no window is clipped), plus 4 channel-bias paths per layer-2 position: none
    // here (no biases).
    const net = parseNetwork('conv2d:12x12:1-4-4:3x3:3');
    expect(countPaths(net).total).toBe(3n * 4n * 64n * 4n * 9n * 9n);
  });
});
