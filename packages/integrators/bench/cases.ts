/**
 * The problems of the cross-language benchmarks (flowVsScipy.ts, costBreakdown.ts), built once so
 * that both scripts time the very same θ₀, Y and data: a layered-flow problem for this package and
 * the JSON the Python peer (flow_scipy.py) reads.
 */
import { join, resolve } from 'node:path';
import { createRng } from '@idyn/linalg';
import type { LayeredFlowProblem } from '../src/index.js';

/** The Python peer script. */
export const PEER = process.env.IDYN_PEERS
  ? join(process.env.IDYN_PEERS, 'flow_scipy.py')
  : resolve(import.meta.dirname, '../../../../shared/peers/flow_scipy.py');

/** One benchmark problem: ours and the peer's description of it. */
export interface FlowCase {
  name: string;
  problem: LayeredFlowProblem;
  theta0: Float64Array;
  peer: Record<string, unknown>;
}

/** A deep linear network with the synthetic loss of MATH.md §5 (seeded). */
export function linearCase(dims: number[], seed: number): FlowCase {
  const rng = createRng(seed);
  let D = 0;
  for (let i = 1; i < dims.length; i++) D += dims[i]! * dims[i - 1]!;
  const Y = rng.normals(dims[dims.length - 1]! * dims[0]!);
  const theta0 = rng.normals(D, 0.5);
  return {
    name: `linear [${dims.join(',')}] synthetic loss`,
    problem: {
      kind: 'layered-flow',
      widths: dims,
      activation: 'identity',
      bias: false,
      loss: { type: 'synthetic', Y },
    },
    theta0,
    peer: { model: 'linear', dims, theta: [...theta0], Y: [...Y] },
  };
}

/** A ReLU MLP with biases and an MSE loss on a seeded data set. */
export function mlpCase(dims: number[], samples: number, seed: number): FlowCase {
  const rng = createRng(seed);
  let D = 0;
  for (let i = 1; i < dims.length; i++) D += dims[i]! * dims[i - 1]! + dims[i]!;
  const X = rng.normals(samples * dims[0]!);
  const Y = rng.normals(samples * dims[dims.length - 1]!);
  const theta0 = rng.normals(D, 0.6);
  return {
    name: `ReLU MLP [${dims.join(',')}] +bias, ${samples} samples`,
    problem: {
      kind: 'layered-flow',
      widths: dims,
      activation: 'relu',
      bias: true,
      loss: { type: 'mse', samples, X, Y },
    },
    theta0,
    peer: { model: 'mlp-relu', dims, bias: true, theta: [...theta0], X: [...X], Yd: [...Y], samples },
  };
}
