/** Fields of an {@link OverflowError}. */
export interface OverflowErrorInit {
  /** The quantity that overflowed, as the user knows it: `'theta'`, `'z'`, `'phi(theta0)'`, … */
  readonly field: string;
  /** Index of the first non-finite entry, or null. */
  readonly index?: number | null;
  /** Time along a flow where it happened, or null outside flows. */
  readonly t?: number | null;
  /** What was being done, for the message (e.g. `'along the theta-flow'`). */
  readonly context?: string;
}

/**
 * A float64 overflow (or an infinity / NaN produced from finite input): the computation left the
 * range of float64, which is an error in its own right rather than a symptom in some later step
 * (a rank test on an infinite matrix, a non-recoverable point). Extends RangeError.
 *
 * @example
 * new OverflowError({ field: 'theta', index: 3, t: 0.42, context: 'along the theta-flow' }).message;
 * // 'theta overflowed float64 along the theta-flow at t = 0.42: theta[3] is not finite'
 */
export class OverflowError extends RangeError {
  /** The quantity that overflowed. */
  readonly field: string;
  /** Index of the first non-finite entry, or null. */
  readonly index: number | null;
  /** Time along a flow, or null. */
  readonly t: number | null;

  /**
   * @param init - field, index, time and context
   * @example
   * new OverflowError({ field: 'phi(theta0)', index: 0 });
   */
  constructor(init: OverflowErrorInit) {
    const index = init.index ?? null;
    const t = init.t ?? null;
    super(
      `${init.field} overflowed float64${init.context ? ` ${init.context}` : ''}${t === null ? '' : ` at t = ${t}`}${
        index === null ? '' : `: ${init.field}[${index}] is not finite`
      }`,
    );
    this.name = 'OverflowError';
    this.field = init.field;
    this.index = index;
    this.t = t;
  }
}

/**
 * Index of the first entry of `x` that is not finite (±Infinity or NaN), or −1.
 * @param x - values
 * @returns the index, or −1 when every entry is finite
 * @example
 * firstNonFinite([1, 2, Infinity]); // 2
 */
export function firstNonFinite(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return i;
  return -1;
}
