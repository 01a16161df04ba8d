/**
 * countLaws against a baseline in the same file: the same exact level-2 test done naively (dense
 * ModRowBasis rank, every pair of generators bracketed, no support pruning, no annihilator).
 * Seeded points; run with `npx vitest bench --run`.
 */
import { parseNetwork } from '@idyn/graph';
import { matrixProductLifting, pathLifting } from '@idyn/lifting';
import { createRng, ModRowBasis, PRIME } from '@idyn/linalg';
import type { Polynomial } from '@idyn/poly';
import { bench, describe } from 'vitest';
import { countLaws } from '../src/countLaws.js';
import { Accumulator, copyVec, type SparseVec } from '../src/internal/compiled.js';
import { bracketValue } from '../src/internal/lieTrace.js';
import { gradientSystem } from '../src/internal/polySystem.js';

function toDense(v: SparseVec, D: number): Float64Array {
  const out = new Float64Array(D);
  for (let k = 0; k < v.n; k++) out[v.idx[k]!] = v.val[k]!;
  return out;
}

/** Naive: rank of all generators, then of all level-2 brackets of all generator pairs. */
function naiveLevel2(polys: Polynomial[], D: number): number {
  const p = PRIME;
  const rng = createRng(0);
  const x = Float64Array.from({ length: D }, () => rng.integer(1, p - 1));
  const sys = gradientSystem(polys, D);
  const acc = new Accumulator(D);
  const basis = new ModRowBasis(D);
  const fields = polys.map((_, i) => {
    const value = copyVec(sys.generatorValue(i, x, p, acc));
    basis.add(toDense(value, D));
    return { value, jac: sys.generatorJacobian(i, x, p) };
  });
  const dense = new Float64Array(D);
  for (let a = 0; a < fields.length; a++) {
    for (let b = a + 1; b < fields.length; b++) {
      basis.add(toDense(bracketValue(fields[a]!, fields[b]!, p, dense, acc), D));
    }
  }
  return basis.rank;
}

const relu = pathLifting(parseNetwork('relu:5-5-5'));
const reluPolys = relu.polynomials();
const lin = matrixProductLifting([4, 5, 4]);
const linPolys = lin.polynomials();

describe('ReLU [5,5,5] (D 50, 125 paths), level 2', () => {
  bench('countLaws (1 point, blind)', () => {
    countLaws(reluPolys, { points: 1 });
  });
  bench('baseline: dense ModRowBasis, all pairs', () => {
    naiveLevel2(reluPolys, relu.D);
  });
});

describe('linear [4,5,4] (D 40)', () => {
  bench('countLaws (1 point, blind)', () => {
    countLaws(linPolys, { points: 1 });
  });
  bench('baseline: dense ModRowBasis, all pairs (level 2 only)', () => {
    naiveLevel2(linPolys, lin.D);
  });
});
