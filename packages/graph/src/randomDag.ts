import type { Rng } from '@idyn/linalg';
import { createNetwork } from './createNetwork.js';
import type { EdgeSpec, Network, NodeSpec } from './Network.js';

/** An integer count, fixed (`3`) or drawn uniformly from an inclusive range (`[1, 3]`). */
export type CountRange = number | readonly [number, number];

/** Options of {@link randomDag}. */
export interface RandomDagOptions {
  /** Number of inputs. @default [1, 3] */
  inputs?: CountRange;
  /** Number of outputs. @default [1, 2] */
  outputs?: CountRange;
  /** Number of hidden layers (0 allowed: inputs wired to outputs). @default [1, 3] */
  layers?: CountRange;
  /** Width of each hidden layer, drawn per layer. @default [1, 3] */
  width?: CountRange;
  /** Probability of each edge between consecutive layers. @default 0.7 */
  density?: number;
  /** Probability of each skip edge from layer l to layer m >= l + 2. @default 0.2 */
  skipProbability?: number;
  /** Probability that a hidden neuron is identity instead of ReLU. @default 0 */
  identityProbability?: number;
  /** Probability that a hidden neuron is k-max-pool (k uniform in 1..in-degree). @default 0 */
  maxpoolProbability?: number;
  /** Probability that a hidden (non max-pool) or output neuron has a bias. @default 0 */
  biasProbability?: number;
  /** Shuffle node and edge order, so that neither is topological. @default true */
  shuffle?: boolean;
}

/**
 * A random valid DAG network for property tests, reproducible from the generator's stream.
 *
 * Construction: layer 0 holds the inputs, layers 1..L the hidden neurons, layer L+1 the outputs. An
 * edge joins consecutive layers with probability `density`, and layer l to layer m >= l+2 (a skip
 * over m-l-1 layers) with probability `skipProbability`. Then every neuron of a layer m >= 1 without
 * an incoming edge gets one from a random neuron of layer m-1, and every hidden neuron without an
 * outgoing edge gets one to a random neuron of layer l+1; so every hidden neuron is on an
 * input→output path, and edges only go forward, so the graph is acyclic. Ids: `x<i>`, `h<l>_<i>`,
 * `y<i>`.
 *
 * @param rng - seeded generator from `@idyn/linalg` `createRng`
 * @param options - see {@link RandomDagOptions}
 * @returns a network that `createNetwork` accepted
 * @throws RangeError naming the option if a count or probability is out of range
 * @example
 * const net = randomDag(createRng(1), { layers: 2, skipProbability: 0.5, biasProbability: 0.5 });
 * net.hidden.length > 0; // true
 * @see MATH.md §1
 */
export function randomDag(rng: Rng, options: RandomDagOptions = {}): Network {
  const count = (name: string, r: CountRange, min: number): number => {
    const [lo, hi] = typeof r === 'number' ? [r, r] : r;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi < lo) {
      throw new RangeError(
        `randomDag: options.${name} must be an integer >= ${min} or a range [lo, hi], got ${String(r)}`,
      );
    }
    return rng.integer(lo, hi);
  };
  const prob = (name: string, p: number): number => {
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) {
      throw new RangeError(`randomDag: options.${name} must be a probability in [0, 1], got ${String(p)}`);
    }
    return p;
  };
  const density = prob('density', options.density ?? 0.7);
  const skip = prob('skipProbability', options.skipProbability ?? 0.2);
  const pId = prob('identityProbability', options.identityProbability ?? 0);
  const pMax = prob('maxpoolProbability', options.maxpoolProbability ?? 0);
  const pBias = prob('biasProbability', options.biasProbability ?? 0);
  const nIn = count('inputs', options.inputs ?? [1, 3], 1);
  const nOut = count('outputs', options.outputs ?? [1, 2], 1);
  const L = count('layers', options.layers ?? [1, 3], 0);
  const widthRange = options.width ?? [1, 3];
  const widths = [nIn];
  for (let l = 1; l <= L; l++) widths.push(count('width', widthRange, 1));
  widths.push(nOut);

  const ids = widths.map((w, l) =>
    Array.from({ length: w }, (_, i) => (l === 0 ? `x${i}` : l === L + 1 ? `y${i}` : `h${l}_${i}`)),
  );
  const pairs: [number, number, number, number][] = [];
  const has = new Set<string>();
  const inDeg = widths.map((w) => new Array<number>(w).fill(0));
  const outDeg = widths.map((w) => new Array<number>(w).fill(0));
  const add = (l: number, i: number, m: number, j: number): void => {
    const key = `${l},${i},${m},${j}`;
    if (has.has(key)) return;
    has.add(key);
    pairs.push([l, i, m, j]);
    outDeg[l]![i]!++;
    inDeg[m]![j]!++;
  };
  for (let m = 1; m <= L + 1; m++) {
    for (let j = 0; j < widths[m]!; j++) {
      for (let l = 0; l < m; l++) {
        const p = l === m - 1 ? density : skip;
        for (let i = 0; i < widths[l]!; i++) if (rng.uniform() < p) add(l, i, m, j);
      }
    }
  }
  for (let m = 1; m <= L + 1; m++) {
    for (let j = 0; j < widths[m]!; j++) {
      if (inDeg[m]![j] === 0) add(m - 1, rng.integer(0, widths[m - 1]! - 1), m, j);
    }
  }
  for (let l = L; l >= 1; l--) {
    for (let i = 0; i < widths[l]!; i++) {
      if (outDeg[l]![i] === 0) add(l, i, l + 1, rng.integer(0, widths[l + 1]! - 1));
    }
  }

  const nodes: NodeSpec[] = [];
  widths.forEach((w, l) => {
    for (let i = 0; i < w; i++) {
      const id = ids[l]![i]!;
      if (l === 0) {
        nodes.push({ id, kind: 'input' });
        continue;
      }
      if (l === L + 1) {
        nodes.push(rng.uniform() < pBias ? { id, kind: 'output', bias: true } : { id, kind: 'output' });
        continue;
      }
      const u = rng.uniform();
      if (u < pMax) {
        nodes.push({ id, kind: 'hidden', activation: 'maxpool', k: rng.integer(1, inDeg[l]![i]!) });
        continue;
      }
      const node: NodeSpec = { id, kind: 'hidden', activation: u < pMax + pId ? 'identity' : 'relu' };
      if (rng.uniform() < pBias) node.bias = true;
      nodes.push(node);
    }
  });
  const edges: EdgeSpec[] = pairs.map(([l, i, m, j]) => ({ from: ids[l]![i]!, to: ids[m]![j]! }));
  if (options.shuffle ?? true) {
    shuffleInPlace(rng, nodes);
    shuffleInPlace(rng, edges);
  }
  return createNetwork({ nodes, edges });
}

function shuffleInPlace<T>(rng: Rng, a: T[]): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
