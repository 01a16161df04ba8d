import { createRng, type Rng } from '@idyn/linalg';

/** The generator of an options object: `rng` if given, else `createRng(seed ?? 0)`. */
export function rngOf(options: { seed?: number; rng?: Rng } | undefined): Rng {
  return options?.rng ?? createRng(options?.seed ?? 0);
}
