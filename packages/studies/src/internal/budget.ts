import type { Budget } from '@idyn/linalg';
import type { BudgetInput } from '../NetInput.js';

/** The memory and work budget of a study input (absent fields: the packages' defaults). */
export function budgetOf(input: BudgetInput): Budget {
  return {
    ...(input.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: input.maxMemoryBytes }),
    ...(input.maxWork === undefined ? {} : { maxWork: input.maxWork }),
  };
}

/** `maxPaths` of a study input: a number, or a decimal string above 2^53 as a bigint. */
export function maxPathsOf(value: number | string | undefined): number | bigint | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const big = BigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}
