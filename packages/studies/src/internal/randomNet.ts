import type { Network } from '@idyn/graph';
import { type CountRange, type RandomDagOptions, randomDag } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import { StudyInputError } from '../StudyInputError.js';
import { wrapInput } from './net.js';

/** The `random:` keys and the randomDag option each sets. */
const COUNT_KEYS = { inputs: 'inputs', outputs: 'outputs', layers: 'layers', width: 'width' } as const;
const PROBABILITY_KEYS = {
  density: 'density',
  skip: 'skipProbability',
  identity: 'identityProbability',
  maxpool: 'maxpoolProbability',
  bias: 'biasProbability',
} as const;

/** The syntax, for messages and help. */
export const RANDOM_NET_FORM =
  'random:SEED[:KEY=VALUE,...] with keys inputs, outputs, layers, width (N or LO-HI), density, skip, identity, maxpool, bias (probabilities)';

/**
 * Resolves `random:SEED[:KEY=VALUE,…]` to the network that `randomDag(createRng(SEED), options)`
 * of `@idyn/graph/testing` builds: a reproducible random DAG, so that a sweep names thousands of
 * networks by their seeds. Counts are `N` or `LO-HI` (drawn per network, per layer for `width`);
 * `density`, `skip`, `identity`, `maxpool`, `bias` are probabilities (randomDag's defaults otherwise).
 * @throws StudyInputError on `net` naming the bad part
 */
export function randomNet(study: string, text: string): Network {
  const fail = (reason: string) => new StudyInputError('net', reason, { study, value: text });
  const body = text.slice('random:'.length);
  const colon = body.indexOf(':');
  const seedText = colon < 0 ? body : body.slice(0, colon);
  if (!/^\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText)))
    throw fail(`the seed must be a non-negative integer, got '${seedText}' (${RANDOM_NET_FORM})`);
  const options: RandomDagOptions = {};
  const seen = new Set<string>();
  if (colon >= 0) {
    for (const part of body.slice(colon + 1).split(',')) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      if (eq < 0 || value === '') throw fail(`expected KEY=VALUE, got '${part}' (${RANDOM_NET_FORM})`);
      if (seen.has(key)) throw fail(`key '${key}' is given twice`);
      seen.add(key);
      if (Object.hasOwn(COUNT_KEYS, key)) {
        const m = /^(\d+)(?:-(\d+))?$/.exec(value);
        if (m === null) throw fail(`${key} must be N or LO-HI (non-negative integers), got '${value}'`);
        const range: CountRange = m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
        (options as Record<string, unknown>)[COUNT_KEYS[key as keyof typeof COUNT_KEYS]] = range;
      } else if (Object.hasOwn(PROBABILITY_KEYS, key)) {
        const p = Number(value);
        if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) || !(p >= 0 && p <= 1))
          throw fail(`${key} must be a probability in [0, 1], got '${value}'`);
        (options as Record<string, unknown>)[PROBABILITY_KEYS[key as keyof typeof PROBABILITY_KEYS]] = p;
      } else throw fail(`unknown key '${key}' (${RANDOM_NET_FORM})`);
    }
  }
  return wrapInput(study, 'net', text, () => randomDag(createRng(Number(seedText)), options));
}
