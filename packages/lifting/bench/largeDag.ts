/** The large DAGs of the benchmarks: more than 10^9 paths, seeded parameters and data. */
import { parseNetwork } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import { countPaths } from '../src/countPaths.js';

export const LARGE_PRESETS = ['relu:64-64-64-64-64-64-64+bias', 'dense:16-32-32-32-32-32-16+hbias'];

export function largeCase(preset: string, batch: number) {
  const net = parseNetwork(preset);
  const rng = createRng(2026);
  const theta = rng.normals(net.D, 0.2);
  const X = rng.normals(batch * net.inputs.length);
  const C = rng.normals(batch * net.outputs.length);
  return { net, theta, X, C, batch, paths: countPaths(net).total };
}
