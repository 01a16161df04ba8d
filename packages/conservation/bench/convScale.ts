/**
 * Scale benchmark of MATH.md §7 on a conv net on 28×28 inputs with two layers of 8 channels
 * (`conv2d:28x28:1-8-8:3x3:10`, and its pooled `+bias` variant): everything that works without
 * enumerating paths — exact path count, path-norm and its gradient, ∂ΦᵀG by backpropagation, the
 * law count (structural, with its method stated) and a gradient flow with a law monitor.
 *
 * Run: npx tsx --conditions=source bench/convScale.ts [--reps 3]
 * Figures are medians of `reps` repetitions (the machine is shared); the baseline is one forward
 * pass of `@idyn/graph` on the same batch.
 */
import { forward, initGaussian, mseGradient, parseNetwork, symmetryLaws } from '@idyn/graph';
import { gradientFlow } from '@idyn/integrators';
import { countPaths, pathCotangentVjp, pathNorm } from '@idyn/lifting';
import { createRng } from '@idyn/linalg';
import { countNetworkLaws } from '../src/countNetworkLaws.js';

const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1] ?? 3) || 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(f: () => T): { value: T; ms: number } {
  const ms: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    value = f();
    ms.push(performance.now() - t0);
  }
  return { value: value as T, ms: median(ms) };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

for (const preset of ['conv2d:28x28:1-8-8:3x3:10', 'conv2d:28x28:1-8-8:3x3:10:pool2+bias']) {
  const build = time(() => parseNetwork(preset));
  const net = build.value;
  const rng = createRng(1);
  const theta = initGaussian(net, { seed: 1, biasScale: 0.1 });
  const batch = 16;
  const X = rng.normals(batch * net.inputs.length);
  const C = rng.normals(batch * net.outputs.length);
  console.log(`\n${preset}: ${net.nodes.length} nodes, ${net.edges.length} edges, D = ${net.D}`);
  console.log(`  build (parseNetwork)           ${fmt(build.ms)}`);
  const paths = time(() => countPaths(net).total);
  console.log(`  countPaths (exact, BigInt)     ${fmt(paths.ms)}   ${paths.value} paths`);
  const fwd1 = time(() => forward(net, theta, X.subarray(0, net.inputs.length), 1));
  const fwd = time(() => forward(net, theta, X, batch));
  for (const q of [1, 2]) {
    const v = time(() => pathNorm(net, theta, { q, gradient: false }));
    const g = time(() => pathNorm(net, theta, { q }));
    console.log(
      `  pathNorm q=${q} value / +gradient ${fmt(v.ms)} / ${fmt(g.ms)}   (${(v.ms / fwd1.ms).toFixed(1)}× / ${(g.ms / fwd1.ms).toFixed(1)}× a 1-sample forward, ${fmt(fwd1.ms)}); ‖Φ‖_${q}^${q} = ${v.value.value.toExponential(4)}`,
    );
  }
  const vjp = time(() => pathCotangentVjp(net, theta, X, C, batch));
  console.log(
    `  ∂ΦᵀG, batch ${batch}                ${fmt(vjp.ms)}   (${(vjp.ms / fwd.ms).toFixed(1)}× a forward on the batch, ${fmt(fwd.ms)})`,
  );
  // rescalingSymmetries is cached per network: time each repetition on a freshly built one.
  const fresh = Array.from({ length: reps }, () => parseNetwork(preset));
  let rep = 0;
  const laws = time(() => countNetworkLaws(fresh[rep++]!));
  const r = laws.value;
  console.log(
    `  countNetworkLaws               ${fmt(laws.ms)}   ${r.laws} laws, dim Lie = rank DΦ = ${r.lieDim}, method '${r.method}'`,
  );
  console.log(`    reason: ${r.reason}`);
  console.log(`    proof: ${r.proof}`);

  // A gradient flow with the channel-law monitor: adaptive DOPRI5 on a short horizon, inputs of
  // scale 0.1. Longer horizons cross ReLU kinks of some of the ~10^4 neurons (the right-hand side is
  // discontinuous there) and the adaptive step grinds: T = 0.05 at rtol 1e-9 hit 2 400 evaluations.
  const Xf = X.subarray(0, 8 * net.inputs.length).map((x) => 0.1 * x);
  const Y = rng.normals(8 * net.outputs.length);
  let evals = 0;
  const loss = (t: Float64Array, g: Float64Array) => {
    evals++;
    const m = mseGradient(net, t, Xf, Y, 8);
    g.set(m.gradTheta);
    return m.loss;
  };
  const t0 = performance.now();
  const flow = gradientFlow(loss, theta, {
    times: [0, 0.005, 0.01],
    rtol: 1e-8,
    atol: 1e-10,
    maxSteps: 2000,
    laws: (t) => symmetryLaws(net, t),
  });
  const flowMs = performance.now() - t0;
  const h0 = symmetryLaws(net, theta);
  const scale = Math.max(...Array.from(h0, Math.abs));
  console.log(
    `  gradientFlow dopri5 T=0.01     ${fmt(flowMs)}   ${flow.status}, ${evals} gradient evaluations (batch 8), loss ${flow.loss[0]!.toFixed(4)} → ${flow.loss[flow.loss.length - 1]!.toFixed(4)}, max drift of the ${flow.lawCount} channel laws ${flow.maxLawDrift.toExponential(2)} (max |h| ${scale.toExponential(2)})`,
  );
}
