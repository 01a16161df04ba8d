import type { Problem } from '../types.js';
import { layeredFlowRhs } from './layered.js';
import { assertPositiveInteger, finiteVector, show } from './validate.js';

/** A problem reduced to what the CPU engine needs: a state length and a right-hand side. */
export interface ResolvedProblem {
  /** State length (dim × batch). */
  readonly n: number;
  readonly dim: number;
  readonly batch: number;
  readonly f: (t: number, y: Float64Array, dydt: Float64Array) => void;
}

/** Validates a problem and builds its float64 right-hand side. */
export function resolveProblem(fn: string, problem: Problem): ResolvedProblem {
  if (problem === null || typeof problem !== 'object') {
    throw new TypeError(`${fn}: problem must be an object, got ${show(problem)}`);
  }
  const kind = (problem as { kind?: unknown }).kind;
  if (kind === undefined || kind === 'rhs') {
    const p = problem as Extract<Problem, { rhs: unknown }>;
    const dim = assertPositiveInteger(fn, 'problem.dim', p.dim);
    if (typeof p.rhs !== 'function') {
      throw new TypeError(`${fn}: problem.rhs must be a function, got ${show(p.rhs)}`);
    }
    const batch = p.batch === undefined ? 1 : assertPositiveInteger(fn, 'problem.batch', p.batch);
    const rhs = p.rhs.bind(p);
    return { n: dim * batch, dim, batch, f: rhs };
  }
  if (kind === 'linear') {
    const p = problem as Extract<Problem, { kind: 'linear' }>;
    const dim = assertPositiveInteger(fn, 'problem.dim', p.dim);
    const A = finiteVector(fn, 'problem.A', p.A, dim * dim, 'dim²');
    return {
      n: dim,
      dim,
      batch: 1,
      f: (_t, y, dydt) => {
        for (let i = 0; i < dim; i++) {
          let s = 0;
          const row = i * dim;
          for (let j = 0; j < dim; j++) s += A[row + j]! * y[j]!;
          dydt[i] = s;
        }
      },
    };
  }
  if (kind === 'layered-flow') {
    const p = problem as Extract<Problem, { kind: 'layered-flow' }>;
    const { dim, rhs } = layeredFlowRhs(fn, p);
    return { n: dim, dim, batch: 1, f: rhs };
  }
  throw new RangeError(`${fn}: problem.kind must be 'rhs', 'linear' or 'layered-flow', got ${show(kind)}`);
}
