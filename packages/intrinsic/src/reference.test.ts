import { readFileSync } from 'node:fs';
import { parseNetwork } from '@idyn/graph';
import { describe, expect, it } from 'vitest';
import { compareFlows, pathIntrinsicModel, scalarChainMetric, twoLayerReluModel } from './index.js';

// Produced by test/fixtures/intrinsic_reference.py (numpy/scipy DOP853 at rtol 1e-13).
const ref = JSON.parse(
  readFileSync(new URL('../test/fixtures/intrinsic_reference.json', import.meta.url), 'utf8'),
);

describe('reference values of test/fixtures/intrinsic_reference.py', () => {
  const two = ref.twoLayerRelu;
  const flat = (rows: number[][]) => rows.flat();

  it('two-layer ReLU (3 inputs, 4 hidden, 2 outputs): both flows match scipy’s theta-flow and §4.1 ODE', () => {
    const r = compareFlows(twoLayerReluModel([3, 4, 2], two.theta0), {
      loss: { type: 'synthetic', Y: two.Y },
      times: two.times,
    });
    expect(r.zTheta).toBeAllClose(flat(two.zTheta), { rtol: 1e-9, atol: 1e-10 });
    expect(r.zIntrinsic).toBeAllClose(flat(two.zIntrinsic), { rtol: 1e-9, atol: 1e-10 });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
  });

  it('the general path model on relu:3-4-2 (same theta layout) matches scipy’s §4.1 ODE', () => {
    const net = parseNetwork('relu:3-4-2');
    const model = pathIntrinsicModel(net, two.theta0);
    // z order of the path-lifting differs from the block order: compare through phi(theta(t))
    const r = compareFlows(model, {
      loss: { type: 'function', gradient: gradientInBlockOrder(model, two.Y) },
      times: two.times,
    });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
    const D = net.D;
    const blocks = r.times.length;
    for (let i = 0; i < blocks; i++) {
      const theta = r.theta.subarray(i * D, (i + 1) * D);
      const zBlock = toBlockOrder(model, model.lifting.phi(theta));
      expect(zBlock).toBeAllClose(two.zIntrinsic[i], { rtol: 1e-9, atol: 1e-10 });
    }
  });

  it('scalar chain: b and M equal numpy’s cubic root and (vw)² + (uw)² + (uv)²', () => {
    for (const c of ref.scalarChain) {
      const r = scalarChainMetric(c.z, c.delta1, c.delta2);
      expect(r.b).toBeAllClose(c.b, { rtol: 1e-10, atol: 1e-13 });
      expect(r.metric).toBeAllClose(c.metric, { rtol: 1e-10 });
    }
  });
});

type PathModel = ReturnType<typeof pathIntrinsicModel>;

/** Index in block order (j, a, i) of each path x_i → h1_j → y_a. */
function blockIndex(model: PathModel): number[] {
  const ids = model.network.nodes.map((n) => n.id);
  return Array.from({ length: model.lifting.d }, (_, p) => {
    const [x, h, y] = model.lifting.path(p).nodes.map((v) => ids[v]!);
    return (Number(h!.split('_')[1]) * 2 + Number(y!.slice(1))) * 3 + Number(x!.slice(1));
  });
}

function toBlockOrder(model: PathModel, z: Float64Array): Float64Array {
  const out = new Float64Array(z.length);
  blockIndex(model).forEach((q, p) => {
    out[q] = z[p]!;
  });
  return out;
}

function gradientInBlockOrder(model: PathModel, Y: number[]) {
  const idx = blockIndex(model);
  return (z: Float64Array) => Float64Array.from(idx, (q, p) => z[p]! - Y[q]! + 0.1 * z[p]! ** 3);
}
