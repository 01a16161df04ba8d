import type { StudyOptions } from './Study.js';
import { StudyInputError } from './StudyInputError.js';
import { type StudyName, studies } from './studies.js';

/**
 * Runs a study by name with a JSON input: what a sweep or a worker does with only JSON in hand.
 *
 * @param name - a registry name, e.g. `laws`
 * @param input - the study's JSON input
 * @param options - signal and progress callback
 * @returns the study's JSON result
 * @throws StudyInputError for an unknown name (field `study`) or a bad input; StudyAbortError when aborted
 * @example
 * const r = await runStudy('lift', { net: 'relu:2-3-2', init: 'gaussian:1' });
 * // r.paths.total '12'
 */
export async function runStudy(name: string, input: unknown, options: StudyOptions = {}): Promise<unknown> {
  if (!Object.hasOwn(studies, name))
    throw new StudyInputError(
      'study',
      `unknown study '${name}' (studies: ${Object.keys(studies).join(', ')})`,
      {
        standalone: true,
      },
    );
  const study = studies[name as StudyName] as unknown as {
    run(input: unknown, options: StudyOptions): Promise<unknown>;
  };
  return study.run(input, options);
}
