/**
 * The discrete-step identity of MATH.md §7 on the liftings of this layer: for every known quadratic
 * law h(θ) = θᵀAθ of a lifting and every gradient g = Dφᵀ G of a loss through it, one step
 * θ ← θ − η g changes h by exactly η² gᵀAg. Checked with `@idyn/integrators`' `gradientSteps` on
 * ReLU DAGs (MSE on data, through `@idyn/graph`'s backpropagation) and on attention (a loss on z,
 * through the lifting's vjp), full batch and mini-batch.
 */
import { mseGradient, type Network, parseNetwork } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import {
  type GradientStepsResult,
  gradientSteps,
  type QuadraticLaw,
  type StochasticLoss,
} from '@idyn/integrators';
import { attentionLifting, type Lifting, pathLifting } from '@idyn/lifting';
import { createRng } from '@idyn/linalg';
import { parsePolynomial } from '@idyn/poly';
import { describe, expect, it } from 'vitest';
import { quadraticLaws } from './quadraticLaws.js';

/** MSE of a network over N samples, as a stochastic loss (gradients by backpropagation). */
function networkMse(net: Network, N: number, seed: number): StochasticLoss {
  const rng = createRng(seed);
  const nIn = net.inputs.length;
  const nOut = net.outputs.length;
  const X = rng.normals(N * nIn);
  const Y = rng.normals(N * nOut);
  return {
    samples: N,
    loss(theta, gradient, batch) {
      const Xb = new Float64Array(batch.length * nIn);
      const Yb = new Float64Array(batch.length * nOut);
      batch.forEach((s, b) => {
        Xb.set(X.subarray(s * nIn, (s + 1) * nIn), b * nIn);
        Yb.set(Y.subarray(s * nOut, (s + 1) * nOut), b * nOut);
      });
      const r = mseGradient(net, theta, Xb, Yb, batch.length);
      gradient.set(r.gradTheta);
      return r.loss;
    },
  };
}

/**
 * The MATH.md §5 loss through a lifting, one target per sample: L_B(θ) = 1/|B| Σ_{s∈B} f_s(φ(θ)),
 * f_s(z) = ½‖z − Y_s‖² + 0.1 Σ z⁴/4, gradient Dφᵀ ∇f by the lifting's vjp.
 */
function liftingLoss(lift: Lifting, N: number, seed: number): StochasticLoss {
  const Y = createRng(seed).normals(N * lift.d);
  return {
    samples: N,
    loss(theta, gradient, batch) {
      const z = lift.phi(theta);
      const G = new Float64Array(lift.d);
      let value = 0;
      for (const s of batch) {
        for (let i = 0; i < lift.d; i++) {
          const r = z[i]! - Y[s * lift.d + i]!;
          value += 0.5 * r * r + (0.1 * z[i]! ** 4) / 4;
          G[i]! += r + 0.1 * z[i]! ** 3;
        }
      }
      for (let i = 0; i < lift.d; i++) G[i]! /= batch.length;
      gradient.set(lift.vjp(theta, G));
      return value / batch.length;
    },
  };
}

/**
 * The channel laws of a convolutional preset (MATH.md §7, derived): for each hidden channel c (nodes
 * `h<l>_<c>_<position>`), Σ θ_p² over the parameters entering the channel (its shared kernel and
 * bias) − Σ θ_p² over the parameters leaving it (the next kernel's entries for c, or the readout
 * weights), each shared parameter counted once.
 */
function channelLaws(net: Network): QuadraticLaw[] {
  const groups = new Map<string, number[]>();
  for (const v of net.hidden) {
    const m = /^(h\d+_\d+)_/.exec(net.nodes[v]!.id);
    if (m === null) throw new Error(`not a convolution channel neuron: ${net.nodes[v]!.id}`);
    const list = groups.get(m[1]!) ?? [];
    list.push(v);
    groups.set(m[1]!, list);
  }
  return [...groups.values()].map((nodes) => {
    const incoming = new Set<number>();
    const outgoing = new Set<number>();
    for (const v of nodes) {
      for (const e of net.inEdges[v]!) incoming.add(net.edgeParam[e]!);
      if (net.biasParam[v]! >= 0) incoming.add(net.biasParam[v]!);
      for (const e of net.outEdges[v]!) outgoing.add(net.edgeParam[e]!);
    }
    const idx = [...incoming, ...outgoing];
    return { rows: idx, cols: idx, values: [...[...incoming].map(() => 1), ...[...outgoing].map(() => -1)] };
  });
}

/** Largest |Δh − pred| / |pred| over the entries whose predicted drift exceeds 1e-3 (θ = O(1)). */
function relativeToPrediction(r: GradientStepsResult): number {
  let rel = 0;
  r.predictedDrift.forEach((p, t) => {
    if (Math.abs(p) > 1e-3) rel = Math.max(rel, Math.abs(r.stepDrift[t]! - p) / Math.abs(p));
  });
  return rel;
}

function expectIdentity(r: GradientStepsResult): void {
  expect(r.status).toBe('success');
  expect(r.maxIdentityResidual).toBeLessThan(1e-12);
  expect(relativeToPrediction(r)).toBeLessThan(1e-11);
  // Not trivially 0 = 0: some step drifts a law by more than 1e-3.
  expect(Math.max(...r.predictedDrift.map(Math.abs))).toBeGreaterThan(1e-3);
}

describe('quadraticLaws', () => {
  it('writes θᵀAθ in coordinate form and evaluates like the polynomial', () => {
    const h = parsePolynomial('x1^2 - 3*x2*x3 + x3^2', { variables: ['x1', 'x2', 'x3'] });
    const [q] = quadraticLaws([h]);
    expect(Array.from(q!.rows)).toEqual([0, 1, 2]);
    expect(Array.from(q!.cols)).toEqual([0, 2, 2]);
    expect(Array.from(q!.values)).toEqual([1, -3, 1]);
    const lift = attentionLifting({ d: 2, k: 2, v: 1, e: 3, heads: 2 });
    const theta = createRng(1).normals(lift.D);
    const forms = quadraticLaws(lift.knownLaws());
    const values = forms.map((f) =>
      Array.from(f.values).reduce((s, c, t) => s + c * theta[f.rows[t]!]! * theta[f.cols[t]!]!, 0),
    );
    expect(values).toBeAllClose(lift.lawValues(theta));
  });

  it('rejects laws that are not homogeneous quadratics, naming the law', () => {
    const names = { variables: ['x', 'y'] };
    expect(() => quadraticLaws([parsePolynomial('x^2', names), parsePolynomial('x^2 - y', names)])).toThrow(
      /laws\[1\] has a term of degree 1/,
    );
    expect(() => quadraticLaws([parsePolynomial('x^2*y', names)])).toThrow(/degree 3/);
    expect(() => quadraticLaws(['x^2' as never])).toThrow(TypeError);
  });
});

describe('discrete steps: Δh = η² gᵀAg for the known laws (MATH.md §7)', () => {
  it('ReLU DAGs with skips, identity neurons and biases: full-batch GD and mini-batch SGD', () => {
    for (const seed of [1, 2, 3]) {
      const net = randomDag(createRng(seed), {
        layers: 2,
        width: 3,
        skipProbability: 0.3,
        identityProbability: 0.2,
        biasProbability: 0.5,
      });
      const laws = quadraticLaws(pathLifting(net).knownLaws());
      expect(laws).toHaveLength(net.lawNodes.length);
      const theta0 = createRng(seed + 10).normals(net.D, 0.8);
      const loss = networkMse(net, 12, seed);
      expectIdentity(gradientSteps(loss, theta0, { eta: 0.05, steps: 30, laws }));
      expectIdentity(gradientSteps(loss, theta0, { eta: 0.05, steps: 30, laws, batchSize: 3, seed }));
    }
  });

  it('a layered ReLU net (relu:3-4-4-2+bias): h_v drift by η²(‖g_in(v)‖² − ‖g_out(v)‖²), checked by hand on step 1', () => {
    const net = parseNetwork('relu:3-4-4-2+bias');
    const lift = pathLifting(net);
    const laws = quadraticLaws(lift.knownLaws());
    const theta0 = createRng(4).normals(net.D, 0.8);
    const loss = networkMse(net, 10, 4);
    const eta = 0.05;
    const r = gradientSteps(loss, theta0, { eta, steps: 30, laws });
    expectIdentity(r);
    const g = new Float64Array(net.D);
    loss.loss(
      theta0,
      g,
      Int32Array.from({ length: 10 }, (_, i) => i),
    );
    net.lawNodes.forEach((v, j) => {
      let gin = 0;
      for (const e of net.inEdges[v]!) gin += g[net.edgeParam[e]!]! ** 2;
      if (net.biasParam[v]! >= 0) gin += g[net.biasParam[v]!]! ** 2;
      let gout = 0;
      for (const e of net.outEdges[v]!) gout += g[net.edgeParam[e]!]! ** 2;
      expect(r.predictedDrift[j]).toBeCloseTo(eta ** 2 * (gin - gout), 14);
    });
  });

  it('convolutional ReLU nets with shared kernels (1-D two layers, 2-D): the channel laws, GD and SGD', () => {
    for (const [preset, seed] of [
      ['conv1d:6:1-2-2:2:1+hbias', 8],
      ['conv1d:5:2-3:3:2+bias', 9],
      ['conv2d:4x4:1-2:2x2:1+hbias', 10],
    ] as const) {
      const net = parseNetwork(preset);
      expect(net.shared).toBe(true);
      const laws = channelLaws(net);
      const theta0 = createRng(seed).normals(net.D, 0.8);
      const loss = networkMse(net, 10, seed);
      expectIdentity(gradientSteps(loss, theta0, { eta: 0.05, steps: 30, laws }));
      expectIdentity(gradientSteps(loss, theta0, { eta: 0.05, steps: 30, laws, batchSize: 3, seed }));
    }
  });

  it('negative control: per-neuron h_v are not laws of a shared convolution, and the identity fails for them at first order', () => {
    const net = parseNetwork('conv1d:6:1-2:2:1+hbias');
    const perNeuron: QuadraticLaw[] = net.hidden.map((v) => {
      const idx = [...net.inEdges[v]!.map((e) => net.edgeParam[e]!), net.biasParam[v]!];
      const out = net.outEdges[v]!.map((e) => net.edgeParam[e]!);
      return {
        rows: [...idx, ...out],
        cols: [...idx, ...out],
        values: [...idx.map(() => 1), ...out.map(() => -1)],
      };
    });
    const r = gradientSteps(networkMse(net, 10, 11), createRng(11).normals(net.D, 0.8), {
      eta: 0.05,
      steps: 5,
      laws: perNeuron,
    });
    expect(r.maxIdentityResidual).toBeGreaterThan(1e-3);
  });

  it('attention (one head and three heads, cross-head laws included): full-batch GD and mini-batch SGD', () => {
    for (const [shape, seed] of [
      [{ d: 3, k: 2, v: 2, e: 3 }, 5],
      [{ d: 2, k: 1, v: 2, e: 3, heads: 3 }, 6],
    ] as const) {
      const lift = attentionLifting(shape);
      const laws = quadraticLaws(lift.knownLaws());
      const theta0 = createRng(seed).normals(lift.D, 0.7);
      const loss = liftingLoss(lift, 8, seed);
      expectIdentity(gradientSteps(loss, theta0, { eta: 0.05, steps: 30, laws }));
      expectIdentity(gradientSteps(loss, theta0, { eta: 0.05, steps: 30, laws, batchSize: 2, seed }));
    }
  });

  it('attention: the predicted drift of the Gram differences is η² (G_Qᵀ G_Q − G_Kᵀ G_K) and η² (G_Oᵀ G_O − G_Vᵀ G_V) (derived)', () => {
    const d = 3;
    const k = 2;
    const v = 2;
    const e = 3;
    const lift = attentionLifting({ d, k, v, e });
    const theta0 = createRng(7).normals(lift.D, 0.7);
    const loss = liftingLoss(lift, 4, 7);
    const eta = 0.1;
    const r = gradientSteps(loss, theta0, { eta, steps: 1, laws: quadraticLaws(lift.knownLaws()) });
    const g = new Float64Array(lift.D);
    loss.loss(theta0, g, Int32Array.of(0, 1, 2, 3));
    // Blocks of g in the θ layout: G_Q, G_K (d × k), G_V (d × v), G_O (e × v), row-major.
    const at = (off: number, cols: number) => (i: number, a: number) => g[off + i * cols + a]!;
    const GQ = at(0, k);
    const GK = at(d * k, k);
    const GV = at(2 * d * k, v);
    const GO = at(2 * d * k + d * v, v);
    const expected: number[] = [];
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += GQ(i, a) * GQ(i, b) - GK(i, a) * GK(i, b);
        expected.push(eta ** 2 * s);
      }
    }
    for (let a = 0; a < v; a++) {
      for (let b = a; b < v; b++) {
        let s = 0;
        for (let j = 0; j < e; j++) s += GO(j, a) * GO(j, b);
        for (let i = 0; i < d; i++) s -= GV(i, a) * GV(i, b);
        expected.push(eta ** 2 * s);
      }
    }
    expect(r.predictedDrift).toBeAllClose(expected, { rtol: 1e-13, atol: 1e-16 });
    expect(r.stepDrift).toBeAllClose(expected, { rtol: 1e-10, atol: 1e-15 });
  });
});
