import { countLaws } from '@idyn/conservation';
import { initGaussian, type Network, parseNetwork, rescalingLaws } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import { flipNeuron, twoLayerReluLifting } from '@idyn/lifting';
import { describe, expect, it } from 'vitest';
import { compareFlows, pathIntrinsicModel, recoverTheta, twoLayerReluMetric } from './index.js';

const dagOptions = { layers: [2, 3], skipProbability: 0.4, biasProbability: 0.5 } as const;

describe('pathIntrinsicModel: K(z) = M(theta*) (MATH.md §4.2)', () => {
  it('gives M(theta) G at z = Phi(theta) for theta on the leaf, from a representative elsewhere on the trajectory', () => {
    const net = parseNetwork('relu:2-3-2+bias');
    const theta0 = initGaussian(net, { seed: 11, scale: 1, biasScale: 1 });
    const model = pathIntrinsicModel(net, theta0);
    const rng = createRng(12);
    // theta1: theta0 moved a little, then put back on the leaf of theta0 by rescaling
    const moved = theta0.map((x) => x + 0.05 * rng.normal());
    const theta1 = recoverTheta(net, moved, model.laws).theta;
    const G = rng.normals(model.lifting.d);
    // expected: the lifting's own M(theta1) G (vjp then jvp)
    expect(model.metricProduct(model.lifting.phi(theta1), G)).toBeAllClose(
      model.lifting.metricProduct(theta1, G),
      {
        rtol: 1e-10,
        atol: 1e-12,
      },
    );
    expect(model.representative(model.lifting.phi(theta1))).toBeAllClose(theta1, {
      rtol: 1e-10,
      atol: 1e-12,
    });
    expect(model.stats.recoveries).toBeGreaterThan(0);
  });

  it('equals the closed form of §4.1 on a two-layer ReLU network (3 inputs, 4 hidden, 2 outputs)', () => {
    const net = parseNetwork('relu:3-4-2');
    const theta0 = initGaussian(net, { seed: 21, scale: 1 });
    const model = pathIntrinsicModel(net, theta0);
    // The preset's theta layout (W1 row-major, then W2 row-major) is twoLayerReluLifting's
    // (V rows, then U rows); z orders differ: map path x_i → h_j → y_a to block (j, a, i).
    const two = twoLayerReluLifting([3, 4, 2]);
    const perm = Array.from({ length: model.lifting.d }, (_, p) => {
      const nodes = model.lifting.path(p).nodes.map((v) => net.nodes[v]!.id);
      const [i, j, a] = [
        Number(nodes[0]!.slice(1)),
        Number(nodes[1]!.split('_')[1]),
        Number(nodes[2]!.slice(1)),
      ];
      return (j * 2 + a) * 3 + i;
    });
    const rng = createRng(22);
    const theta1 = recoverTheta(
      net,
      theta0.map((x) => x + 0.1 * rng.normal()),
      model.laws,
    ).theta;
    const z = model.lifting.phi(theta1);
    const G = rng.normals(model.lifting.d);
    const zTwo = new Float64Array(z.length);
    const GTwo = new Float64Array(z.length);
    perm.forEach((q, p) => {
      zTwo[q] = z[p]!;
      GTwo[q] = G[p]!;
    });
    expect(two.phi(theta1)).toBeAllClose(zTwo, { rtol: 1e-14 });
    const closed = twoLayerReluMetric(zTwo, GTwo, model.laws, [3, 4, 2]);
    const K = model.metricProduct(z, G);
    expect(Float64Array.from(perm, (q) => closed[q]!)).toBeAllClose(K, { rtol: 1e-10, atol: 1e-12 });
  });

  it('maps z back to theta(t) up to neuron signs whatever the order of the queries (K is a function of z)', () => {
    const net = randomDag(createRng(1003), dagOptions);
    const theta0 = initGaussian(net, { seed: 3, scale: 1, biasScale: 1 });
    const model = pathIntrinsicModel(net, theta0);
    const Y = createRng(3).normals(model.lifting.d);
    const times = [0, 0.2, 0.4, 0.6, 0.8, 1];
    const r = compareFlows(model, { loss: { type: 'synthetic', Y }, times });
    const D = net.D;
    const thetaAt = (i: number) => r.theta.subarray(i * D, (i + 1) * D);
    const G = createRng(4).normals(model.lifting.d);
    model.reset();
    // far jumps first (continuation from theta0 to t = 1), then back and forth: a far jump may land
    // on another sign branch (z does not see signs), which leaves K unchanged
    for (const i of [5, 1, 4, 0, 3, 2, 5]) {
      const z = model.lifting.phi(thetaAt(i));
      // expected: theta(t_i) of the theta-flow, the unique point of the leaf over z up to sign flips
      expect(canonicalSigns(net, model.representative(z))).toBeAllClose(canonicalSigns(net, thetaAt(i)), {
        rtol: 1e-9,
        atol: 1e-11,
      });
      expect(model.metricProduct(z, G)).toBeAllClose(model.lifting.metricProduct(thetaAt(i), G), {
        rtol: 1e-9,
        atol: 1e-11,
      });
    }
  });

  it('rejects max-pool networks, zero neurons and non-recoverable theta0, naming the cause', () => {
    expect(() => pathIntrinsicModel(parseNetwork('maxpool:2-4-2-1:1'), new Float64Array(12).fill(1))).toThrow(
      /hidden neuron "p2_0" is a max-pool/,
    );
    const net = parseNetwork('relu:1-2-1');
    expect(() => pathIntrinsicModel(net, [1, 0, 1, 0])).toThrow(/neuron "h1_1" has all its incident weights/);
    // h1_1 has a zero outgoing weight only: its incoming weight direction is invisible in z
    const wide = parseNetwork('relu:2-2-1');
    expect(() => pathIntrinsicModel(wide, [1, 2, 3, 4, 1, 0])).toThrow(/theta0 is not recoverable/);
    expect(() => pathIntrinsicModel(net, [1, 1, 1])).toThrow(/theta0 has length 3, expected D = 4/);
    expect(() => pathIntrinsicModel(net, [1, 1, 1, 1], { laws: [0] })).toThrow(/options.laws has length 1/);
  });
});

describe('compareFlows on ReLU DAGs: theta-flow vs intrinsic z-flow (MATH.md §3, §4.2, §5)', () => {
  it('agrees to <= 1e-9 on the two-layer ReLU network of §5 (2 outputs, 3 inputs, 4 hidden), T = 1.5', () => {
    const net = parseNetwork('relu:3-4-2');
    const theta0 = createRng(7).normals(20); // the seed of the closed-form test
    const Y = createRng(70).normals(24);
    const r = compareFlows(pathIntrinsicModel(net, theta0), {
      loss: { type: 'synthetic', Y },
      times: [0, 0.5, 1, 1.5],
    });
    expect(r.status).toEqual({ theta: 'success', intrinsic: 'success' });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9); // MATH.md §5: ~2e-11
    expect(r.recovery!.thetaDeviation).toBeLessThanOrEqual(1e-8);
    expect(r.recovery!.lawResidual).toBeLessThanOrEqual(1e-11);
  });

  it('agrees to <= 1e-8 at rtol 1e-11 on random DAGs with skips and biases (trajectories away from non-recoverable points)', () => {
    for (const seed of [2, 3, 8, 13]) {
      const net = randomDag(createRng(1000 + seed), dagOptions);
      const theta0 = initGaussian(net, { seed, scale: 1, biasScale: 1 });
      const model = pathIntrinsicModel(net, theta0);
      const Y = createRng(seed).normals(model.lifting.d);
      const r = compareFlows(model, {
        loss: { type: 'synthetic', Y },
        times: Array.from({ length: 11 }, (_, i) => i / 10),
        rtol: 1e-11,
        atol: 1e-12,
      });
      // precondition: no neuron's incoming or outgoing weights come near 0 along the theta-flow
      expect(r.neuronMargin!).toBeGreaterThan(1e-2);
      expect(net.hidden.length).toBeGreaterThanOrEqual(3);
      expect(r.maxDeviation).toBeLessThanOrEqual(1e-8);
      expect(r.recovery!.thetaDeviation).toBeLessThanOrEqual(1e-8);
      expect(r.lawDrift).toBeLessThanOrEqual(1e-9);
    }
  });

  it('agrees on networks with identity hidden neurons (linear layers, residual streams with skip edges)', () => {
    for (const preset of ['linear:2-3-2', 'resblock:2:2']) {
      const net = parseNetwork(preset);
      const model = pathIntrinsicModel(net, initGaussian(net, { seed: 4, scale: 1, biasScale: 1 }));
      const r = compareFlows(model, {
        loss: { type: 'synthetic', Y: createRng(5).normals(model.lifting.d) },
        times: [0, 0.5, 1],
      });
      expect(r.neuronMargin!).toBeGreaterThan(1e-2);
      expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
    }
  });

  it('carries neuron signs continuously: from a sign-flipped theta0 the recovered theta* follows the flipped trajectory', () => {
    const net = parseNetwork('relu:2-3-1+hbias');
    const theta0 = flipNeuron(net, initGaussian(net, { seed: 31, scale: 1, biasScale: 1 }), 'h1_1');
    const Y = createRng(32).normals(pathIntrinsicModel(net, theta0).lifting.d);
    const r = compareFlows(pathIntrinsicModel(net, theta0), {
      loss: { type: 'synthetic', Y },
      times: [0, 0.25, 0.5, 0.75, 1],
    });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
    expect(r.recovery!.thetaDeviation).toBeLessThanOrEqual(1e-8);
  });

  it('deviates visibly with a wrong h0 (negative control)', () => {
    const net = parseNetwork('relu:3-4-2');
    const theta0 = createRng(7).normals(20);
    const Y = createRng(70).normals(24);
    const wrong = rescalingLaws(net, theta0).map((h, i) => h + (i % 2 === 0 ? 1 : -1));
    const r = compareFlows(pathIntrinsicModel(net, theta0, { laws: wrong }), {
      loss: { type: 'synthetic', Y },
      tEnd: 1.5,
    });
    expect(r.maxDeviation).toBeGreaterThan(1e-2);
  });

  it('re-projects the theta-flow onto its leaf at output times without changing the agreement', () => {
    const net = parseNetwork('relu:2-3-2+bias');
    const theta0 = initGaussian(net, { seed: 41, scale: 1, biasScale: 1 });
    const model = pathIntrinsicModel(net, theta0);
    const Y = createRng(42).normals(model.lifting.d);
    const r = compareFlows(model, {
      loss: { type: 'synthetic', Y },
      times: [0, 0.25, 0.5, 0.75, 1],
      reprojectTheta: true,
    });
    expect(r.lawDrift).toBeLessThanOrEqual(1e-12);
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
  });

  it('follows a data loss (MSE) with the activation pattern of theta*, through pattern changes', () => {
    const net = parseNetwork('relu:2-4-1+hbias');
    const theta0 = initGaussian(net, { seed: 51, scale: 1, biasScale: 1 });
    const rng = createRng(52);
    const N = 12;
    const X = rng.normals(2 * N);
    const Y = rng.normals(N);
    const model = pathIntrinsicModel(net, theta0);
    // activation pattern changes along the theta-flow: count them on a fine grid
    const times = Array.from({ length: 21 }, (_, i) => i / 10);
    const r = compareFlows(model, { loss: { type: 'mse', X, Y, samples: N }, times });
    const patterns = new Set<string>();
    for (let i = 0; i < r.times.length; i++) {
      patterns.add(model.lifting.activations(r.theta.subarray(i * net.D, (i + 1) * net.D), X, N).join(''));
    }
    expect(patterns.size).toBeGreaterThan(1);
    expect(r.status.intrinsic).toBe('success');
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-7);
  });
});

describe('Frobenius rank on random DAGs (MATH.md §3, Theorem 3.1)', () => {
  it('rank DPhi = dim Lie = D − |H| and there are |H| laws, as counted by @idyn/conservation', () => {
    for (let seed = 0; seed < 6; seed++) {
      const net: Network = randomDag(createRng(2000 + seed), {
        ...dagOptions,
        layers: [1, 2],
        width: [1, 2],
      });
      const model = pathIntrinsicModel(net, initGaussian(net, { seed, scale: 1, biasScale: 1 }));
      const c = countLaws(model.lifting);
      expect(c.rankJacobian).toBe(net.D - net.hidden.length);
      expect(c.lieDim).toBe(c.rankJacobian);
      expect(c.laws).toBe(net.hidden.length);
      expect(c.frobenius).toBe(true);
    }
  });
});

/** theta with every hidden neuron flipped so that its first incoming parameter is >= 0 (topological order). */
function canonicalSigns(net: Network, theta: Float64Array): Float64Array {
  let t: Float64Array = Float64Array.from(theta);
  for (const v of net.topoOrder) {
    if (net.nodes[v]!.kind !== 'hidden') continue;
    const e = net.inEdges[v]![0];
    const p = e === undefined ? net.biasParam[v]! : net.edgeParam[e]!;
    if (t[p]! < 0) t = flipNeuron(net, t, v);
  }
  return t;
}
