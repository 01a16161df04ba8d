// The real runtime (onnxruntime-node, CPU) and our side of the comparisons: forward passes and
// path-norms by @idyn/graph's forward.
import { createNetwork, forward, type NetworkSpec } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import * as ort from 'onnxruntime-node';

/** Runs the model on one input of the given shape; the graph outputs concatenated, in order. */
export async function runOrt(bytes: Uint8Array, input: Float32Array, shape: number[]): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, shape) };
    const out = await session.run(feeds);
    const parts = session.outputNames.map((n) => Array.from(out[n]!.data as Float32Array));
    return Float64Array.from(parts.flat());
  } finally {
    await session.release();
  }
}

/** Seeded standard-normal float32 inputs. */
export function randomInput(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** Our forward pass of an imported spec on one sample. */
export function ourForward(spec: NetworkSpec & { theta: number[] }, x: ArrayLike<number>): Float64Array {
  const net = createNetwork(spec);
  return forward(net, spec.theta, Float64Array.from(x), 1).outputs;
}

/**
 * ‖Φ(θ)‖_q^q by one forward pass of @idyn/graph (MATH.md §1): the same DAG with every activation
 * the identity (a max-pool neuron becomes a sum: its edges get the fixed weight 1), |θ|^q for θ,
 * |w|^q for fixed weights, the all-ones input, the outputs summed.
 */
export function ourPathNorm(spec: NetworkSpec & { theta: number[] }, q: number): number {
  const nodes = spec.nodes.map((n) => (n.kind === 'hidden' ? { ...n, activation: 'identity' as const } : n));
  const pooled = new Set(spec.nodes.filter((n) => n.activation === 'maxpool').map((n) => n.id));
  const edges = spec.edges.map((e) => {
    if (pooled.has(e.to)) return { ...e, weight: 1 };
    if (e.weight !== undefined) return { ...e, weight: Math.abs(e.weight) ** q };
    return e;
  });
  const theta = spec.theta.map((t) => Math.abs(t) ** q);
  const net = createNetwork({ ...spec, nodes, edges, theta });
  const ones = new Float64Array(net.inputs.length).fill(1);
  return forward(net, theta, ones, 1).outputs.reduce((s, y) => s + y, 0);
}

/** max |a − b| / max |b|: the norm-wise relative error of float32 results. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
}
