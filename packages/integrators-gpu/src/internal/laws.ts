import type { ResolvedLayered } from './problem.js';

/** The conserved quantities of a layered network, as evaluated per trajectory. */
export interface LawLayout {
  /** Number of law values per state. */
  readonly count: number;
  /** One label per value, e.g. `h[1,0]` (neuron 0 of hidden layer 1) or `G1[0,2]`. */
  readonly names: readonly string[];
  /** Writes the laws of θ into dst (length count). */
  evaluate(theta: ArrayLike<number>, dst: Float64Array, offset: number): void;
}

/**
 * For hidden layer l (1 ≤ l < L) let V_l = [W_l | b_l] (n_l × (n_{l−1} + 1), without the bias
 * column when there is none) and G_l = V_l V_lᵀ − W_{l+1}ᵀ W_{l+1} (n_l × n_l). Along every
 * gradient flow the diagonal of G_l is conserved for ReLU and identity layers (the rescaling law
 * h_v of hidden neuron v, MATH.md §1), and all of G_l for identity layers (the Gram differences
 * of linear networks, MATH.md §5). The layout lists, layer by layer, the diagonal of G_l for a ReLU
 * layer and its upper triangle (row by row, diagonal included) for an identity layer.
 */
export function lawLayout(r: ResolvedLayered): LawLayout {
  const { widths, layers: L, relu, bias, wOffset, bOffset } = r;
  const names: string[] = [];
  const pairs: [number, number, number][] = [];
  for (let l = 1; l < L; l++) {
    const n = widths[l]!;
    for (let i = 0; i < n; i++) {
      if (relu[l - 1]) {
        names.push(`h[${l},${i}]`);
        pairs.push([l, i, i]);
      } else {
        for (let j = i; j < n; j++) {
          names.push(`G${l}[${i},${j}]`);
          pairs.push([l, i, j]);
        }
      }
    }
  }
  return {
    count: names.length,
    names,
    evaluate(theta, dst, offset) {
      for (let q = 0; q < pairs.length; q++) {
        const [l, i, j] = pairs[q] as [number, number, number];
        const cols = widths[l - 1]!;
        const rows = widths[l]!;
        const next = widths[l + 1]!;
        const W = wOffset[l - 1]!;
        const Wn = wOffset[l]!;
        let s = 0;
        for (let k = 0; k < cols; k++) s += theta[W + i * cols + k]! * theta[W + j * cols + k]!;
        if (bias) {
          const bo = bOffset[l - 1]!;
          s += theta[bo + i]! * theta[bo + j]!;
        }
        for (let m = 0; m < next; m++) s -= theta[Wn + m * rows + i]! * theta[Wn + m * rows + j]!;
        dst[offset + q] = s;
      }
    },
  };
}
