import type { CostEstimate } from '@idyn/linalg';

/** What {@link gradientStepsCost} needs to size a run of discrete steps. */
export interface GradientStepsCostInput {
  /** Number of parameters D. */
  readonly D: number;
  /** Number of steps K (for several step sizes, their sum). */
  readonly steps: number;
  /** Number of quadratic laws m whose drift is recorded. @default 0 */
  readonly laws?: number;
  /** Terms of all the laws together (Σ_j nnz A_j). @default 0 */
  readonly lawTerms?: number;
  /**
   * Work of one gradient evaluation, in elementary operations (a network's forward and backward
   * pass: about 4 × samples × edges for an MSE loss). @default 10 × D
   */
  readonly gradientWork?: number;
}

/**
 * The cost of `gradientSteps` (or of `sweepEta`, with `steps` the sum over its step sizes) before
 * anything is allocated. Every step records the loss, the m law values, their measured and
 * predicted change and the identity residual (3m + 3 numbers a step, grown in JavaScript arrays and
 * copied into typed arrays at the end: about 2.5 × 8 bytes each), plus a few D-vectors; its work is
 * the gradient, the θ update and the laws (h, Δh and η² gᵀAg: about 6 operations a term).
 *
 * @param input - D, the number of steps, the laws and the work of one gradient
 * @returns the estimate (`task` 'gradientSteps')
 * @throws RangeError when a size is not a non-negative integer (D and steps positive), naming it
 * @example
 * gradientStepsCost({ D: 9, steps: 1e12, laws: 3, lawTerms: 9 }).work; // ~1.8e14: above the default budget
 * gradientStepsCost({ D: 9, steps: 1e5, laws: 3, lawTerms: 9 }).memoryBytes; // ~2.4e7
 * @see README (budgets), MATH.md §7 (discrete steps)
 */
export function gradientStepsCost(input: GradientStepsCostInput): CostEstimate {
  const fn = 'gradientStepsCost';
  const count = (name: string, v: unknown, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw new RangeError(
        `${fn}: ${name} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got ${String(v)}`,
      );
    return v;
  };
  if (input === null || typeof input !== 'object')
    throw new TypeError(`${fn}: input must be an object { D, steps, … }, got ${String(input)}`);
  const D = count('D', input.D, 1);
  const steps = count('steps', input.steps, 1);
  const m = count('laws', input.laws ?? 0, 0);
  const terms = count('lawTerms', input.lawTerms ?? 0, 0);
  const gradientWork = input.gradientWork ?? 10 * D;
  if (typeof gradientWork !== 'number' || !(gradientWork >= 0) || !Number.isFinite(gradientWork))
    throw new RangeError(`${fn}: gradientWork must be a finite number >= 0, got ${String(gradientWork)}`);
  return {
    task: 'gradientSteps',
    action: `taking ${steps} gradient steps`,
    memoryBytes: 2.5 * 8 * (steps + 1) * (3 * m + 3) + 8 * 6 * D,
    work: steps * (gradientWork + 4 * D + 6 * terms),
    sizes: { D, steps, laws: m },
  };
}
