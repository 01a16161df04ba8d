import type { Matrix } from 'ml-matrix';
import { add, scale } from './dense.js';

/** Composite Simpson rule on [0, 1] over equispaced samples f_0 … f_N (N even). */
export function simpson(samples: readonly Matrix[]): Matrix {
  const N = samples.length - 1;
  if (N < 2 || N % 2 !== 0) throw new RangeError(`simpson: needs an even number of intervals, got ${N}`);
  let acc = add(samples[0]!, samples[N]!);
  for (let k = 1; k < N; k++) acc = add(acc, scale(samples[k]!, k % 2 === 1 ? 4 : 2));
  return scale(acc, 1 / (3 * N));
}
