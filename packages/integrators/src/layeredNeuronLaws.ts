import { compileLayered } from './internal/layered.js';
import { finiteVector } from './internal/validate.js';
import type { LayeredFlowProblem } from './types.js';

/**
 * The rescaling conservation laws of a layered network, one per hidden neuron, layer by layer:
 * h_v(θ) = Σ_k W_l[v, k]² + b_l[v]² − Σ_i W_{l+1}[i, v]² (MATH.md §1). They are conserved along
 * every gradient flow of a layered ReLU or linear network.
 *
 * @param problem - the layered-flow description (only widths, bias and layout are used)
 * @param theta - parameters in the layered-flow layout
 * @returns h of length n_1 + … + n_{L−1}
 * @throws RangeError when theta has the wrong length or a non-finite entry
 * @example
 * layeredNeuronLaws(
 *   { kind: 'layered-flow', widths: [1, 1, 1], activation: 'relu', bias: false,
 *     loss: { type: 'mse', samples: 1, X: [1], Y: [1] } },
 *   [3, 2],
 * ); // Float64Array [5] (= 3² − 2²)
 * @see MATH.md §1 (conservation law per hidden neuron)
 */
export function layeredNeuronLaws(problem: LayeredFlowProblem, theta: ArrayLike<number>): Float64Array {
  const m = compileLayered('layeredNeuronLaws', problem);
  const th = finiteVector('layeredNeuronLaws', 'theta', theta, m.dim, 'D');
  const w = m.widths;
  let H = 0;
  for (let l = 1; l < m.layers; l++) H += w[l]!;
  const h = new Float64Array(H);
  let v = 0;
  for (let l = 1; l < m.layers; l++) {
    const rows = w[l]!;
    const cols = w[l - 1]!;
    const next = w[l + 1]!;
    const Wl = m.wOffset[l - 1]!;
    const Wn = m.wOffset[l]!;
    for (let i = 0; i < rows; i++, v++) {
      let s = 0;
      for (let k = 0; k < cols; k++) s += th[Wl + i * cols + k]! ** 2;
      if (m.bias) s += th[m.bOffset[l - 1]! + i]! ** 2;
      for (let j = 0; j < next; j++) s -= th[Wn + j * rows + i]! ** 2;
      h[v] = s;
    }
  }
  return h;
}
