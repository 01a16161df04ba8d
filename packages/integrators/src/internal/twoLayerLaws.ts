/** Entries of W_2ᵀ W_2 − W_1 W_1ᵀ (= Uᵀ U − Vᵀ V with U = W_2, V = W_1ᵀ) for widths [m, r, n]. */
export function twoLayerLaws(theta: ArrayLike<number>, m: number, r: number, n: number): Float64Array {
  const S = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += theta[r * m + k * r + i]! * theta[r * m + k * r + j]!;
      for (let k = 0; k < m; k++) s -= theta[i * m + k]! * theta[j * m + k]!;
      S[i * r + j] = s;
    }
  }
  return S;
}
