import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { backward } from './backward.js';
import { createNetwork } from './createNetwork.js';
import { forward } from './forward.js';
import { mseGradient } from './mseGradient.js';
import { networkSpec } from './networkSpec.js';
import { NetworkError } from './NetworkError.js';
import { parseNetwork } from './parseNetwork.js';
import { presetSpec } from './presetSpec.js';

/** A tensor [channels][rows][cols]; 1-D signals have one row. */
type Tensor = number[][][];

interface Conf {
  dims: 1 | 2;
  input: [number, number];
  channels: number[];
  kernel: [number, number];
  nOut: number;
  stride: number;
  padding: number;
  pool: number;
  linear: boolean;
  res: boolean;
  bias: 'none' | 'all' | 'hidden';
}

/**
 * The network written directly as a convolution, independently of the preset's graph: reads theta
 * in the documented order (W1, b1, W2, b2, …, A, b; W_l[c][i][taps row-major], A[o][c][positions
 * row-major]) and computes every layer with explicit loops. A 1-D signal is a grid with one row and a
 * kernel of height 1 (its padding applies along the columns only).
 */
function directConv(conf: Conf, theta: ArrayLike<number>, x: Tensor): number[] {
  let at = 0;
  const read = () => theta[at++]!;
  const m = conf.channels.length - 1;
  const act = (t: number) => (conf.linear ? t : Math.max(t, 0));
  const [kh, kw] = conf.kernel;
  const padR = conf.dims === 2 ? conf.padding : 0;
  const padC = conf.padding;
  const layers: Tensor[] = [x];
  let cur = x;
  for (let l = 1; l <= m; l++) {
    const cin = conf.channels[l - 1]!;
    const cout = conf.channels[l]!;
    const H = cur[0]!.length;
    const W = cur[0]![0]!.length;
    const Ho = Math.floor((H + 2 * padR - kh) / conf.stride) + 1;
    const Wo = Math.floor((W + 2 * padC - kw) / conf.stride) + 1;
    const K: number[][][][] = [];
    for (let c = 0; c < cout; c++) {
      K.push([]);
      for (let i = 0; i < cin; i++) {
        K[c]!.push([]);
        for (let u = 0; u < kh; u++) {
          K[c]![i]!.push([]);
          for (let v = 0; v < kw; v++) K[c]![i]![u]!.push(read());
        }
      }
    }
    const isOut = l === m && conf.nOut === 0;
    const withBias = isOut ? conf.bias === 'all' : conf.bias !== 'none';
    const b = Array.from({ length: cout }, () => (withBias ? read() : 0));
    const next: Tensor = [];
    for (let c = 0; c < cout; c++) {
      next.push([]);
      for (let r = 0; r < Ho; r++) {
        next[c]!.push([]);
        for (let s = 0; s < Wo; s++) {
          let z = b[c]!;
          for (let i = 0; i < cin; i++) {
            for (let u = 0; u < kh; u++) {
              for (let v = 0; v < kw; v++) {
                const rr = r * conf.stride - padR + u;
                const ss = s * conf.stride - padC + v;
                if (rr >= 0 && rr < H && ss >= 0 && ss < W) z += K[c]![i]![u]![v]! * cur[i]![rr]![ss]!;
              }
            }
          }
          if (conf.res && l >= 2 && (m - l) % 2 === 0) z += layers[l - 2]![c]![r]![s]!;
          next[c]![r]!.push(isOut ? z : act(z));
        }
      }
    }
    layers.push(next);
    cur = next;
  }
  if (conf.nOut === 0) return cur.flat(2);
  if (conf.pool > 0) {
    const g = conf.pool;
    const gh = conf.dims === 2 ? g : 1;
    cur = cur.map((ch) => {
      const rows: number[][] = [];
      for (let r = 0; r < ch.length / gh; r++) {
        rows.push([]);
        for (let s = 0; s < ch[0]!.length / g; s++) {
          let best = Number.NEGATIVE_INFINITY;
          for (let u = 0; u < gh; u++)
            for (let v = 0; v < g; v++) best = Math.max(best, ch[r * gh + u]![s * g + v]!);
          rows[r]!.push(best);
        }
      }
      return rows;
    });
  }
  const feats = cur.flat(2);
  const A = Array.from({ length: conf.nOut }, () => feats.map(() => read()));
  const bo = Array.from({ length: conf.nOut }, () => (conf.bias === 'all' ? read() : 0));
  return A.map((row, o) => row.reduce((s, a, k) => s + a * feats[k]!, bo[o]!));
}

function presetOf(conf: Conf): string {
  const shape = conf.dims === 1 ? `${conf.input[1]}` : `${conf.input[0]}x${conf.input[1]}`;
  const kernel = conf.dims === 1 ? `${conf.kernel[1]}` : `${conf.kernel[0]}x${conf.kernel[1]}`;
  const opts = [
    conf.stride !== 1 ? `s${conf.stride}` : '',
    conf.padding !== 0 ? `p${conf.padding}` : '',
    conf.pool !== 0 ? `pool${conf.pool}` : '',
    conf.linear ? 'linear' : '',
    conf.res ? 'res' : '',
  ].filter((s) => s !== '');
  const suffix = conf.bias === 'all' ? '+bias' : conf.bias === 'hidden' ? '+hbias' : '';
  return (
    [`conv${conf.dims}d`, shape, conf.channels.join('-'), kernel, `${conf.nOut}`, ...opts].join(':') + suffix
  );
}

const base: Conf = {
  dims: 1,
  input: [1, 6],
  channels: [1, 2],
  kernel: [1, 3],
  nOut: 1,
  stride: 1,
  padding: 0,
  pool: 0,
  linear: false,
  res: false,
  bias: 'none',
};

/** Configurations: every option alone and in combination, 1-D and 2-D. */
const confs: Conf[] = [
  base,
  { ...base, bias: 'all' },
  { ...base, channels: [2, 3, 2], nOut: 2, bias: 'hidden' },
  { ...base, input: [1, 7], stride: 2, padding: 1 },
  { ...base, input: [1, 9], kernel: [1, 2], pool: 2, bias: 'all' },
  { ...base, channels: [2, 3, 2], padding: 1, nOut: 0, res: true, bias: 'all' },
  { ...base, channels: [1, 2, 2, 2], padding: 1, res: true, linear: true },
  { ...base, input: [1, 5], padding: 2, bias: 'hidden' },
  { ...base, dims: 2, input: [4, 5], kernel: [2, 3], channels: [1, 2], nOut: 2 },
  {
    ...base,
    dims: 2,
    input: [5, 5],
    kernel: [3, 3],
    channels: [2, 2, 1],
    padding: 1,
    stride: 2,
    bias: 'all',
  },
  { ...base, dims: 2, input: [6, 6], kernel: [3, 3], channels: [1, 2, 2], pool: 2, bias: 'all' },
  { ...base, dims: 2, input: [4, 4], kernel: [3, 3], channels: [2, 3, 2], padding: 1, nOut: 0, res: true },
];

describe('convolution presets', () => {
  it('give D 10 for MATH.md §7 reference conv 1-D (L = 4, 1 → 2 channels, k = 2, readout to 1)', () => {
    // 2 channels × 1 input channel × 2 taps + readout 2 channels × 3 positions × 1 output.
    const net = parseNetwork('conv1d:4:1-2:2:1');
    expect(net.D).toBe(10);
    expect(net.shared).toBe(true);
    expect(net.paramNames).toEqual([
      'W1[c=0,i=0,j=0]',
      'W1[c=0,i=0,j=1]',
      'W1[c=1,i=0,j=0]',
      'W1[c=1,i=0,j=1]',
      'A[o=0,c=0,p=0]',
      'A[o=0,c=0,p=1]',
      'A[o=0,c=0,p=2]',
      'A[o=0,c=1,p=0]',
      'A[o=0,c=1,p=1]',
      'A[o=0,c=1,p=2]',
    ]);
    // Kernel entry W1[c=0,i=0,j=1] weighs x_{p+1} → h1_0_p at the three positions p.
    expect(
      net.paramEdges[1]!.map(
        (e) => `${net.nodes[net.edges[e]!.from]!.id}→${net.nodes[net.edges[e]!.to]!.id}`,
      ),
    ).toEqual(['x0_1→h1_0_0', 'x0_2→h1_0_1', 'x0_3→h1_0_2']);
  });

  it('have the closed-form D of a 2-layer 8-channel conv net on 28×28 inputs', () => {
    // 8·9 + 8·8·9 kernel entries, 8 + 8 channel biases, 10 · 8 · 12 · 12 readout weights after
    // 2×2 pooling of the 24×24 grid, 10 output biases.
    const spec = presetSpec('conv2d:28x28:1-8-8:3x3:10:pool2+bias');
    expect(spec.paramNames!.length).toBe(72 + 576 + 16 + 11520 + 10);
  });

  it('forward equals a direct convolution written independently, on 12 configurations', () => {
    const rng = createRng(31);
    for (const conf of confs) {
      const p = presetOf(conf);
      const net = parseNetwork(p);
      const theta = rng.normals(net.D);
      const batch = 3;
      const X = rng.normals(batch * net.inputs.length);
      const out = forward(net, theta, X, batch).outputs;
      const nIn = net.inputs.length;
      const [H, W] = conf.input;
      const c0 = conf.channels[0]!;
      for (let s = 0; s < batch; s++) {
        const x: Tensor = Array.from({ length: c0 }, (_, c) =>
          Array.from({ length: H }, (_, r) =>
            Array.from({ length: W }, (_, q) => X[s * nIn + (c * H + r) * W + q]!),
          ),
        );
        const ref = directConv(conf, theta, x);
        const got = Array.from(out.subarray(s * net.outputs.length, (s + 1) * net.outputs.length));
        expect(got, p).toBeAllClose(ref, { rtol: 1e-12, atol: 1e-12 });
      }
    }
  });

  it('backward and the MSE gradient match central differences on every configuration', () => {
    const rng = createRng(32);
    for (const conf of confs) {
      const p = presetOf(conf);
      const net = parseNetwork(p);
      const theta = rng.normals(net.D);
      const batch = 2;
      const X = rng.normals(batch * net.inputs.length);
      const Y = rng.normals(batch * net.outputs.length);
      const g = mseGradient(net, theta, X, Y, batch).gradTheta;
      const loss = (t: Float64Array) => mseGradient(net, t, X, Y, batch).loss;
      const h = 1e-6;
      const fd = Float64Array.from({ length: net.D }, (_, j) => {
        const tp = Float64Array.from(theta);
        const tm = Float64Array.from(theta);
        tp[j]! += h;
        tm[j]! -= h;
        return (loss(tp) - loss(tm)) / (2 * h);
      });
      expect(g, p).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-7 });
      // backward with the cotangent residual / N is the MSE gradient.
      const r = mseGradient(net, theta, X, Y, batch);
      const cot = r.residual.map((v) => v / batch);
      expect(backward(net, theta, X, batch, cot).gradTheta, p).toEqual(r.gradTheta);
    }
  });

  it('are canonical, with skips of fixed weight 1 and max-pool windows without parameters', () => {
    for (const conf of confs) {
      const spec = presetSpec(presetOf(conf));
      expect(networkSpec(createNetwork(spec)), presetOf(conf)).toEqual(spec);
    }
    const res = parseNetwork('conv1d:4:2-3-2:3:0:p1:res');
    const skips = res.edges.filter((_, e) => res.edgeParam[e] === -1);
    expect(skips.map((e) => `${res.nodes[e.from]!.id}→${res.nodes[e.to]!.id}`)).toEqual([
      'x0_0→y0_0',
      'x0_1→y0_1',
      'x0_2→y0_2',
      'x0_3→y0_3',
      'x1_0→y1_0',
      'x1_1→y1_1',
      'x1_2→y1_2',
      'x1_3→y1_3',
    ]);
    expect(skips.map((_, i) => res.fixedWeight[res.edges.indexOf(skips[i]!)])).toEqual(new Array(8).fill(1));
    const pooled = parseNetwork('conv1d:8:1-2:2:1:pool7');
    expect(pooled.nodes.filter((n) => n.activation === 'maxpool').length).toBe(2);
  });

  it('share one bias per channel and one kernel entry over all positions', () => {
    const net = parseNetwork('conv1d:5:1-2:2:1+bias');
    // b1[c=0] is the bias of the four positions of channel 0.
    const b = net.paramNames.indexOf('b1[c=0]');
    expect(net.paramBiasNodes[b]!.map((v) => net.nodes[v]!.id)).toEqual([
      'h1_0_0',
      'h1_0_1',
      'h1_0_2',
      'h1_0_3',
    ]);
    expect(net.paramNames.slice(-1)).toEqual(['b[o=0]']);
  });

  it('reject impossible shapes with the reason', () => {
    const cases: [string, RegExp][] = [
      ['conv1d:2:1-1:3:1', /kernel 3 is larger than the padded input 2/],
      ['conv1d:7:1-1-1:2:1:s2', /position \(2\) of convolution layer 1 is read by no window of layer 2/],
      ['conv1d:6:1-2-2:3:1:res', /residual block of layers 1-2 maps 1 channels on 6 to 2 channels on 2/],
      ['conv1d:6:1-2:2:1:pool2', /pool window 2 does not divide the last convolution's grid 5/],
      ['conv1d:6:1-2:2:0:pool1', /pool needs a readout/],
      ['conv2d:6:1-2:2x2:1', /input size "6" should have 2 sizes separated by "x"/],
      ['conv1d:6:1-2:2:1:q3', /unknown option "q3"/],
      ['conv1d:6:1:2:1', /at least 2 widths/],
    ];
    for (const [p, why] of cases) {
      let caught: unknown;
      try {
        presetSpec(p);
      } catch (err) {
        caught = err;
      }
      expect(caught, p).toBeInstanceOf(NetworkError);
      expect((caught as NetworkError).message, p).toMatch(why);
    }
  });
});
