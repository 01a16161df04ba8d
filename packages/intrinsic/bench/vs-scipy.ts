// Cross-language comparison: the theta-flow and the intrinsic z-flow of @idyn/intrinsic against
// scipy's solve_ivp theta-flow (../shared/peers/flow_scipy.py) on a layered ReLU network with an
// MSE data loss. Prints the agreement of z(T) and the wall-clock ratios.
// Run: npx tsx --conditions=source bench/vs-scipy.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initGaussian, mseGradient, parseNetwork } from '@idyn/graph';
import { integrate } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import { compareFlows, pathIntrinsicModel } from '../src/index.js';

const peer = process.env.IDYN_PEERS ?? resolve(import.meta.dirname, '../../../../shared/peers');
const dims = [3, 6, 2];
const net = parseNetwork(`relu:${dims.join('-')}+bias`); // weights W_1, W_2 row-major, then b_1, b_2
const theta0 = initGaussian(net, { seed: 5, scale: 1, biasScale: 1 });
const N = 16;
const rng = createRng(6);
const X = rng.normals(N * dims[0]!);
const Yd = rng.normals(N * dims[2]!);
const T = 1;
const rtol = 1e-10;
const atol = 1e-12;

const dir = mkdtempSync(join(tmpdir(), 'idyn-intrinsic-'));
const runPeer = (method: string) => {
  const file = join(dir, `${method}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      model: 'mlp-relu',
      dims,
      bias: true,
      theta: Array.from(theta0),
      X: Array.from(X),
      Yd: Array.from(Yd),
      samples: N,
      T,
      rtol,
      atol,
      method,
    }),
  );
  const t0 = performance.now();
  const out = JSON.parse(execFileSync('python3', [join(peer, 'flow_scipy.py'), file], { encoding: 'utf8' }));
  return { ...out, wall: (performance.now() - t0) / 1000 };
};

const model = pathIntrinsicModel(net, theta0);
const lift = model.lifting;
let t0 = performance.now();
const r = compareFlows(model, { loss: { type: 'mse', X, Y: Yd, samples: N }, times: [0, T], rtol, atol });
const both = (performance.now() - t0) / 1000;
// the theta-flow alone, for a like-for-like timing with scipy
t0 = performance.now();
const th = integrate(
  {
    dim: net.D,
    rhs: (_t, y, dy) => {
      const g = mseGradient(net, y, X, Yd, N).gradTheta;
      for (let k = 0; k < net.D; k++) dy[k] = -g[k]!;
    },
  },
  theta0,
  { times: [0, T], rtol, atol },
);
const thetaSeconds = (performance.now() - t0) / 1000;
const zT = r.zIntrinsic.subarray(lift.d);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
console.log(
  `network relu:${dims.join('-')}+bias, D = ${net.D}, d = ${lift.d}, N = ${N}, T = ${T}, rtol ${rtol}`,
);
console.log(`idyn theta-flow (DOPRI5): ${thetaSeconds.toFixed(3)} s, nfev ${th.stats.nfev}`);
console.log(
  `idyn compareFlows (theta-flow + z-flow with recovery): ${both.toFixed(3)} s, nfev ${r.stats.theta.nfev} + ${r.stats.intrinsic.nfev}, deviation ${r.maxDeviation.toExponential(2)}`,
);
for (const method of ['RK45', 'DOP853']) {
  const s = runPeer(method);
  const zScipy = lift.phi(s.theta);
  console.log(
    `scipy ${method}: ${s.seconds.toFixed(3)} s in solve_ivp (${s.wall.toFixed(2)} s with interpreter start), nfev ${s.nfev}; ` +
      `|z_scipy(T) − z_intrinsic(T)| = ${maxDiff(zScipy, zT).toExponential(2)}, |theta_scipy − theta_idyn| = ${maxDiff(s.theta, th.y.subarray(net.D)).toExponential(2)}; ` +
      `ratio scipy/idyn theta-flow ${(s.seconds / thetaSeconds).toFixed(1)}x, scipy/idyn z-flow+theta-flow ${(s.seconds / both).toFixed(2)}x`,
  );
}
