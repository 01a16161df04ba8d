import type { EdgeSpec, NetworkSpec, NodeSpec } from '../Network.js';
import { isClassicLayout } from './paramLayout.js';

/** A parsed `conv1d` / `conv2d` preset. Shapes have one entry per spatial axis (1 or 2). */
export interface ConvPreset {
  /** Input grid, e.g. [L] or [H, W]. */
  input: number[];
  /** Channels C0 (input), C1..Cm (convolution layers). */
  channels: number[];
  /** Kernel size per axis. */
  kernel: number[];
  /** Outputs of the dense readout; 0 = the last convolution layer is the output. */
  nOut: number;
  stride: number;
  padding: number;
  /** Max-pool window per axis after the last convolution (0 = none). */
  pool: number;
  /** Identity activations instead of ReLU. */
  linear: boolean;
  /** Parameter-free skips around pairs of convolution layers, counted from the last one. */
  residual: boolean;
  bias: 'none' | 'all' | 'hidden';
}

/** One layer of neurons on a grid: ids by channel and flat position. */
interface Grid {
  shape: number[];
  channels: number;
  id: (c: number, pos: number) => string;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Multi-index of a flat row-major position. */
function unflat(pos: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = pos % shape[a]!;
    pos = Math.floor(pos / shape[a]!);
  }
  return out;
}

function flat(idx: readonly number[], shape: readonly number[]): number {
  let pos = 0;
  for (let a = 0; a < shape.length; a++) pos = pos * shape[a]! + idx[a]!;
  return pos;
}

const posName = (idx: readonly number[]) => idx.join('_');
const kernelName = (idx: readonly number[]) => (idx.length === 1 ? `j=${idx[0]}` : `u=${idx[0]},v=${idx[1]}`);
const placeName = (idx: readonly number[]) => (idx.length === 1 ? `p=${idx[0]}` : `p=${idx[0]},q=${idx[1]}`);

/** Output shape of a convolution, or a reason it is empty. */
export function convShape(
  shape: readonly number[],
  kernel: readonly number[],
  stride: number,
  padding: number,
): number[] | string {
  const out: number[] = [];
  for (let a = 0; a < shape.length; a++) {
    const span = shape[a]! + 2 * padding - kernel[a]!;
    if (span < 0) return `kernel ${kernel[a]} is larger than the padded input ${shape[a]! + 2 * padding}`;
    out.push(Math.floor(span / stride) + 1);
  }
  return out;
}

/** The taps of output position `out`: [kernel flat index, input flat position] inside the input grid. */
function taps(
  out: readonly number[],
  inShape: readonly number[],
  kernel: readonly number[],
  stride: number,
  padding: number,
): [number, number][] {
  const list: [number, number][] = [];
  const K = size(kernel);
  for (let k = 0; k < K; k++) {
    const kk = unflat(k, kernel);
    const at = out.map((o, a) => o * stride - padding + kk[a]!);
    if (at.every((x, a) => x >= 0 && x < inShape[a]!)) list.push([k, flat(at, inShape)]);
  }
  return list;
}

/**
 * Number of edges of the preset, counted without building it (for the size guard), or a reason the
 * preset is invalid (a shape that vanishes, a hidden position no later window reads, a residual
 * block whose input and output shapes differ, a pool window that does not divide the grid).
 */
export function convEdgeCount(p: ConvPreset): number | string {
  let shape = p.input;
  let edges = 0;
  const shapes: number[][] = [shape];
  const m = p.channels.length - 1;
  for (let l = 1; l <= m; l++) {
    const next = convShape(shape, p.kernel, p.stride, p.padding);
    if (typeof next === 'string') return `convolution layer ${l}: ${next}`;
    const read = new Uint8Array(size(shape));
    let perChannelPair = 0;
    for (let o = 0; o < size(next); o++) {
      const t = taps(unflat(o, next), shape, p.kernel, p.stride, p.padding);
      for (const [, i] of t) read[i] = 1;
      perChannelPair += t.length;
    }
    if (l > 1 && read.includes(0)) {
      const at = unflat(read.indexOf(0), shape).join(',');
      return `position (${at}) of convolution layer ${l - 1} is read by no window of layer ${l} (choose sizes, stride and padding so that the windows cover every position)`;
    }
    edges += perChannelPair * p.channels[l]! * p.channels[l - 1]!;
    shape = next;
    shapes.push(shape);
  }
  if (p.residual) {
    for (let l = m; l >= 2; l -= 2) {
      const a = shapes[l - 2]!;
      const b = shapes[l]!;
      if (p.channels[l - 2] !== p.channels[l] || a.some((x, i) => x !== b[i])) {
        return `the residual block of layers ${l - 1}-${l} maps ${p.channels[l - 2]} channels on ${a.join('x')} to ${p.channels[l]} channels on ${b.join('x')}: a parameter-free skip needs equal shapes (same channels, stride 1, padding (K-1)/2)`;
      }
      edges += p.channels[l]! * size(b);
    }
  }
  let last = p.channels[m]! * size(shape);
  if (p.pool > 0) {
    if (shape.some((x) => x % p.pool !== 0)) {
      return `the pool window ${p.pool} does not divide the last convolution's grid ${shape.join('x')}`;
    }
    edges += last;
    last /= p.pool ** shape.length;
  }
  if (p.nOut > 0) edges += last * p.nOut;
  return edges;
}

/**
 * Builds the spec of a convolution preset (see `presetSpec`): parameters W1, b1, W2, b2, …, A, b
 * in this order, one kernel entry W_l[c, i, kernel offset] shared by every output position.
 */
export function convSpec(p: ConvPreset): NetworkSpec {
  const nodes: NodeSpec[] = [];
  const edges: EdgeSpec[] = [];
  const names: string[] = [];
  const dims = p.input.length;
  const m = p.channels.length - 1;
  const lastIsOutput = p.nOut === 0;
  const act = p.linear ? 'identity' : 'relu';
  const hiddenBias = p.bias !== 'none';
  const outBias = p.bias === 'all';

  const input: Grid = {
    shape: p.input,
    channels: p.channels[0]!,
    id: (c, pos) => `x${c}_${posName(unflat(pos, p.input))}`,
  };
  for (let c = 0; c < input.channels; c++) {
    for (let pos = 0; pos < size(input.shape); pos++) nodes.push({ id: input.id(c, pos), kind: 'input' });
  }
  // Residual blocks are the pairs (m-1, m), (m-3, m-2), …; skipFrom[l] is the block input of layer l.
  const skipFrom = new Map<number, Grid>();
  const grids: Grid[] = [input];
  let prev = input;
  for (let l = 1; l <= m; l++) {
    const shape = convShape(prev.shape, p.kernel, p.stride, p.padding) as number[];
    const isOut = l === m && lastIsOutput;
    const grid: Grid = {
      shape,
      channels: p.channels[l]!,
      id: isOut
        ? (c, pos) => `y${c}_${posName(unflat(pos, shape))}`
        : (c, pos) => `h${l}_${c}_${posName(unflat(pos, shape))}`,
    };
    const withBias = isOut ? outBias : hiddenBias;
    // Kernel offsets that some output position reads (with large padding, a corner may read none).
    const K = size(p.kernel);
    const tapsOf = Array.from({ length: size(shape) }, (_, pos) =>
      taps(unflat(pos, shape), prev.shape, p.kernel, p.stride, p.padding),
    );
    const slot = new Int32Array(K).fill(-1);
    for (const t of tapsOf) for (const [k] of t) slot[k] = 0;
    let nk = 0;
    for (let k = 0; k < K; k++) if (slot[k] === 0) slot[k] = nk++;
    const wBase = names.length;
    for (let c = 0; c < grid.channels; c++) {
      for (let i = 0; i < prev.channels; i++) {
        for (let k = 0; k < K; k++) {
          if (slot[k]! >= 0) names.push(`W${l}[c=${c},i=${i},${kernelName(unflat(k, p.kernel))}]`);
        }
      }
    }
    const bBase = names.length;
    if (withBias) for (let c = 0; c < grid.channels; c++) names.push(`b${l}[c=${c}]`);
    if (p.residual && (m - l) % 2 === 0 && l >= 2) skipFrom.set(l, grids[l - 2]!);
    for (let c = 0; c < grid.channels; c++) {
      for (let pos = 0; pos < size(shape); pos++) {
        const id = grid.id(c, pos);
        const node: NodeSpec = isOut ? { id, kind: 'output' } : { id, kind: 'hidden', activation: act };
        if (withBias) {
          node.bias = true;
          node.biasParam = bBase + c;
        }
        nodes.push(node);
        for (let i = 0; i < prev.channels; i++) {
          for (const [k, from] of tapsOf[pos]!) {
            edges.push({
              from: prev.id(i, from),
              to: id,
              param: wBase + (c * prev.channels + i) * nk + slot[k]!,
            });
          }
        }
        const skip = skipFrom.get(l);
        if (skip) edges.push({ from: skip.id(c, pos), to: id, weight: 1 });
      }
    }
    grids.push(grid);
    prev = grid;
  }
  if (p.pool > 0) {
    const g = p.pool;
    const shape = prev.shape.map((x) => x / g);
    const from = prev;
    const pool: Grid = {
      shape,
      channels: prev.channels,
      id: (c, pos) => `p_${c}_${posName(unflat(pos, shape))}`,
    };
    const win = new Array<number>(dims).fill(g);
    for (let c = 0; c < pool.channels; c++) {
      for (let pos = 0; pos < size(shape); pos++) {
        const id = pool.id(c, pos);
        nodes.push({ id, kind: 'hidden', activation: 'maxpool', k: 1 });
        const at = unflat(pos, shape);
        for (let k = 0; k < size(win); k++) {
          const kk = unflat(k, win);
          edges.push({
            from: from.id(
              c,
              flat(
                at.map((a, ax) => a * g + kk[ax]!),
                from.shape,
              ),
            ),
            to: id,
          });
        }
      }
    }
    prev = pool;
  }
  if (p.nOut > 0) {
    const aBase = names.length;
    const P = size(prev.shape);
    for (let o = 0; o < p.nOut; o++) {
      for (let c = 0; c < prev.channels; c++) {
        for (let pos = 0; pos < P; pos++)
          names.push(`A[o=${o},c=${c},${placeName(unflat(pos, prev.shape))}]`);
      }
    }
    const bBase = names.length;
    if (outBias) for (let o = 0; o < p.nOut; o++) names.push(`b[o=${o}]`);
    for (let o = 0; o < p.nOut; o++) {
      const node: NodeSpec = { id: `y${o}`, kind: 'output' };
      if (outBias) {
        node.bias = true;
        node.biasParam = bBase + o;
      }
      nodes.push(node);
      for (let c = 0; c < prev.channels; c++) {
        for (let pos = 0; pos < P; pos++) {
          edges.push({
            from: prev.id(c, pos),
            to: `y${o}`,
            param: aBase + (o * prev.channels + c) * P + pos,
          });
        }
      }
    }
  }
  // Canonical form: indices only when the layout is not the classic one (networkSpec's rule).
  const edgeParam = edges.map((e) => e.param ?? -1);
  const biasParam = nodes.map((n) => n.biasParam ?? -1);
  if (isClassicLayout(edgeParam, biasParam)) {
    for (const e of edges) delete e.param;
    for (const n of nodes) delete n.biasParam;
  }
  return { nodes, edges, paramNames: names };
}
