import { createRng } from '@idyn/linalg';
import { bench, describe } from 'vitest';
import { backward } from '../src/backward.js';
import { forward } from '../src/forward.js';
import { initGaussian } from '../src/initGaussian.js';
import { parseNetwork } from '../src/parseNetwork.js';
import { randomDag } from '../src/randomDag.js';
import { rescaleToLaws } from '../src/rescaleToLaws.js';

// Baseline: a dense layer-by-layer evaluation with the weights as row-major matrices, the best case
// for a layered network; forward() walks the generic DAG adjacency instead.
function denseForward(widths: number[], theta: Float64Array, X: Float64Array, batch: number): Float64Array {
  let cur = X;
  let offset = 0;
  for (let l = 1; l < widths.length; l++) {
    const nIn = widths[l - 1]!;
    const nOut = widths[l]!;
    const next = new Float64Array(batch * nOut);
    for (let s = 0; s < batch; s++) {
      for (let i = 0; i < nOut; i++) {
        let z = 0;
        const w = offset + i * nIn;
        for (let j = 0; j < nIn; j++) z += theta[w + j]! * cur[s * nIn + j]!;
        next[s * nOut + i] = l === widths.length - 1 ? z : Math.max(0, z);
      }
    }
    offset += nIn * nOut;
    cur = next;
  }
  return cur;
}

for (const widths of [
  [8, 16, 16, 4],
  [32, 64, 64, 10],
]) {
  const net = parseNetwork(`relu:${widths.join('-')}`);
  const theta = initGaussian(net, { seed: 1 });
  const batch = 128;
  const X = createRng(2).normals(batch * widths[0]!);
  const G = createRng(3).normals(batch * widths.at(-1)!);
  describe(`relu:${widths.join('-')} (D = ${net.D}), batch ${batch}`, () => {
    bench('baseline: dense matrix forward', () => {
      denseForward(widths, theta, X, batch);
    });
    bench('forward', () => {
      forward(net, theta, X, batch);
    });
    bench('backward (forward + reverse pass)', () => {
      backward(net, theta, X, batch, G);
    });
  });
}

describe('rescaleToLaws on random DAGs (balancing)', () => {
  const net = randomDag(createRng(4), {
    layers: 6,
    width: [8, 12],
    skipProbability: 0.1,
    biasProbability: 0.5,
  });
  const theta = initGaussian(net, { seed: 5, biasScale: 1 });
  bench(`rescaleToLaws, ${net.lawNodes.length} law neurons, D = ${net.D}`, () => {
    rescaleToLaws(net, theta);
  });
});
