import { formatQuantity } from './internal/formatQuantity.js';

/**
 * What an expensive call would cost, computed from its sizes before anything is allocated.
 * Estimates lean high and are accurate to a small factor (README: budgets).
 */
export interface CostEstimate {
  /** The public function estimated, e.g. `'countLaws'`. */
  readonly task: string;
  /** What it does, in words, e.g. `'counting conservation laws'`. */
  readonly action: string;
  /** Peak memory it would allocate, in bytes. */
  readonly memoryBytes: number;
  /**
   * Work in elementary operations, scaled so that 1e9 is roughly one second of one core of a
   * 2020s CPU (the constants are measured, see each estimator).
   */
  readonly work: number;
  /** The sizes the estimate depends on, by name (D, d, paths, points, unknowns, times, …). */
  readonly sizes: Readonly<Record<string, number | bigint>>;
}

/** Fields of a {@link BudgetError}. */
export interface BudgetErrorInit {
  /** The budget option that raises the limit (`maxMemoryBytes`, `maxWork`, `maxPaths`, …). */
  readonly option: string;
  /** The quantity the option limits, in words: `'memory'`, `'work'`, `'paths'`, … */
  readonly quantity: string;
  /** The estimated (or counted) amount of that quantity. */
  readonly value: number | bigint;
  /** The limit it exceeds. */
  readonly limit: number | bigint;
  /** The whole estimate. */
  readonly estimate: CostEstimate;
}

/**
 * A call refused before it allocates, because its estimated cost exceeds a budget. Extends
 * RangeError (a budget is a range on the input's size); `option` names the budget option that
 * raises the limit, so that a front end can name its own flag (`maxMemoryBytes` → `--max-memory`).
 *
 * @example
 * try {
 *   countLaws(pathLifting(parseNetwork('relu:2-3-2')), { points: 1e9 });
 * } catch (e) {
 *   if (e instanceof BudgetError) [e.option, e.quantity]; // ['maxWork', 'work']
 * }
 * @see README (budgets)
 */
export class BudgetError extends RangeError {
  /** The budget option that raises the limit. */
  readonly option: string;
  /** The quantity limited, in words. */
  readonly quantity: string;
  /** The estimated amount. */
  readonly value: number | bigint;
  /** The limit exceeded. */
  readonly limit: number | bigint;
  /** The whole estimate (task, memory, work, sizes). */
  readonly estimate: CostEstimate;

  /**
   * @param init - option, quantity, value, limit and estimate
   * @example
   * new BudgetError({ option: 'maxPaths', quantity: 'paths', value: 10n ** 20n, limit: 1e6, estimate });
   */
  constructor(init: BudgetErrorInit) {
    super(budgetMessage(init));
    this.name = 'BudgetError';
    this.option = init.option;
    this.quantity = init.quantity;
    this.value = init.value;
    this.limit = init.limit;
    this.estimate = init.estimate;
  }
}

function budgetMessage(init: BudgetErrorInit): string {
  const { estimate, quantity, option } = init;
  const unit = quantity === 'memory' ? 'bytes' : quantity === 'work' ? 'operations' : quantity;
  const sizes = Object.entries(estimate.sizes)
    .map(([k, v]) => `${k} = ${typeof v === 'bigint' ? v.toString() : formatQuantity(v, '')}`)
    .join(', ');
  const value = formatQuantity(init.value, unit);
  const limit = formatQuantity(init.limit, unit);
  const needs = quantity === 'memory' || quantity === 'work' ? `about ${value} of ${quantity}` : value;
  return `${estimate.action} needs ${needs}${sizes ? ` (${sizes})` : ''}, above the budget of ${limit} (${option})`;
}
