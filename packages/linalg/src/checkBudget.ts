import { type CostEstimate, BudgetError } from './BudgetError.js';
import { describeValue } from './describeValue.js';

/**
 * Limits on what one call may cost, checked against its {@link CostEstimate} before it allocates.
 * `Infinity` switches a limit off.
 */
export interface Budget {
  /** Largest peak memory, in bytes. @default 2 GiB (2^31) */
  readonly maxMemoryBytes?: number;
  /** Largest work, in elementary operations (1e9 ≈ one second of one core). @default 1e12 */
  readonly maxWork?: number;
}

/**
 * The default budget of every estimated entry point: 2 GiB of memory and 1e12 operations (about a
 * quarter of an hour of one core). Raise it per call with `options.budget`.
 */
export const DEFAULT_BUDGET: Readonly<Required<Budget>> = Object.freeze({
  maxMemoryBytes: 2 ** 31,
  maxWork: 1e12,
});

/**
 * Validates a budget and fills in the defaults.
 * @param name - where the budget came from, for messages (e.g. `'countLaws: options.budget'`)
 * @param budget - the caller's budget, or undefined for {@link DEFAULT_BUDGET}
 * @returns both limits
 * @throws TypeError if `budget` is not an object; RangeError if a limit is not a number > 0
 * @example
 * resolveBudget('options.budget', { maxWork: 1e9 }); // { maxMemoryBytes: 2147483648, maxWork: 1e9 }
 */
export function resolveBudget(name: string, budget: Budget | undefined): Required<Budget> {
  if (budget === undefined) return { ...DEFAULT_BUDGET };
  if (budget === null || typeof budget !== 'object')
    throw new TypeError(
      `${name} must be an object { maxMemoryBytes?, maxWork? }, got ${describeValue(budget)}`,
    );
  const out = { ...DEFAULT_BUDGET };
  for (const key of ['maxMemoryBytes', 'maxWork'] as const) {
    const v = budget[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v > 0))
      throw new RangeError(
        `${name}.${key} must be a number > 0 (Infinity for no limit), got ${describeValue(v)}`,
      );
    out[key] = v;
  }
  return out;
}

/**
 * Refuses an estimated call whose memory or work exceeds the budget.
 *
 * @param estimate - the call's cost, from its estimator (e.g. `countLawsCost`)
 * @param budget - limits; absent fields take {@link DEFAULT_BUDGET}'s
 * @returns the estimate, when within budget
 * @throws BudgetError with `option` `'maxMemoryBytes'` or `'maxWork'`, the estimate and the limit
 * @example
 * const e = { task: 't', action: 'sorting', memoryBytes: 8e9, work: 1e9, sizes: { n: 1e9 } };
 * checkBudget(e); // BudgetError: sorting needs about 7.45 GiB of memory (n = 1000000000), above the budget of 2.00 GiB (maxMemoryBytes)
 * checkBudget(e, { maxMemoryBytes: Infinity }); // e
 * @see README (budgets)
 */
export function checkBudget(estimate: CostEstimate, budget?: Budget): CostEstimate {
  const b = resolveBudget(`${estimate.task}: options.budget`, budget);
  if (!(estimate.memoryBytes <= b.maxMemoryBytes))
    throw new BudgetError({
      option: 'maxMemoryBytes',
      quantity: 'memory',
      value: estimate.memoryBytes,
      limit: b.maxMemoryBytes,
      estimate,
    });
  if (!(estimate.work <= b.maxWork))
    throw new BudgetError({
      option: 'maxWork',
      quantity: 'work',
      value: estimate.work,
      limit: b.maxWork,
      estimate,
    });
  return estimate;
}

/**
 * Refuses a count above its own limit (paths above `maxPaths`, unknowns above `maxUnknowns`, …),
 * with the same typed error as {@link checkBudget}.
 *
 * @param estimate - the call's cost estimate
 * @param option - the option holding the limit
 * @param quantity - what is counted, in words (plural)
 * @param value - the count (a bigint when it may exceed 2^53)
 * @param limit - the limit
 * @returns nothing when `value <= limit`
 * @throws BudgetError otherwise
 * @example
 * checkLimit(estimate, 'maxPaths', 'paths', 2n ** 64n, 1e6); // BudgetError: … 1.84e19 paths …, above the budget of 1000000 paths (maxPaths)
 */
export function checkLimit(
  estimate: CostEstimate,
  option: string,
  quantity: string,
  value: number | bigint,
  limit: number | bigint,
): void {
  const over =
    typeof value === 'bigint' || typeof limit === 'bigint' ? toBig(value) > toBig(limit) : !(value <= limit);
  if (over) throw new BudgetError({ option, quantity, value, limit, estimate });
}

function toBig(x: number | bigint): bigint {
  if (typeof x === 'bigint') return x;
  if (x === Number.POSITIVE_INFINITY) return 2n ** 4096n;
  return BigInt(Math.ceil(x));
}
