import type { ButcherTableau } from '../tableaux.js';

// Dense output of one Runge–Kutta step and the output times that fall inside it.

/**
 * Dense output of one Runge–Kutta step [t, t + h] at the fraction θ: the tableau's continuous
 * extension y + h Σ_s b_s(θ) k_s when it has one, else cubic Hermite interpolation between
 * (y, k_0) and (yNew, fNew). θ = 1 returns yNew exactly.
 *
 * @param tableau - the method
 * @param th - the fraction θ in [0, 1]
 * @param h - the step length
 * @param y - state at the start of the step
 * @param k - the stage derivatives (k[0] = f at the start)
 * @param yNew - state at the end of the step
 * @param fNew - f at the end of the step
 * @param out - output: the interpolated state
 * @param n - dimension
 * @example
 * denseOutput(DOPRI5, 0.5, h, y, k, yNew, fNew, out, n); // out ≈ y(t + h/2)
 * @see MATH.md §6
 */
export function denseOutput(
  tableau: ButcherTableau,
  th: number,
  h: number,
  y: Float64Array,
  k: readonly Float64Array[],
  yNew: Float64Array,
  fNew: Float64Array,
  out: Float64Array,
  n: number,
): void {
  if (th === 1) {
    out.set(yNew);
    return;
  }
  const dense = tableau.dense;
  if (dense !== null) {
    for (let i = 0; i < n; i++) out[i] = y[i]!;
    for (let st = 0; st < tableau.stages; st++) {
      const poly = dense[st] as readonly number[];
      let w = 0;
      for (let j = poly.length - 1; j >= 0; j--) w = (w + poly[j]!) * th;
      if (w === 0) continue;
      const kw = k[st] as Float64Array;
      const hw = h * w;
      for (let i = 0; i < n; i++) out[i] = out[i]! + hw * kw[i]!;
    }
    return;
  }
  const k0 = k[0] as Float64Array;
  const th2 = th * th;
  const th3 = th2 * th;
  const h00 = 2 * th3 - 3 * th2 + 1;
  const h10 = (th3 - 2 * th2 + th) * h;
  const h01 = -2 * th3 + 3 * th2;
  const h11 = (th3 - th2) * h;
  for (let i = 0; i < n; i++) {
    out[i] = h00 * y[i]! + h10 * k0[i]! + h01 * yNew[i]! + h11 * fNew[i]!;
  }
}

/**
 * Writes the outputs of one step [t, tNew] that fall in (t, tStop] (tStop ≤ tNew), from index
 * `from` of `times` on: yNew exactly at tNew, the dense output elsewhere.
 *
 * @param times - the output times
 * @param from - first output index not yet written
 * @param tStop - last time of the step that counts (the end, or where the run stops inside it)
 * @param t - start of the step
 * @param tNew - end of the step
 * @param h - step length
 * @param yNew - state at the end of the step
 * @param interpolate - dense output of the step: writes y(θ) to its second argument
 * @param scratch - a work vector for interpolated states
 * @param record - receives each output time and state (the state is a view; copy it)
 * @returns the first output index not written
 * @example
 * oi = recordOutputs(times, oi, tNew, t, tNew, h, yNew, interp, scratch, (tt, yy) => rows.push(yy.slice()));
 * @see MATH.md §6
 */
export function recordOutputs(
  times: Float64Array,
  from: number,
  tStop: number,
  t: number,
  tNew: number,
  h: number,
  yNew: Float64Array,
  interpolate: (th: number, out: Float64Array) => void,
  scratch: Float64Array,
  record: (t: number, y: Float64Array) => void,
): number {
  let i = from;
  for (; i < times.length && times[i]! <= tStop; i++) {
    const to = times[i]!;
    if (to === tNew) record(to, yNew);
    else {
      interpolate((to - t) / h, scratch);
      record(to, scratch);
    }
  }
  return i;
}
