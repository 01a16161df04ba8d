// Cross-language comparison: forward + backward of a layered ReLU network in @idyn/graph vs numpy
// (dense matrix products, the best case for numpy). Both sides use the same sizes and repetitions
// and check that their outputs agree on a shared seeded input.
// Run: npx tsx --conditions=source bench/forward_numpy.ts
import { execFileSync } from 'node:child_process';
import { createRng } from '@idyn/linalg';
import { backward, forward, initGaussian, parseNetwork } from '../src/index.js';

const widths = [32, 64, 64, 10];
const batch = 512;
const reps = 20;
const net = parseNetwork(`relu:${widths.join('-')}`);
const theta = initGaussian(net, { seed: 1 });
const X = createRng(2).normals(batch * widths[0]!);
const G = createRng(3).normals(batch * widths.at(-1)!);

let t0 = performance.now();
let out = forward(net, theta, X, batch).outputs;
for (let r = 1; r < reps; r++) out = forward(net, theta, X, batch).outputs;
const tsForward = (performance.now() - t0) / reps;
t0 = performance.now();
for (let r = 0; r < reps; r++) backward(net, theta, X, batch, G);
const tsBackward = (performance.now() - t0) / reps;

const py = `
import json, sys, time
import numpy as np
d = json.loads(sys.stdin.read())
w, theta, X, G, batch, reps = d['widths'], np.array(d['theta']), np.array(d['X']), np.array(d['G']), d['batch'], d['reps']
Ws, o = [], 0
for l in range(1, len(w)):
    Ws.append(theta[o:o + w[l] * w[l-1]].reshape(w[l], w[l-1])); o += w[l] * w[l-1]
X = X.reshape(batch, w[0]); G = G.reshape(batch, w[-1])
def fwd():
    hs = [X]
    for l, W in enumerate(Ws):
        z = hs[-1] @ W.T
        hs.append(z if l == len(Ws) - 1 else np.maximum(z, 0))
    return hs
def bwd():
    hs = fwd(); a = G; grads = []
    for l in range(len(Ws) - 1, -1, -1):
        grads.append(a.T @ hs[l])
        a = a @ Ws[l]
        if l > 0: a = a * (hs[l] > 0)
    return grads
t0 = time.perf_counter()
for _ in range(reps): out = fwd()[-1]
tf = (time.perf_counter() - t0) / reps * 1e3
t0 = time.perf_counter()
for _ in range(reps): bwd()
tb = (time.perf_counter() - t0) / reps * 1e3
print(json.dumps({'forward_ms': tf, 'backward_ms': tb, 'out': out.ravel().tolist()}))
`;
const res = JSON.parse(
  execFileSync('python3', ['-c', py], {
    input: JSON.stringify({
      widths,
      theta: Array.from(theta),
      X: Array.from(X),
      G: Array.from(G),
      batch,
      reps,
    }),
    maxBuffer: 1 << 26,
  }).toString(),
) as { forward_ms: number; backward_ms: number; out: number[] };
let maxDiff = 0;
res.out.forEach((y, i) => {
  maxDiff = Math.max(maxDiff, Math.abs(y - out[i]!));
});
console.log(
  `relu:${widths.join('-')} (D = ${net.D}), batch ${batch}, ${reps} reps; max |out_ts - out_numpy| = ${maxDiff.toExponential(2)}`,
);
console.log(
  `forward : @idyn/graph ${tsForward.toFixed(2)} ms, numpy ${res.forward_ms.toFixed(2)} ms, ratio ${(tsForward / res.forward_ms).toFixed(1)}x`,
);
console.log(
  `backward: @idyn/graph ${tsBackward.toFixed(2)} ms, numpy ${res.backward_ms.toFixed(2)} ms (forward + backward), ratio ${(tsBackward / res.backward_ms).toFixed(1)}x`,
);
