import fc from 'fast-check';
import { expect } from 'vitest';
import { matchers } from './matchers.js';

expect.extend(matchers);

// Every fast-check property of the workspace runs from one fixed seed, so a failure replays
// exactly. IDYN_FC_SEED=<integer> explores another seed (e.g. a loop over seeds before a release);
// IDYN_FC_SEED=random draws a fresh one, printed by fast-check when a property fails.
const chosen = process.env.IDYN_FC_SEED;
if (chosen === undefined || chosen === '') fc.configureGlobal({ seed: 20260101 });
else if (chosen !== 'random') {
  const seed = Number(chosen);
  if (!Number.isSafeInteger(seed))
    throw new RangeError(`IDYN_FC_SEED must be an integer or 'random', got '${chosen}'`);
  fc.configureGlobal({ seed });
}
