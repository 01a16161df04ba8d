import type { Budget } from '@idyn/linalg';
import { StudyInputError } from '../StudyInputError.js';
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

/**
 * The work of an estimator for a progress report, or undefined when it cannot size the input (the
 * computation itself then reports the problem).
 */
export function estimateOf(estimate: () => { readonly work: number }): { work: number } | undefined {
  try {
    return { work: estimate().work };
  } catch {
    return undefined;
  }
}

/**
 * The most numbers a study result may hold: a result is one JSON document, and a JavaScript string
 * holds at most 2^29 characters (about 22 characters a number: 2e7 numbers are ~440 MB of text).
 */
export const MAX_RESULT_NUMBERS = 2e7;

/**
 * Refuses, before the computation, a result that would hold more than {@link MAX_RESULT_NUMBERS}
 * numbers (per-time or per-step records), naming the input field that sets its size.
 *
 * @param study - the study name
 * @param field - the field that sizes the result (`times`, `eta`)
 * @param value - its value, as the user gave it
 * @param numbers - the numbers the result would hold
 * @param what - what they are, in words (`21 output times of 2d + m + 8 numbers`)
 * @throws StudyInputError on `field` above the limit
 */
export function checkResultSize(
  study: string,
  field: string,
  value: unknown,
  numbers: number,
  what: string,
): void {
  if (numbers <= MAX_RESULT_NUMBERS) return;
  throw new StudyInputError(
    field,
    `the result would hold about ${numbers.toExponential(2)} numbers (${what}), more than one JSON result holds (${MAX_RESULT_NUMBERS.toExponential(0)} numbers, about ${((MAX_RESULT_NUMBERS * 22) / 1e6).toFixed(0)} MB of text)`,
    { study, value },
  );
}
