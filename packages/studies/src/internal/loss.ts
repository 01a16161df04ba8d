import { StudyInputError } from '../StudyInputError.js';
import { isNumberText } from './text.js';

/** A parsed `loss` input. */
export type LossSpec =
  | { readonly kind: 'synthetic'; readonly seed: number }
  | { readonly kind: 'mse' }
  | { readonly kind: 'teacher'; readonly seed: number; readonly samples: number };

function seedOf(study: string, text: string, s: string | undefined, part = 'seed'): number {
  if (s === undefined) return 0;
  if (!isNumberText(s))
    throw new StudyInputError('loss', `must be a number, got '${s}'`, { study, value: text, part });
  const x = Number(s);
  if (!Number.isSafeInteger(x) || x < 0)
    throw new StudyInputError('loss', `must be an integer >= 0, got '${s}'`, { study, value: text, part });
  return x;
}

/**
 * Parses the `loss` input: `synthetic:SEED` (MATH.md §5: f(z) = ½‖z − Y‖² + 0.1 Σ z⁴/4, Y ~ N(0, 1)
 * seeded), `mse` (mean squared error on `data`), or `teacher:SEED[:SAMPLES]` (mean squared error on
 * SAMPLES seeded inputs labelled by a seeded network of the same architecture; default 32).
 * @throws StudyInputError on `loss`
 */
export function parseLoss(study: string, text: string): LossSpec {
  if (text === 'mse') return { kind: 'mse' };
  const m = /^(synthetic|teacher)(?::([^:]*))?(?::([^:]*))?$/.exec(text);
  if (m?.[1] === 'synthetic' && m[3] === undefined)
    return { kind: 'synthetic', seed: seedOf(study, text, m[2]) };
  if (m?.[1] === 'teacher') {
    const samples = m[3] === undefined ? 32 : seedOf(study, text, m[3], 'samples');
    if (samples < 1)
      throw new StudyInputError('loss', `must be >= 1, got '${m[3]}'`, {
        study,
        value: text,
        part: 'samples',
      });
    return { kind: 'teacher', seed: seedOf(study, text, m[2]), samples };
  }
  throw new StudyInputError('loss', `{loss} must be synthetic:SEED or mse (with {data}), got '${text}'`, {
    study,
    value: text,
    standalone: true,
  });
}
