import { initGaussian, mseGradient, parseNetwork, symmetryLaws } from '@idyn/graph';
import { gradientFlow } from '@idyn/integrators';
import { pathCotangentVjp } from '@idyn/lifting';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';

/** MSE loss of a network on a fixed batch, through @idyn/graph's gradient (shared edges accumulate). */
function mseLoss(preset: string, seed: number, batch: number) {
  const net = parseNetwork(preset);
  const rng = createRng(seed);
  const X = rng.normals(batch * net.inputs.length);
  const Y = rng.normals(batch * net.outputs.length);
  const loss = (theta: Float64Array, gradient: Float64Array) => {
    const r = mseGradient(net, theta, X, Y, batch);
    gradient.set(r.gradTheta);
    return r.loss;
  };
  return { net, X, Y, loss, theta0: initGaussian(net, { seed, biasScale: 0.3 }) };
}

describe('θ-flows of shared networks with law monitors (MATH.md §7)', () => {
  // ReLU flows whose activation pattern changes on the way make the right-hand side discontinuous
  // and the adaptive step grind (minutes): the ReLU cases here keep their pattern on [0, 2] (checked
  // by the step budget), the identity-activation ones are smooth everywhere (a max-pool switching
  // its selected input is another such kink).
  it.each([
    'conv1d:6:1-2:3:1:linear+bias',
    'conv1d:6:1-2-2:2:2:linear+hbias',
    'conv2d:4x4:1-2:2x2:1+bias',
    'conv1d:4:1-2-2-2:3:1:p1:res+bias',
  ])('%s: the channel laws stay within 1e-9 of their start while the loss decreases', (preset) => {
    const { net, loss, theta0 } = mseLoss(preset, 70, 6);
    const r = gradientFlow(loss, theta0, {
      times: [0, 0.5, 1, 2],
      rtol: 1e-11,
      atol: 1e-12,
      maxSteps: 20_000,
      laws: (t) => symmetryLaws(net, t),
    });
    expect(r.status).toBe('success');
    expect(r.lawCount).toBeGreaterThan(0);
    const scale = Math.max(1, ...Array.from(symmetryLaws(net, theta0), Math.abs));
    expect(r.maxLawDrift).toBeLessThan(1e-9 * scale);
    expect(r.loss[3]!).toBeLessThan(r.loss[0]!);
  });

  it('negative control: the per-neuron h_v of one convolution position is not conserved', () => {
    // Neuron h1_0_0 of conv1d:6:1-2:3:1: Σ of its (shared) kernel squares minus its readout square.
    const { net, loss, theta0 } = mseLoss('conv1d:6:1-2:3:1', 71, 6);
    const kernel = [0, 1, 2];
    const readout = net.paramNames.indexOf('A[o=0,c=0,p=0]');
    const neuronLaw = (t: Float64Array) => [kernel.reduce((s, j) => s + t[j]! ** 2, 0) - t[readout]! ** 2];
    const r = gradientFlow(loss, theta0, {
      times: [0, 1, 2],
      rtol: 1e-11,
      atol: 1e-12,
      maxSteps: 20_000,
      laws: neuronLaw,
    });
    expect(r.maxLawDrift).toBeGreaterThan(1e-3);
  });

  it('∂ΦᵀG by backpropagation through a shared net is the flow’s gradient (MSE cotangent)', () => {
    const { net, X, Y, theta0 } = mseLoss('conv2d:5x5:1-2-2:2x2:2:p1+bias', 72, 4);
    const m = mseGradient(net, theta0, X, Y, 4);
    const C = m.residual.map((x) => x / 4);
    expect(pathCotangentVjp(net, theta0, X, C, 4)).toBeAllClose(m.gradTheta, { rtol: 1e-12, atol: 1e-14 });
  });
});
