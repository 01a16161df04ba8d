import { type Network, type NetworkSpec, networkSpec, parseNetwork, rescalingSymmetries } from '@idyn/graph';
import { randomDag, tieParameters } from '@idyn/graph/testing';
import { pathLifting, polynomialLifting } from '@idyn/lifting';
import { createRng, modRank } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { checkCriteria } from './checkCriteria.js';
import { countLaws } from './countLaws.js';
import { countLawsCost } from './countLawsCost.js';
import { countNetworkLawsCost } from './countNetworkLawsCost.js';
import { countNetworkLaws } from './countNetworkLaws.js';
import { findLaws } from './findLaws.js';

/**
 * The `poly:` route, independent of @idyn/lifting's path tables: walk the JSON spec from every input
 * and every biased node to the outputs and write each path as a monomial text `t3*t3*t7` in
 * variables t0..t{D−1} (a fixed edge weight is a nonzero constant factor, which does not change the
 * span of the gradients, so it is left out). Then `polynomialLifting` parses the texts.
 */
function polyRoute(spec: NetworkSpec, D: number) {
  const out = new Map<string, { to: string; param?: number }[]>();
  for (const e of spec.edges) {
    if (!out.has(e.from)) out.set(e.from, []);
    out.get(e.from)!.push({ to: e.to, ...(e.param === undefined ? {} : { param: e.param }) });
  }
  const kind = new Map(spec.nodes.map((n) => [n.id, n.kind]));
  const texts: string[] = [];
  const walk = (id: string, factors: number[]) => {
    if (kind.get(id) === 'output')
      texts.push(factors.length === 0 ? '1' : factors.map((j) => `t${j}`).join('*'));
    for (const e of out.get(id) ?? []) walk(e.to, e.param === undefined ? factors : [...factors, e.param]);
  };
  for (const n of spec.nodes) {
    if (n.kind === 'input') walk(n.id, []);
    else if (n.biasParam !== undefined) walk(n.id, [n.biasParam]);
  }
  const names = Array.from({ length: D }, (_, j) => `t${j}`);
  return polynomialLifting(texts, names);
}

/** An indexed spec of any network (presets with sharing are indexed already; classic ones get 0..D−1). */
function indexedSpec(net: Network): NetworkSpec {
  const spec = networkSpec(net);
  spec.edges.forEach((e, i) => {
    if (net.edgeParam[i]! >= 0) e.param = net.edgeParam[i]!;
  });
  spec.nodes.forEach((n, v) => {
    if (net.biasParam[v]! >= 0) n.biasParam = net.biasParam[v]!;
  });
  return spec;
}

/** 24 convolution and residual configurations: channels, kernel, positions, stride, padding, biases, pools, 2-D. */
const CONFIGS = [
  'conv1d:4:1-2:2:1',
  'conv1d:4:1-2:2:1+bias',
  'conv1d:5:1-3:2:1',
  'conv1d:5:2-2:3:2+hbias',
  'conv1d:6:1-2:3:1:s2',
  'conv1d:5:1-2:3:1:p1+bias',
  'conv1d:6:1-2:2:1:pool5',
  'conv1d:7:1-2:2:2:pool3+bias',
  'conv1d:4:1-2-2:2:1',
  'conv1d:5:1-2-1:2:1+bias',
  'conv1d:5:2-1-2:2:1:linear',
  'conv1d:4:1-1-1-1:2:1+hbias',
  'conv1d:4:2-3-2:3:0:p1:res',
  'conv1d:4:2-3-2:3:0:p1',
  'conv1d:4:2-2-2:3:0:p1:res+bias',
  'conv1d:4:1-2-2-2:3:1:p1:res',
  'conv1d:4:1-2-2-2:3:1:p1',
  'conv1d:5:1-2-2-2:3:1:p1:res:linear',
  'conv2d:3x3:1-2:2x2:1',
  'conv2d:3x3:1-2:2x2:1+bias',
  'conv2d:5x3:1-2:2x2:1:pool2',
  'conv2d:3x3:2-1-1:2x2:1+bias',
  'conv2d:4x4:1-1-1:2x2:1:s2',
  'conv2d:3x3:1-2-1:3x3:0:p1:res',
];

describe('countNetworkLaws', () => {
  it('reproduces MATH.md §7: conv 1-D, L = 4, 1 → 2 channels, k = 2, readout to 1: D 10, dim Lie 8, 2 laws', () => {
    const net = parseNetwork('conv1d:4:1-2:2:1');
    for (const mode of ['blind', 'certify'] as const) {
      const r = countNetworkLaws(net, { mode });
      expect([r.D, r.rankJacobian, r.lieDim, r.laws], mode).toEqual([10, 8, 8, 2]);
      expect(r.method).toBe('lie-trace');
      expect(r.complete).toBe(true);
    }
    const s = countNetworkLaws(net, { method: 'rescaling' });
    expect([s.D, s.lieDim, s.laws, s.method]).toEqual([10, 8, 2, 'rescaling']);
  });

  it(`agrees with an independent poly: lifting and with the structural count on ${CONFIGS.length} conv/residual configurations`, () => {
    for (const preset of CONFIGS) {
      const net = parseNetwork(preset);
      const viaPoly = countLaws(polyRoute(indexedSpec(net), net.D), { points: 2 });
      const viaPaths = countLaws(pathLifting(net), { points: 2 });
      const structural = countNetworkLaws(net, { method: 'rescaling' });
      expect([viaPaths.laws, viaPaths.lieDim, viaPaths.rankJacobian], preset).toEqual([
        viaPoly.laws,
        viaPoly.lieDim,
        viaPoly.rankJacobian,
      ]);
      expect(structural.laws, preset).toBe(viaPoly.laws);
      expect(viaPoly.frobenius, preset).toBe(true);
      expect(structural.lawJacobianRank, preset).toBe(structural.knownLaws);
    }
  });

  it('agrees with the blind Lie trace on tied random DAGs with max-pools and fixed edges', () => {
    const rng = createRng(60);
    for (let i = 0; i < 25; i++) {
      const base = randomDag(rng, {
        layers: [1, 3],
        width: [1, 3],
        skipProbability: 0.3,
        identityProbability: 0.2,
        maxpoolProbability: 0.2,
        biasProbability: 0.4,
      });
      const net = tieParameters(rng, base, { fraction: 0.3 + 0.6 * rng.uniform(), fixedProbability: 0.15 });
      if (net.D === 0) continue;
      const trace = countLaws(pathLifting(net), { points: 2 });
      expect(rescalingSymmetries(net).count, `draw ${i}`).toBe(trace.laws);
      expect(trace.frobenius, `draw ${i}`).toBe(true);
    }
  });

  it('shows that shallow convolutional ReLU nets have exactly as many laws as hidden channels (blind trace)', () => {
    for (const [preset, channels] of [
      ['conv1d:5:1-1:2:1', 1],
      ['conv1d:5:1-3:2:1', 3],
      ['conv1d:6:2-2:3:2', 2],
      ['conv1d:6:1-2:2:1+bias', 2],
      ['conv1d:7:1-2:3:1:s2:p1', 2],
      ['conv1d:8:1-2:3:2:pool3', 2],
      ['conv2d:3x4:1-2:2x2:1', 2],
      ['conv2d:4x4:2-3:3x3:1:p1+hbias', 3],
    ] as const) {
      const r = countNetworkLaws(parseNetwork(preset), { mode: 'blind' });
      expect(r.method, preset).toBe('lie-trace');
      expect(r.laws, preset).toBe(channels);
      expect(r.complete, preset).toBe(true);
    }
  });

  it('shows that a residual block has the laws of the block without its parameter-free skip', () => {
    for (const [withSkip, without] of [
      ['conv1d:4:2-3-2:3:0:p1:res', 'conv1d:4:2-3-2:3:0:p1'],
      ['conv1d:5:1-2-1:3:0:p1:res+bias', 'conv1d:5:1-2-1:3:0:p1+bias'],
      ['conv2d:3x3:1-2-1:3x3:0:p1:res', 'conv2d:3x3:1-2-1:3x3:0:p1'],
    ] as const) {
      const a = countNetworkLaws(parseNetwork(withSkip), { mode: 'blind' });
      const b = countNetworkLaws(parseNetwork(without), { mode: 'blind' });
      expect([a.D, a.laws, a.lieDim], withSkip).toEqual([b.D, b.laws, b.lieDim]);
      // The very same law polynomials (the skip only adds constant coordinates).
      const la = findLaws(pathLifting(parseNetwork(withSkip)), { degree: 2 }).laws.map((l) => l.text);
      const lb = findLaws(pathLifting(parseNetwork(without)), { degree: 2 }).laws.map((l) => l.text);
      expect(la, withSkip).toEqual(lb);
    }
    // Inside a network the skip ties the stream's rescaling on both sides: stem channel c and block
    // output channel c form one group (2 + 2 laws instead of 2 + 2 + 2), by the trace and by the rule.
    const embedded = countNetworkLaws(parseNetwork('conv1d:4:1-2-2-2:3:1:p1:res'), { mode: 'blind' });
    expect([embedded.laws, embedded.knownLaws]).toEqual([4, 4]);
    expect(countNetworkLaws(parseNetwork('conv1d:4:1-2-2-2:3:1:p1'), { mode: 'blind' }).laws).toBe(6);
  });

  it('findLaws at degree 2 finds exactly the span of the channel laws, and the criteria hold at a random θ', () => {
    for (const preset of ['conv1d:4:1-2:2:1+bias', 'conv1d:4:1-2-2:2:1', 'conv2d:3x3:1-2:2x2:1:pool2']) {
      const net = parseNetwork(preset);
      const lift = pathLifting(net);
      const found = findLaws(lift, { degree: 2 }).laws.map((l) => l.polynomial);
      const known = lift.knownLaws();
      expect(found.length, preset).toBe(known.length);
      // Same span: the gradients of found ∪ known at a random integer point have rank K.
      const rng = createRng(61);
      const x = Array.from({ length: net.D }, () => rng.integer(1, 1000));
      const grad = (h: (typeof found)[number]) =>
        Array.from({ length: net.D }, (_, j) => Number(h.derivative(j).evaluate(x)));
      expect(modRank([...found, ...known].map(grad), net.D), preset).toBe(known.length);
      const theta = createRng(62).normals(net.D);
      const c = checkCriteria(lift, theta);
      expect([c.frobenius, c.lawsComplete, c.recoverable, c.intrinsic], preset).toEqual([
        true,
        true,
        true,
        'holds',
      ]);
    }
  });

  it('switches to the structural count above the limits and states the method (the 28×28 net is in bench/)', () => {
    const net = parseNetwork('conv2d:10x10:1-4-4:3x3:3+bias');
    const r = countNetworkLaws(net);
    expect(r.method).toBe('rescaling');
    expect(r.laws).toBe(8);
    expect(r.lawJacobianRank).toBe(8);
    expect(r.reason).toMatch(/above the Lie-trace limits/);
    expect(r.proof).toMatch(/structural count, no path enumerated/);
    expect(r.trace).toBeNull();
    // The same net forced through the trace (D small enough): the same count.
    const small = parseNetwork('conv2d:5x5:1-2-2:2x2:1+bias');
    expect(countNetworkLaws(small, { method: 'rescaling' }).laws).toBe(
      countNetworkLaws(small, { method: 'lie-trace' }).laws,
    );
  });

  it('rejects bad options', () => {
    const net = parseNetwork('conv1d:4:1-2:2:1');
    expect(() => countNetworkLaws(net, { method: 'fast' as 'auto' })).toThrow(/options\.method must be/);
    expect(() => countNetworkLaws(net, { maxD: 0 })).toThrow(/options\.maxD must be a positive integer/);
    expect(() => countNetworkLaws({} as Network)).toThrow(TypeError);
  });

  it('countNetworkLawsCost prices the method countNetworkLaws chooses: the trace as countLaws of the path-lifting, the structural count by its edges', () => {
    const small = parseNetwork('conv1d:4:1-2:2:1');
    expect(countNetworkLaws(small).method).toBe('lie-trace');
    const trace = countNetworkLawsCost(small);
    const direct = countLawsCost(pathLifting(small), { points: 3 });
    expect([trace.task, trace.work, trace.memoryBytes]).toEqual([
      'countNetworkLaws',
      direct.work,
      direct.memoryBytes,
    ]);
    // the same net forced to the structural count: 2500 operations per edge and per parameter
    const forced = countNetworkLawsCost(small, { method: 'rescaling' });
    expect(forced.sizes).toMatchObject({ D: small.D, edges: small.edgeParam.length, method: 0 });
    expect(forced.work).toBe(2500 * (small.edgeParam.length + small.D));
    // above the trace limits (auto): structural, linear in the edges, far below the trace's D³
    const big = parseNetwork('conv2d:10x10:1-4-4:3x3:3+bias');
    expect(countNetworkLaws(big).method).toBe('rescaling');
    const cost = countNetworkLawsCost(big);
    expect(cost.sizes).toMatchObject({ method: 0, edges: big.edgeParam.length });
    expect(cost.work).toBeLessThan(countLawsCost(pathLifting(big, { maxPaths: 1e7 }), { points: 3 }).work);
    expect(() => countNetworkLawsCost(small, { maxD: 0 })).toThrow(
      /countNetworkLawsCost: options\.maxD must be/,
    );
  });
});
