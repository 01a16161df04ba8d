import { parseNetwork } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import { formatPolynomial, parsePolynomial } from '@idyn/poly';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseJacobian, denseMetricProduct, fdJacobian, mulJ, mulJt } from '../test/checks.js';
import { arbNetCase, netCase } from '../test/randomNets.js';
import { countPaths } from './countPaths.js';
import { flipNeuron } from './flipNeuron.js';
import { matrixProductLifting } from './matrixProductLifting.js';
import { sparseToDense } from './internal/buildLifting.js';
import { pathLifting } from './pathLifting.js';
import { rescaleNeuron } from './rescaleNeuron.js';

describe('pathLifting on presets', () => {
  it('relu:1-2-1 has the two paths w(x0→h1_i) w(h1_i→y0) (MATH.md §1, layered closed form)', () => {
    const net = parseNetwork('relu:1-2-1');
    const lift = pathLifting(net);
    expect(lift.zLabels).toEqual(['x0→h1_0→y0', 'x0→h1_1→y0']);
    // theta = (w(x0→h1_0), w(x0→h1_1), w(h1_0→y0), w(h1_1→y0))
    expect(lift.phi([2, 3, 5, 7])).toBeAllClose([10, 21]);
  });

  it('counts paths from inputs, hidden biases and length-0 output-bias paths: relu:2-3-2+bias has 12 + 6 + 2', () => {
    const net = parseNetwork('relu:2-3-2+bias');
    const c = countPaths(net);
    expect(c.fromInputs).toBe(12n);
    expect(c.fromBiases).toBe(8n);
    expect(c.total).toBe(20n);
    const lift = pathLifting(net);
    expect(lift.d).toBe(20);
    expect(lift.zLabels).toContain('b(y1)');
    expect(lift.zLabels).toContain('b(h1_2)→y0');
    const k = lift.zLabels.indexOf('b(y1)');
    expect(lift.path(k)).toEqual({
      start: 'bias',
      nodes: [net.nodeIndex.get('y1')],
      edges: [],
      params: [net.biasParam[net.nodeIndex.get('y1')!]],
    });
  });

  it('edges into a max-pool neuron carry the fixed weight 1', () => {
    const net = parseNetwork('maxpool:2-4-2-1:2');
    const lift = pathLifting(net);
    for (let p = 0; p < lift.d; p++) {
      const { edges, params, start } = lift.path(p);
      const weighted = edges.filter((e) => net.edgeParam[e]! >= 0).length;
      expect(params.length).toBe(weighted + (start === 'bias' ? 1 : 0));
      expect(edges.length - weighted).toBe(1); // exactly one edge into the pool layer per path
    }
  });

  it('summing Phi over the paths x_b → … → y_a of linear:2-3-3-2 gives the matrix product U3 U2 U1 (same theta layout)', () => {
    const net = parseNetwork('linear:2-3-3-2');
    const lift = pathLifting(net);
    const prod = matrixProductLifting([2, 3, 3, 2]);
    expect(lift.D).toBe(prod.D);
    const theta = createRng(41).normals(lift.D);
    const z = lift.phi(theta);
    const summed = new Float64Array(4);
    for (let p = 0; p < lift.d; p++) {
      const { nodes } = lift.path(p);
      const b = net.inputs.indexOf(nodes[0]!);
      const a = net.outputs.indexOf(nodes[nodes.length - 1]!);
      summed[a * 2 + b]! += z[p]!;
    }
    expect(summed).toBeAllClose(prod.phi(theta));
  });

  it('each sparse Jacobian row has one entry per factor of its path, at most depth + 1', () => {
    const net = parseNetwork('relu:2-3-3-2+bias');
    const lift = pathLifting(net);
    const J = lift.jacobianSparse!(createRng(42).normals(lift.D));
    for (let p = 0; p < lift.d; p++) {
      const nnz = J.rowPtr[p + 1]! - J.rowPtr[p]!;
      expect(nnz).toBe(lift.path(p).params.length);
      expect(nnz).toBeLessThanOrEqual(4); // depth 3 (edges) + 1 (bias)
    }
  });

  it('throws a BudgetError above maxPaths with the exact count (a bigint) and the option', () => {
    const net = parseNetwork('relu:10-10-10-10-10-10-10');
    expect(countPaths(net).total).toBe(10n ** 7n);
    expect(() => pathLifting(net)).toThrow(
      /needs 10000000 paths \(.*\), above the budget of 1000000 paths \(maxPaths\)/,
    );
    expect(() => pathLifting(net)).toThrow(
      expect.objectContaining({
        name: 'BudgetError',
        option: 'maxPaths',
        value: 10n ** 7n,
        limit: 1_000_000,
      }),
    );
    expect(() => pathLifting(parseNetwork('relu:2-3-2'), { maxPaths: 11 })).toThrow(/needs 12 paths/);
    expect(() => pathLifting(parseNetwork('relu:2-3-2'), { maxPaths: 0 })).toThrow(
      /maxPaths must be a positive integer/,
    );
  });

  it('counts more than 2^53 paths exactly with BigInt (a deep dense net)', () => {
    // relu:8-8-...-8 with 20 hidden layers: 8^22 paths from inputs (layered closed form Π widths)
    const net = parseNetwork(`relu:${Array(22).fill(8).join('-')}`);
    expect(countPaths(net).total).toBe(8n ** 22n);
  });
});

describe('pathLifting on random DAGs (shared generator)', () => {
  it('the path count formula equals the number of enumerated paths', () => {
    fc.assert(
      fc.property(arbNetCase(), ({ net }) => {
        const c = countPaths(net);
        const lift = pathLifting(net);
        expect(BigInt(lift.d)).toBe(c.total);
        expect(BigInt(lift.zLabels.filter((l) => !l.startsWith('b(')).length)).toBe(c.fromInputs);
        expect(new Set(lift.zLabels).size).toBe(lift.d);
      }),
      { numRuns: 40 },
    );
  });

  it('the sparse Jacobian equals central finite differences and jvp/vjp/M G equal dense products', () => {
    fc.assert(
      fc.property(arbNetCase(), ({ net, theta, seed }) => {
        const lift = pathLifting(net);
        const J = sparseToDense(lift.jacobianSparse!(theta));
        expect(J).toBeAllClose(fdJacobian(lift, theta), { rtol: 1e-6, atol: 1e-7 });
        expect(denseJacobian(lift, theta)).toBeAllClose(J);
        const rng = createRng(seed + 1);
        const v = rng.normals(lift.D);
        const G = rng.normals(lift.d);
        expect(lift.jvp(theta, v)).toBeAllClose(mulJ(J, lift.d, lift.D, v));
        expect(lift.vjp(theta, G)).toBeAllClose(mulJt(J, lift.d, lift.D, G));
        expect(lift.metricProduct(theta, G)).toBeAllClose(denseMetricProduct(J, lift.d, lift.D, G));
      }),
      { numRuns: 30 },
    );
  });

  it('∂Phi_p/∂theta_e is the product of the other factors even where theta has zeros (vs exact polynomial derivatives)', () => {
    fc.assert(
      fc.property(arbNetCase(), ({ net, theta, seed }) => {
        const lift = pathLifting(net);
        const rng = createRng(seed + 2);
        const t = theta.map((x) => (rng.uniform() < 0.3 ? 0 : Math.round(4 * x)));
        const J = sparseToDense(lift.jacobianSparse!(t));
        const polys = lift.polynomials();
        const exact = new Float64Array(lift.d * lift.D);
        polys.forEach((p, r) => {
          for (let k = 0; k < lift.D; k++) exact[r * lift.D + k] = p.derivative(k).evaluate(t);
        });
        expect(J).toBeAllClose(exact, { rtol: 0, atol: 0 });
        expect(lift.vjp(t, new Float64Array(lift.d).fill(1))).toBeAllClose(
          mulJt(exact, lift.d, lift.D, new Float64Array(lift.d).fill(1)),
          { rtol: 0, atol: 0 },
        );
      }),
      { numRuns: 25 },
    );
  });

  it('polynomials() evaluated at theta equal phi(theta)', () => {
    fc.assert(
      fc.property(arbNetCase(), ({ net, theta }) => {
        const lift = pathLifting(net);
        expect(lift.polynomials().map((p) => p.evaluate(theta))).toBeAllClose(lift.phi(theta));
      }),
      { numRuns: 25 },
    );
  });

  it('polynomials and laws print with the network parameter names and parse back to the same polynomials', () => {
    const { net } = netCase(17);
    const lift = pathLifting(net);
    const ascii = [...net.paramNamesAscii];
    for (const p of [...lift.polynomials().slice(0, 5), ...lift.knownLaws()]) {
      const text = formatPolynomial(p, ascii, { style: 'ascii' });
      expect(parsePolynomial(text, { variables: ascii }).equals(p)).toBe(true);
    }
    const z0 = formatPolynomial(lift.polynomials()[0]!, ascii, { style: 'ascii' });
    for (const k of lift.path(0).params) expect(z0).toContain(ascii[k]);
  });

  it('knownLaws h_v are conserved (gradients orthogonal to the Jacobian rows) and equal lawValues', () => {
    fc.assert(
      fc.property(arbNetCase(), ({ net, theta }) => {
        const lift = pathLifting(net);
        const laws = lift.knownLaws();
        expect(laws.length).toBe(net.lawNodes.length);
        expect(laws.map((h) => h.evaluate(theta))).toBeAllClose(lift.lawValues(theta));
        const J = denseJacobian(lift, theta);
        for (const h of laws) {
          const grad = Float64Array.from({ length: lift.D }, (_, k) => h.derivative(k).evaluate(theta));
          expect(mulJ(J, lift.d, lift.D, grad)).toBeAllClose(new Float64Array(lift.d), { atol: 1e-12 });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('Phi is invariant under positive rescaling of a hidden neuron (MATH.md §5)', () => {
    fc.assert(
      fc.property(
        arbNetCase(),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.nat(),
        ({ net, theta }, c, pick) => {
          fc.pre(net.lawNodes.length > 0);
          const v = net.lawNodes[pick % net.lawNodes.length]!;
          const lift = pathLifting(net);
          const moved = rescaleNeuron(net, theta, v, c);
          expect(lift.phi(moved)).toBeAllClose(lift.phi(theta), { rtol: 1e-12, atol: 1e-14 });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('Phi, the laws h and M are invariant under a whole-neuron sign flip (MATH.md §5)', () => {
    fc.assert(
      fc.property(arbNetCase(), fc.nat(), ({ net, theta, seed }, pick) => {
        fc.pre(net.lawNodes.length > 0);
        const v = net.lawNodes[pick % net.lawNodes.length]!;
        const lift = pathLifting(net);
        const flipped = flipNeuron(net, theta, v);
        expect(flipped).not.toBeAllClose(theta);
        expect(lift.phi(flipped)).toBeAllClose(lift.phi(theta), { rtol: 0, atol: 0 });
        expect(lift.lawValues(flipped)).toBeAllClose(lift.lawValues(theta), { rtol: 0, atol: 0 });
        const G = createRng(seed + 3).normals(lift.d);
        expect(lift.metricProduct(flipped, G)).toBeAllClose(lift.metricProduct(theta, G), {
          rtol: 1e-12,
          atol: 1e-12,
        });
      }),
      { numRuns: 40 },
    );
  });

  it('rescaleNeuron and flipNeuron reject unknown or non-rescalable neurons and c <= 0', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(rescaleNeuron(net, [2, 3], 'h1_0', 4)).toBeAllClose([8, 0.75]);
    expect(flipNeuron(net, [2, 3], 'h1_0')).toBeAllClose([-2, -3]);
    expect(() => rescaleNeuron(net, [2, 3], 'x0', 2)).toThrow(
      /node "x0" \(input, identity\) is not a hidden/,
    );
    expect(() => rescaleNeuron(net, [2, 3], 'h1_0', 0)).toThrow(/c must be a finite number > 0, got 0/);
    expect(() => flipNeuron(net, [2, 3], 'nope')).toThrow(/no node with id "nope"/);
    expect(() => flipNeuron(net, [2], 'h1_0')).toThrow(/theta has length 1, expected D = 2/);
    const pool = parseNetwork('maxpool:2-4-2-1:2');
    expect(() => rescaleNeuron(pool, new Float64Array(pool.D), 'h1_0', 2)).toThrow(/lawNodes/);
  });

  it('validates its arguments', () => {
    expect(() => pathLifting({} as never)).toThrow(TypeError);
    const lift = pathLifting(parseNetwork('relu:2-3-2'));
    expect(() => lift.phi(new Float64Array(11))).toThrow(/theta has length 11, expected D = 12/);
    expect(() => lift.activations(new Float64Array(12), [1], 1)).toThrow(
      /X has length 1, expected batch \* nIn = 2/,
    );
    expect(() => lift.path(12)).toThrow(RangeError);
  });
});
