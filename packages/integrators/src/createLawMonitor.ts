import { finiteVector, show } from './internal/validate.js';
import type { Observer } from './types.js';

/** All conservation-law values h(θ) at once (e.g. the entries of Uᵀ U − Vᵀ V). */
export type LawsFunction = (theta: Float64Array) => ArrayLike<number>;

/** A law monitor: pass `observer` to `integrate`, read the drift afterwards. */
export interface LawMonitor {
  /** Records h(θ(t)) at each output time. */
  readonly observer: Observer;
  /** h(θ₀). */
  readonly initial: Float64Array;
  /** Number of laws. */
  readonly count: number;
  /** Recorded law values, row-major `[outputs, count]`. */
  values(): Float64Array;
  /** Per output time, max_j |h_j(θ(t)) − h_j(θ₀)|. */
  drift(): Float64Array;
  /** The largest drift seen so far (0 before any output). */
  maxDrift(): number;
}

/**
 * Creates a monitor of conservation laws along a trajectory: at every output time it records
 * h(θ(t)) and the drift max_j |h_j(θ(t)) − h_j(θ₀)|.
 *
 * @param laws - returns all law values at θ (a fixed number of them)
 * @param theta0 - the initial parameters the drift is measured from
 * @returns a {@link LawMonitor} whose `observer` goes into `integrate`'s options
 * @throws TypeError if laws is not a function; RangeError if theta0 or h(θ₀) is not finite
 * @example
 * const m = createLawMonitor((th) => [th[0] ** 2 - th[1] ** 2], [1, 0.5]);
 * m.observer(0, Float64Array.of(2, Math.sqrt(3.25)), 0);
 * m.maxDrift(); // ≈ 0 (4 − 3.25 = 0.75 = 1 − 0.25)
 * @see MATH.md §2 (conservation laws), §5 (drift of Uᵀ U − Vᵀ V ~ 1e-12)
 */
export function createLawMonitor(laws: LawsFunction, theta0: ArrayLike<number>): LawMonitor {
  if (typeof laws !== 'function') {
    throw new TypeError(`createLawMonitor: laws must be a function, got ${show(laws)}`);
  }
  const th0 = finiteVector('createLawMonitor', 'theta0', theta0);
  const initial = finiteVector('createLawMonitor', 'laws(theta0)', laws(th0));
  const count = initial.length;
  const rows: number[] = [];
  const drifts: number[] = [];
  let worst = 0;
  const observer: Observer = (_t, theta) => {
    const h = laws(theta);
    if (h.length !== count) {
      throw new RangeError(`createLawMonitor: laws returned ${h.length} values, expected ${count}`);
    }
    let d = 0;
    for (let j = 0; j < count; j++) {
      const v = h[j]!;
      rows.push(v);
      const e = Math.abs(v - initial[j]!);
      // NaN drift must not be hidden by Math.max.
      d = e > d || Number.isNaN(e) ? e : d;
    }
    drifts.push(d);
    worst = d > worst || Number.isNaN(d) ? d : worst;
  };
  return {
    observer,
    initial,
    count,
    values: () => Float64Array.from(rows),
    drift: () => Float64Array.from(drifts),
    maxDrift: () => worst,
  };
}
