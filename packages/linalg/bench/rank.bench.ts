// Rank of 2000×300 matrices: exact mod p (ModRowBasis) vs float SVD (ml-matrix), with a textbook
// mod-p Gaussian elimination as baseline. Seeded inputs; run with `npx vitest bench --run`.
import { bench, describe } from 'vitest';
import { modRank } from '../src/modRank.js';
import { numericRank } from '../src/numericRank.js';
import { integerLowRank, integerRandom, naiveModRank } from './inputs.js';

const full = integerRandom(1, 2000, 300);
const low = integerLowRank(2, 2000, 300, 150);
const opts = { iterations: 3, warmupIterations: 1, time: 0 };

describe('rank of a random 2000×300 integer matrix (rank 300)', () => {
  bench('modRank (incremental ModRowBasis)', () => void modRank(full, 300), opts);
  bench('baseline: naive Gaussian elimination mod p with %', () => void naiveModRank(full, 300), opts);
  bench('numericRank (ml-matrix SVD)', () => void numericRank(full), opts);
});

describe('rank of a 2000×300 integer matrix of rank 150', () => {
  bench('modRank (incremental ModRowBasis)', () => void modRank(low, 300), opts);
  bench('baseline: naive Gaussian elimination mod p with %', () => void naiveModRank(low, 300), opts);
  bench('numericRank (ml-matrix SVD)', () => void numericRank(low), opts);
});
