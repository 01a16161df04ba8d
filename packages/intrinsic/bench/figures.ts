// Measured agreements of @idyn/intrinsic against the reference values of MATH.md §5.
// Run: npx tsx --conditions=source bench/figures.ts
import { initGaussian, parseNetwork, rescalingLaws } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import { relaxedBalancedTwoLayer } from '@idyn/linear-ode';
import { compareFlows, pathIntrinsicModel, twoLayerLinearModel, twoLayerReluModel } from '../src/index.js';

const e = (x: number) => x.toExponential(2);
const row = (label: string, r: ReturnType<typeof compareFlows>, ref: string) => {
  const rec = r.recovery;
  console.log(
    `${label.padEnd(58)} deviation ${e(r.maxDeviation)}  lawDrift ${e(r.lawDrift)}` +
      (rec ? `  theta* − theta ${e(rec.thetaDeviation)}  recoveries ${rec.stats.recoveries}` : '') +
      `  nfev ${r.stats.theta.nfev}/${r.stats.intrinsic.nfev}  [${ref}]`,
  );
};

const theta2 = createRng(7).normals(20);
const Y2 = createRng(7).normals(44).subarray(20);
row(
  'two-layer ReLU 3-4-2, closed form §4.1, T = 1.5',
  compareFlows(twoLayerReluModel([3, 4, 2], theta2), {
    loss: { type: 'synthetic', Y: Y2 },
    tEnd: 1.5,
  }),
  '§5: ~2e-11',
);
row(
  'two-layer ReLU 3-4-2, general recovery §4.2, T = 1.5',
  compareFlows(pathIntrinsicModel(parseNetwork('relu:3-4-2'), theta2), {
    loss: { type: 'synthetic', Y: createRng(70).normals(24) },
    tEnd: 1.5,
  }),
  '§5: ~2e-11',
);
for (const seed of [2, 3, 8, 13]) {
  const net = randomDag(createRng(1000 + seed), {
    layers: [2, 3],
    skipProbability: 0.4,
    biasProbability: 0.5,
  });
  const model = pathIntrinsicModel(net, initGaussian(net, { seed, scale: 1, biasScale: 1 }));
  const r = compareFlows(model, {
    loss: { type: 'synthetic', Y: createRng(seed).normals(model.lifting.d) },
    times: Array.from({ length: 11 }, (_, i) => i / 10),
  });
  row(
    `random DAG seed ${seed} (D ${net.D}, d ${model.lifting.d}, |H| ${net.hidden.length}), T = 1`,
    r,
    'issue: ≤ 1e-8',
  );
}
const net = parseNetwork('relu:3-4-2');
const wrong = rescalingLaws(net, theta2).map((h, i) => h + (i % 2 === 0 ? 1 : -1));
row(
  'negative control: wrong h0 (±1), T = 1.5',
  compareFlows(pathIntrinsicModel(net, theta2, { laws: wrong }), {
    loss: { type: 'synthetic', Y: createRng(70).normals(24) },
    tEnd: 1.5,
  }),
  'visible',
);
const { U, V } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed: 1 });
row(
  'two-layer linear relaxed balanced (3,3,2,0.7), T = 2',
  compareFlows(twoLayerLinearModel([2, 3, 3], [...U.to1DArray(), ...V.to1DArray()]), {
    loss: { type: 'synthetic', Y: createRng(2).normals(6) },
    tEnd: 2,
  }),
  '§5: ~1e-12',
);
row(
  'negative control: generic linear (3,2,3), forced, T = 2',
  compareFlows(twoLayerLinearModel([3, 2, 3], createRng(3).normals(12), { validate: false }), {
    loss: { type: 'synthetic', Y: createRng(4).normals(9) },
    tEnd: 2,
  }),
  '§5: O(0.1)',
);
const mse = parseNetwork('relu:2-4-1+hbias');
const rng = createRng(52);
const X = rng.normals(24);
const Yd = rng.normals(12);
row(
  'MSE data loss relu:2-4-1+hbias, 12 samples, T = 2',
  compareFlows(pathIntrinsicModel(mse, initGaussian(mse, { seed: 51, scale: 1, biasScale: 1 })), {
    loss: { type: 'mse', X, Y: Yd, samples: 12 },
    times: Array.from({ length: 21 }, (_, i) => i / 10),
  }),
  'pattern changes',
);
