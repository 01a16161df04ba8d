// Cost of one intrinsic metric evaluation K(z) G (Newton recovery of theta* included) against one
// theta-flow right-hand side Dphiᵀ ∇f(phi(theta)) (the baseline), on seeded networks.
// Run: npx vitest bench --run
import { initGaussian, parseNetwork } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import { bench, describe } from 'vitest';
import { pathIntrinsicModel, twoLayerReluModel } from '../src/index.js';

const cases = [
  { name: 'relu:3-4-2', net: parseNetwork('relu:3-4-2') },
  { name: 'relu:4-8-8-2', net: parseNetwork('relu:4-8-8-2') },
  {
    name: 'random DAG (skips, biases)',
    net: randomDag(createRng(1003), { layers: [2, 3], skipProbability: 0.4, biasProbability: 0.5 }),
  },
];

for (const { name, net } of cases) {
  const theta = initGaussian(net, { seed: 1, scale: 1, biasScale: 1 });
  const model = pathIntrinsicModel(net, theta);
  const lift = model.lifting;
  const rng = createRng(2);
  const G = rng.normals(lift.d);
  // two nearby points of the trajectory, alternated so that every call recovers theta* afresh
  // (as at the stages of a DOPRI5 step: z moves by ~1e-3 between calls)
  const za = lift.phi(theta);
  const zb = lift.phi(theta.map((x) => x + 1e-3 * rng.normal()));
  let flip = false;
  describe(`${name}: D = ${net.D}, d = ${lift.d}, |H| = ${net.hidden.length}`, () => {
    bench('baseline: theta-flow RHS, vjp(theta, grad f(phi(theta)))', () => {
      const z = lift.phi(theta);
      for (let p = 0; p < z.length; p++) z[p] = z[p]! - G[p]!;
      lift.vjp(theta, z);
    });
    bench('K(z) G with recovery of theta* (Gauss–Newton to the fibre, Newton on F(mu))', () => {
      flip = !flip;
      model.metricProduct(flip ? za : zb, G);
    });
    bench('K(z) G at a cached z (metricProduct of the lifting only)', () => {
      model.metricProduct(za, G);
    });
  });
}

describe('two-layer ReLU closed form (§4.1), 3 inputs, 4 hidden, 2 outputs', () => {
  const theta = createRng(3).normals(20);
  const model = twoLayerReluModel([3, 4, 2], theta);
  const z = model.lifting.phi(theta);
  const G = createRng(4).normals(24);
  bench('baseline: theta-flow RHS, vjp(theta, G)', () => {
    model.lifting.vjp(theta, G);
  });
  bench('K(z) G closed form', () => {
    model.metricProduct(z, G);
  });
});
