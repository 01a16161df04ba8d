// Public entry of @idyn/linalg: re-exports only.
export { createRng, type Rng } from './random.js';
