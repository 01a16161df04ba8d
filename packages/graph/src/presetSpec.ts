import { checkLimit } from '@idyn/linalg';
import type { EdgeSpec, NetworkSpec, NodeSpec } from './Network.js';
import { type ConvPreset, convEdgeCount, convSpec } from './internal/convPreset.js';
import { NetworkError } from './NetworkError.js';

/** The preset forms accepted by {@link presetSpec}, as printed in error messages. */
export const PRESET_FORMS: readonly string[] = [
  'relu:W0-W1-...-WL        layered ReLU network, widths from input to output (e.g. relu:2-3-2)',
  'linear:W0-W1-...-WL      layered network with identity hidden neurons (e.g. linear:2-3-2)',
  'dense:W0-W1-...-WL       ReLU, every layer connected to every later layer (e.g. dense:2-3-3-1)',
  'resblock:W:B             B residual blocks of width W: ReLU layer, then identity stream with skip edges (e.g. resblock:2:2)',
  'maxpool:I-H-P-O[:k]      I inputs, H ReLU, P k-max-pool neurons over H/P consecutive ones, O outputs (e.g. maxpool:2-4-2-1:2)',
  'conv1d:L:C0-C1-...-Cm:K:N[:opts]  1-D convolutions, C0 input channels of length L, kernel K shared over positions, dense readout to N outputs (N = 0: last layer is the output) (e.g. conv1d:4:1-2:2:1)',
  'conv2d:HxW:C0-C1-...-Cm:KHxKW:N[:opts]  2-D convolutions on an H x W grid (e.g. conv2d:28x28:1-8-8:3x3:10:pool2)',
  '  conv options, in any order: s<S> stride, p<P> zero padding, pool<G> max-pool over G (GxG) windows after the last convolution, linear (identity activations), res (parameter-free skips around pairs of layers, from the last)',
  'any of the above + "+bias" (biases on hidden and output neurons; one per channel for convolutions) or "+hbias" (hidden only)',
];

type BiasMode = 'none' | 'all' | 'hidden';

/** Largest number of edges a preset may expand to (a guard against typos such as `relu:2-30000-30000-1`). */
export const MAX_PRESET_EDGES = 2_000_000;

/** Options of {@link presetSpec}. */
export interface PresetSpecOptions {
  /**
   * Largest number of edges the preset may expand to, checked before anything is built (a front end
   * with less memory than the CLI, such as a web page, passes its own).
   * @default MAX_PRESET_EDGES
   */
  readonly maxEdges?: number;
}

function checkSize(preset: string, edges: number, limit: number): void {
  // a BudgetError (a RangeError) carrying option 'maxEdges', so that a front end names its flag
  const estimate = {
    task: 'presetSpec',
    action: `building the network ${JSON.stringify(preset.length > 60 ? `${preset.slice(0, 60)}…` : preset)}`,
    memoryBytes: 400 * edges,
    work: 20_000 * edges,
    sizes: { edges },
  };
  checkLimit(estimate, 'maxEdges', 'edges', edges, limit);
}

/**
 * Expands a preset string into a {@link NetworkSpec}.
 *
 * Node ids: inputs `x0, x1, ...`; hidden layer l (1-based) neuron i `h<l>_<i>`; outputs `y0, ...`.
 * `resblock` names its ReLU layers `r<b>_<i>` and its stream layers `s<b>_<i>` (the last stream is
 * the outputs `y<i>`); `maxpool` names its pool layer `p2_<j>`. Edge order (hence theta order) is by
 * target layer, then target neuron, then source (layer, then neuron): for layered presets the weights
 * of layer l are W_l row-major (W_l[i, j] weighs `x_j → h_i`). See the README for every preset's edges.
 *
 * Convolutions (MATH.md §7): `conv1d:L:C0-C1-…-Cm:K:N[:options]` and
 * `conv2d:HxW:C0-C1-…-Cm:KHxKW:N[:options]`: C0 input channels of length L (an H×W grid), m
 * convolution layers with kernel K (KH×KW) shared by every output position, ReLU (`linear`: identity),
 * a dense readout to N outputs (N = 0: the last layer is the output); options `s<S>` stride, `p<P>`
 * zero padding, `pool<G>` max-pool over G (G×G) windows after the last convolution, `res`
 * parameter-free skips (fixed weight 1) around pairs of layers counted from the last; `+bias` one
 * bias per channel and per output, `+hbias` hidden channels only. Parameters W1, b1, …, A, b with
 * names `W1[c=0,i=0,j=1]`, `b1[c=0]`, `A[o=0,c=1,p=3]`, `b[o=0]` (2-D: `u=…,v=…` and `p=…,q=…`).
 *
 * @param preset - e.g. `relu:2-3-2`, `linear:2-3-2+bias`, `dense:2-3-3-1`, `resblock:2:3+hbias`,
 *   `maxpool:2-4-2-1:2`, `conv1d:4:1-2:2:1`, `conv2d:28x28:1-8-8:3x3:10:pool2+bias`
 * @returns the spec (no theta)
 * @throws NetworkError with code `unknown-preset` listing the valid forms when `preset` does not parse
 *   (for convolutions also when the shapes cannot work, with the reason: a kernel larger than the
 *   padded input, a hidden position no window reads, a pool window that does not divide the grid, a
 *   residual pair of unequal shapes)
 * @param options - `maxEdges`, the size limit checked before expanding (default {@link MAX_PRESET_EDGES})
 * @throws BudgetError (a RangeError, option `maxEdges`) if the preset would have more than
 *   `options.maxEdges` edges (its `value` is the edge count, computed without expanding)
 * @example
 * presetSpec('relu:1-2-1').edges.map((e) => `${e.from}→${e.to}`);
 * // ['x0→h1_0', 'x0→h1_1', 'h1_0→y0', 'h1_1→y0']
 * presetSpec('conv1d:4:1-2:2:1').paramNames!.length; // 10 (MATH.md §7: 2×2 kernel entries, 2×3 readout)
 * @see MATH.md §1, §7 (convolutions)
 */
export function presetSpec(preset: string, options: PresetSpecOptions = {}): NetworkSpec {
  if (typeof preset !== 'string') {
    throw new TypeError(`presetSpec: preset must be a string, got ${typeof preset}`);
  }
  const maxEdges = options.maxEdges ?? MAX_PRESET_EDGES;
  if (!(Number.isSafeInteger(maxEdges) && maxEdges >= 1))
    throw new RangeError(`presetSpec: options.maxEdges must be a positive integer, got ${String(maxEdges)}`);
  const fail = (why: string): never => {
    throw new NetworkError(
      'unknown-preset',
      `presetSpec: unknown preset ${JSON.stringify(preset)} (${why}); valid forms:\n  ${PRESET_FORMS.join('\n  ')}`,
    );
  };
  const text = preset.trim();
  let body = text;
  let bias: BiasMode = 'none';
  if (body.endsWith('+bias')) {
    bias = 'all';
    body = body.slice(0, -5);
  } else if (body.endsWith('+hbias')) {
    bias = 'hidden';
    body = body.slice(0, -6);
  }
  const plus = body.indexOf('+');
  if (plus >= 0) {
    const rest = body.slice(plus);
    if (rest === '+bias' || rest === '+hbias')
      fail(`at most one of +bias and +hbias may be given, got ${JSON.stringify(text.slice(plus))}`);
    fail(`unknown suffix ${JSON.stringify(rest)} (expected +bias or +hbias at the end)`);
  }
  const colon = body.indexOf(':');
  if (colon < 0) fail('expected "family:arguments"');
  const family = body.slice(0, colon);
  const args = body.slice(colon + 1);
  const int = (s: string, what: string): number => {
    if (!/^[0-9]+$/.test(s)) fail(`${what} ${JSON.stringify(s)} is not a positive integer`);
    const v = Number(s);
    if (v < 1 || !Number.isSafeInteger(v)) fail(`${what} ${s} is not a positive integer`);
    return v;
  };
  const widthsOf = (s: string, min: number): number[] => {
    const parts = s.split('-');
    if (parts.length < min) fail(`expected at least ${min} widths separated by "-"`);
    return parts.map((p, i) => int(p, `width ${i}`));
  };
  const layeredEdges = (w: number[], dense: boolean): number => {
    let total = 0;
    let before = 0;
    for (let l = 1; l < w.length; l++) {
      before += w[l - 1]!;
      total += w[l]! * (dense ? before : w[l - 1]!);
    }
    return total;
  };
  switch (family) {
    case 'relu':
    case 'linear':
    case 'dense': {
      const w = widthsOf(args, 2);
      checkSize(text, layeredEdges(w, family === 'dense'), maxEdges);
      return layered(w, family === 'linear' ? 'identity' : 'relu', bias, family === 'dense');
    }
    case 'resblock': {
      const parts = args.split(':');
      if (parts.length !== 2) fail('expected resblock:W:B');
      const W = int(parts[0]!, 'width W');
      const B = int(parts[1]!, 'block count B');
      checkSize(text, B * W * (2 * W + 1), maxEdges);
      return resblock(W, B, bias);
    }
    case 'maxpool': {
      const parts = args.split(':');
      if (parts.length > 2) fail('expected maxpool:I-H-P-O[:k]');
      const w = widthsOf(parts[0]!, 4);
      if (w.length !== 4) fail('expected exactly four widths I-H-P-O');
      const k = parts.length === 2 ? int(parts[1]!, 'k') : 1;
      const [nIn, nHid, nPool, nOut] = w as [number, number, number, number];
      if (nHid % nPool !== 0) fail(`H = ${nHid} is not a multiple of P = ${nPool}`);
      if (k > nHid / nPool) fail(`k = ${k} exceeds the pool window H/P = ${nHid / nPool}`);
      checkSize(text, nIn * nHid + nHid + nPool * nOut, maxEdges);
      return maxpool(nIn, nHid, nPool, nOut, k, bias);
    }
    case 'conv1d':
    case 'conv2d': {
      const dims = family === 'conv1d' ? 1 : 2;
      const parts = args.split(':');
      if (parts.length < 4)
        fail(
          `expected ${family}:${dims === 1 ? 'L' : 'HxW'}:C0-C1-...:${dims === 1 ? 'K' : 'KHxKW'}:N[:options]`,
        );
      const shape = (str: string, what: string): number[] => {
        const xs = str.split('x');
        if (xs.length !== dims)
          fail(
            `${what} ${JSON.stringify(str)} should have ${dims} size${dims === 1 ? '' : 's'} separated by "x"`,
          );
        return xs.map((x) => int(x, what));
      };
      const nOutText = parts[3]!;
      if (!/^[0-9]+$/.test(nOutText))
        fail(`output count ${JSON.stringify(nOutText)} is not a non-negative integer`);
      const conv: ConvPreset = {
        input: shape(parts[0]!, 'input size'),
        channels: widthsOf(parts[1]!, 2),
        kernel: shape(parts[2]!, 'kernel size'),
        nOut: Number(nOutText),
        stride: 1,
        padding: 0,
        pool: 0,
        linear: false,
        residual: false,
        bias,
      };
      for (const opt of parts.slice(4)) {
        const num = /^(s|p|pool)([0-9]+)$/.exec(opt);
        if (num?.[1] === 's') conv.stride = int(num[2]!, 'stride');
        else if (num?.[1] === 'p') conv.padding = Number(num[2]);
        else if (num?.[1] === 'pool') conv.pool = int(num[2]!, 'pool window');
        else if (opt === 'linear') conv.linear = true;
        else if (opt === 'res') conv.residual = true;
        else fail(`unknown option ${JSON.stringify(opt)} (expected s<S>, p<P>, pool<G>, linear or res)`);
      }
      if (conv.pool > 0 && conv.nOut === 0)
        fail('pool needs a readout (N >= 1): max-pool neurons are hidden');
      const count = convEdgeCount(conv);
      if (typeof count === 'string') fail(count);
      checkSize(text, count as number, maxEdges);
      return convSpec(conv);
    }
    default:
      return fail(`unknown family ${JSON.stringify(family)}`);
  }
}

function layerIds(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

function layered(widths: number[], act: 'relu' | 'identity', bias: BiasMode, dense: boolean): NetworkSpec {
  const L = widths.length - 1;
  const ids = widths.map((w, l) => layerIds(l === 0 ? 'x' : l === L ? 'y' : `h${l}_`, w));
  const nodes: NodeSpec[] = [];
  ids.forEach((layer, l) => {
    for (const id of layer)
      nodes.push(l === 0 ? { id, kind: 'input' } : makeNode(id, l === L ? 'output' : 'hidden', act, bias));
  });
  const edges: EdgeSpec[] = [];
  for (let l = 1; l <= L; l++) {
    for (const to of ids[l]!) {
      for (let m = dense ? 0 : l - 1; m < l; m++) {
        for (const from of ids[m]!) edges.push({ from, to });
      }
    }
  }
  return { nodes, edges };
}

function resblock(W: number, B: number, bias: BiasMode): NetworkSpec {
  const stream = (b: number): string[] => layerIds(b === 0 ? 'x' : b === B ? 'y' : `s${b}_`, W);
  const nodes: NodeSpec[] = stream(0).map((id) => ({ id, kind: 'input' }));
  const edges: EdgeSpec[] = [];
  for (let b = 1; b <= B; b++) {
    const prev = stream(b - 1);
    const relu = layerIds(`r${b}_`, W);
    const next = stream(b);
    for (const id of relu) nodes.push(makeNode(id, 'hidden', 'relu', bias));
    for (const id of next) nodes.push(makeNode(id, b === B ? 'output' : 'hidden', 'identity', bias));
    for (const to of relu) for (const from of prev) edges.push({ from, to });
    next.forEach((to, i) => {
      edges.push({ from: prev[i]!, to });
      for (const from of relu) edges.push({ from, to });
    });
  }
  return { nodes, edges };
}

function maxpool(
  nIn: number,
  nHid: number,
  nPool: number,
  nOut: number,
  k: number,
  bias: BiasMode,
): NetworkSpec {
  const xs = layerIds('x', nIn);
  const hs = layerIds('h1_', nHid);
  const ps = layerIds('p2_', nPool);
  const ys = layerIds('y', nOut);
  const nodes: NodeSpec[] = [
    ...xs.map((id): NodeSpec => ({ id, kind: 'input' })),
    ...hs.map((id) => makeNode(id, 'hidden', 'relu', bias)),
    ...ps.map((id): NodeSpec => ({ id, kind: 'hidden', activation: 'maxpool', k })),
    ...ys.map((id) => makeNode(id, 'output', 'identity', bias)),
  ];
  const edges: EdgeSpec[] = [];
  for (const to of hs) for (const from of xs) edges.push({ from, to });
  const g = nHid / nPool;
  ps.forEach((to, j) => {
    for (let i = j * g; i < (j + 1) * g; i++) edges.push({ from: hs[i]!, to });
  });
  for (const to of ys) for (const from of ps) edges.push({ from, to });
  return { nodes, edges };
}

function makeNode(id: string, kind: 'hidden' | 'output', act: 'relu' | 'identity', bias: BiasMode): NodeSpec {
  const node: NodeSpec = kind === 'hidden' ? { id, kind, activation: act } : { id, kind };
  if (bias === 'all' || (bias === 'hidden' && kind === 'hidden')) node.bias = true;
  return node;
}
