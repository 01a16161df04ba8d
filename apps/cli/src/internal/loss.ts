import { parseInteger } from './args.js';
import { UsageError } from './errors.js';

/** A parsed `--loss` option. */
export type LossSpec = { readonly kind: 'synthetic'; readonly seed: number } | { readonly kind: 'mse' };

/**
 * Parses `--loss synthetic:SEED` (MATH.md §5: f(z) = ½‖z − Y‖² + 0.1 Σ z⁴/4, Y ~ N(0, 1) seeded)
 * or `--loss mse` (with `--data`).
 * @throws UsageError naming --loss and the value
 */
export function parseLoss(text: string | undefined, fallback = 'synthetic:0'): LossSpec {
  const t = text ?? fallback;
  if (t === 'mse') return { kind: 'mse' };
  const m = /^synthetic(?::(.*))?$/.exec(t);
  if (m)
    return { kind: 'synthetic', seed: m[1] === undefined ? 0 : parseInteger(`--loss '${t}' seed`, m[1]) };
  throw new UsageError(`--loss must be synthetic:SEED or mse (with --data FILE), got '${t}'`);
}
