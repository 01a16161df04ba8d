import type { Polynomial } from './Polynomial.js';

/**
 * A polynomial vector field on R^D: component i is a {@link Polynomial} in D variables, and there
 * are D components. Treat it as immutable: `evaluateFieldMod` caches compiled forms per array,
 * and the fields this package returns are frozen.
 * @see MATH.md §2 (vector fields, Lie brackets)
 */
export type VectorField = readonly Polynomial[];
