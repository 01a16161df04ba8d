// Gemm, MatMul and Conv: affine maps whose weights are constants. The data operand is made into
// neurons first; every output element becomes a pending affine form whose terms read the weights'
// parameters (shared wherever ONNX reuses a weight: every position of a convolution).
import type { AffineValue, ConstValue, NeuronsValue } from '../builder.js';
import {
  checkAll,
  checkAttributes,
  checkRank,
  constInput,
  input,
  type OpContext,
  refuse,
} from '../context.js';
import { broadcastIndex, broadcastShapes, fmt, size } from '../shape.js';

/**
 * out[b, i, j] = Σ_k node · param over k, with the node and parameter indices given by callbacks:
 * the common core of Gemm and MatMul.
 */
function product(
  ctx: OpContext,
  shape: number[],
  batch: number,
  M: number,
  N: number,
  K: number,
  nodeAt: (b: number, i: number, j: number, k: number) => number,
  paramAt: (b: number, i: number, j: number, k: number) => number,
): AffineValue {
  const n = batch * M * N;
  ctx.b.charge(n * K, ctx.where, `${n} outputs × ${K} terms`);
  const ptr = new Int32Array(n + 1);
  const src = new Int32Array(n * K);
  const param = new Int32Array(n * K);
  let t = 0;
  let e = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        for (let k = 0; k < K; k++) {
          src[t] = nodeAt(b, i, j, k);
          param[t] = paramAt(b, i, j, k);
          t++;
        }
        ptr[++e] = t;
      }
    }
  }
  return {
    kind: 'affine',
    shape,
    ptr,
    src,
    param,
    bias: new Int32Array(n).fill(-1),
    exclusive: true,
    ops: [ctx.where],
  };
}

/** Multiplies the parameters of an exclusively used constant by `factor` (Gemm alpha/beta). */
function scaleParams(ctx: OpContext, c: ConstValue, params: Int32Array, factor: number, what: string): void {
  if (factor === 1) return;
  if (!c.exclusive) {
    refuse(
      ctx,
      'unsupported-attribute',
      `${what} ≠ 1 with tensor "${c.tensor}" also read by another node: the scaled weights cannot be shared`,
    );
  }
  for (const p of params) ctx.b.pValue[p] = ctx.b.pValue[p]! * factor;
  ctx.b.tensors[ctx.b.pTensor[params[0]!]!]!.folded.push(
    `${what} = ${factor} of ${ctx.where.op} "${ctx.where.node}"`,
  );
}

/** Adds the bias parameters of constant `c`, broadcast to the output shape. */
function withBias(ctx: OpContext, a: AffineValue, c: ConstValue, params: Int32Array): AffineValue {
  const shape = broadcastShapes(c.shape, a.shape);
  if (!shape || shape.length !== a.shape.length || shape.some((d, i) => d !== a.shape[i])) {
    refuse(
      ctx,
      'unsupported-attribute',
      `bias of shape ${fmt(c.shape)} does not broadcast to the output ${fmt(a.shape)}`,
    );
  }
  const idx = broadcastIndex(c.shape, a.shape);
  const bias = new Int32Array(idx.length);
  for (let e = 0; e < idx.length; e++) bias[e] = params[idx[e]!]!;
  return { ...a, bias, exclusive: a.exclusive && c.exclusive };
}

export function gemm(ctx: OpContext): AffineValue {
  checkAttributes(ctx, ['alpha', 'beta', 'transA', 'transB']);
  const A = input(ctx, 0, 'A');
  const B = input(ctx, 1, 'B');
  const transA = ctx.attrs.int('transA', 0) !== 0;
  const transB = ctx.attrs.int('transB', 0) !== 0;
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  checkRank(ctx, A.shape, [2], 'A');
  checkRank(ctx, B.shape, [2], 'B');
  const [M, K] = transA ? [A.shape[1]!, A.shape[0]!] : [A.shape[0]!, A.shape[1]!];
  const [K2, N] = transB ? [B.shape[1]!, B.shape[0]!] : [B.shape[0]!, B.shape[1]!];
  if (K !== K2) refuse(ctx, 'bad-model', `inner dimensions differ: A ${fmt(A.shape)}, B ${fmt(B.shape)}`);
  // element (r, c) of a stored matrix of shape [rows, cols], or of its transpose
  const at = (storedCols: number, trans: boolean) => (r: number, c: number) =>
    trans ? c * storedCols + r : r * storedCols + c;
  const aAt = at(A.shape[1]!, transA);
  const bAt = at(B.shape[1]!, transB);
  let out: AffineValue;
  let weight: ConstValue;
  let wParams: Int32Array;
  if (A.kind !== 'const' && B.kind === 'const') {
    const x = ctx.b.asNeurons(A, ctx.where, ctx.inputNames[0]!);
    weight = B;
    wParams = ctx.b.paramsOf(B, 'weight', ctx.where);
    out = product(
      ctx,
      [M, N],
      1,
      M,
      N,
      K,
      (_b, i, _j, k) => x.node[aAt(i, k)]!,
      (_b, _i, j, k) => wParams[bAt(k, j)]!,
    );
  } else if (A.kind === 'const' && B.kind !== 'const') {
    const x = ctx.b.asNeurons(B, ctx.where, ctx.inputNames[1]!);
    weight = A;
    wParams = ctx.b.paramsOf(A, 'weight', ctx.where);
    out = product(
      ctx,
      [M, N],
      1,
      M,
      N,
      K,
      (_b, _i, j, k) => x.node[bAt(k, j)]!,
      (_b, i, _j, k) => wParams[aAt(i, k)]!,
    );
  } else if (A.kind === 'const') {
    refuse(
      ctx,
      'not-affine',
      'both A and B are constants: this Gemm computes no function of the network input',
    );
  } else {
    refuse(
      ctx,
      'not-affine',
      'both A and B are computed from the network input: a product of two activations is not an affine map; supported: one constant operand',
    );
  }
  out.exclusive = weight.exclusive;
  scaleParams(ctx, weight, wParams, alpha, 'alpha');
  const C = ctx.inputs[2];
  if (C === undefined) return out;
  const c = constInput(ctx, 2, 'bias C');
  const cParams = ctx.b.paramsOf(c, 'bias', ctx.where);
  scaleParams(ctx, c, cParams, beta, 'beta');
  return withBias(ctx, out, c, cParams);
}

export function matMul(ctx: OpContext): AffineValue {
  checkAttributes(ctx, []);
  const A = input(ctx, 0, 'A');
  const B = input(ctx, 1, 'B');
  if ((A.kind === 'const') === (B.kind === 'const')) {
    refuse(
      ctx,
      'not-affine',
      A.kind === 'const'
        ? 'both operands are constants: this MatMul computes no function of the network input'
        : 'both operands are computed from the network input: a product of two activations is not an affine map; supported: one constant operand',
    );
  }
  const valueLeft = B.kind === 'const';
  const w = (valueLeft ? B : A) as ConstValue;
  const xv = ctx.b.asNeurons(valueLeft ? A : B, ctx.where, ctx.inputNames[valueLeft ? 0 : 1]!);
  checkRank(ctx, w.shape, [1, 2], 'the constant operand');
  if (xv.shape.length === 0) refuse(ctx, 'bad-model', 'a scalar operand');
  const wp = ctx.b.paramsOf(w, 'weight', ctx.where);
  const xs = xv.shape;
  const r = xs.length;
  let out: AffineValue;
  if (valueLeft) {
    // x [..., M, K] (or [K]) times w [K, N] (or [K])
    const K = xs[r - 1]!;
    const M = r >= 2 ? xs[r - 2]! : 1;
    const batch = r >= 2 ? size(xs.slice(0, r - 2)) : 1;
    const wK = w.shape[0]!;
    const N = w.shape.length === 2 ? w.shape[1]! : 1;
    if (wK !== K) refuse(ctx, 'bad-model', `inner dimensions differ: ${fmt(xs)} × ${fmt(w.shape)}`);
    const shape = [...(r >= 2 ? xs.slice(0, r - 1) : []), ...(w.shape.length === 2 ? [N] : [])];
    out = product(
      ctx,
      shape,
      batch,
      M,
      N,
      K,
      (b, i, _j, k) => xv.node[(b * M + i) * K + k]!,
      (_b, _i, j, k) => wp[k * N + j]!,
    );
  } else {
    // w [M, K] (or [K]) times x [..., K, N] (or [K])
    const K = r >= 2 ? xs[r - 2]! : xs[0]!;
    const N = r >= 2 ? xs[r - 1]! : 1;
    const batch = r >= 2 ? size(xs.slice(0, r - 2)) : 1;
    const M = w.shape.length === 2 ? w.shape[0]! : 1;
    const wK = w.shape[w.shape.length - 1]!;
    if (wK !== K) refuse(ctx, 'bad-model', `inner dimensions differ: ${fmt(w.shape)} × ${fmt(xs)}`);
    const shape = [
      ...(r >= 2 ? xs.slice(0, r - 2) : []),
      ...(w.shape.length === 2 ? [M] : []),
      ...(r >= 2 ? [N] : []),
    ];
    out = product(
      ctx,
      shape,
      batch,
      M,
      N,
      K,
      (b, _i, j, k) => xv.node[(b * K + k) * N + j]!,
      (_b, i, _j, k) => wp[i * K + k]!,
    );
  }
  out.exclusive = w.exclusive;
  return out;
}

/** Output size and padding of one spatial axis (Conv and MaxPool share the rules). */
export function spatialAxes(
  ctx: OpContext,
  inShape: readonly number[],
  kernel: readonly number[],
  ceil = false,
): { out: number[]; begin: number[]; strides: number[] } {
  const r = kernel.length;
  const strides = ctx.attrs.ints('strides') ?? new Array<number>(r).fill(1);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  let pads = ctx.attrs.ints('pads') ?? new Array<number>(2 * r).fill(0);
  if (strides.length !== r || strides.some((s) => s < 1))
    refuse(ctx, 'bad-model', `strides [${strides.join(', ')}] do not fit a ${r}-D kernel`);
  if (pads.length !== 2 * r || pads.some((p) => p < 0))
    refuse(ctx, 'bad-model', `pads [${pads.join(', ')}] do not fit a ${r}-D kernel`);
  if (autoPad === 'VALID') pads = new Array<number>(2 * r).fill(0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = new Array<number>(2 * r).fill(0);
    for (let d = 0; d < r; d++) {
      const len = inShape[d]!;
      const outLen = Math.ceil(len / strides[d]!);
      const total = Math.max((outLen - 1) * strides[d]! + kernel[d]! - len, 0);
      const small = Math.floor(total / 2);
      pads[d] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[d + r] = total - pads[d]!;
    }
  } else if (autoPad !== 'NOTSET') {
    refuse(
      ctx,
      'unsupported-attribute',
      `auto_pad = ${autoPad} is not supported (supported: NOTSET, VALID, SAME_UPPER, SAME_LOWER)`,
    );
  }
  const out: number[] = [];
  for (let d = 0; d < r; d++) {
    const span = inShape[d]! + pads[d]! + pads[d + r]! - kernel[d]!;
    if (span < 0)
      refuse(ctx, 'bad-model', `kernel ${fmt(kernel)} is larger than the padded input ${fmt(inShape)}`);
    let o = (ceil ? Math.ceil(span / strides[d]!) : Math.floor(span / strides[d]!)) + 1;
    // a ceil-mode window must start inside the input or its left padding
    if (ceil && (o - 1) * strides[d]! >= inShape[d]! + pads[d]!) o--;
    out.push(o);
  }
  return { out, begin: pads.slice(0, r), strides };
}

/** Iterates the window of output position `o` (multi-index), calling `f` with in-range input positions. */
export function forWindow(
  inShape: readonly number[],
  kernel: readonly number[],
  o: readonly number[],
  begin: readonly number[],
  strides: readonly number[],
  f: (inFlat: number, kFlat: number) => void,
): void {
  const r = kernel.length;
  const kSize = size(kernel);
  const idx = new Array<number>(r).fill(0);
  for (let kf = 0; kf < kSize; kf++) {
    let rem = kf;
    for (let d = r - 1; d >= 0; d--) {
      idx[d] = rem % kernel[d]!;
      rem = Math.floor(rem / kernel[d]!);
    }
    let flat = 0;
    let inside = true;
    for (let d = 0; d < r; d++) {
      const i = o[d]! * strides[d]! - begin[d]! + idx[d]!;
      if (i < 0 || i >= inShape[d]!) {
        inside = false;
        break;
      }
      flat = flat * inShape[d]! + i;
    }
    if (inside) f(flat, kf);
  }
}

/** All multi-indices of a shape, in row-major order. */
export function* positions(shape: readonly number[]): Generator<number[]> {
  const n = size(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < n; e++) {
    yield idx.slice();
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

export function conv(ctx: OpContext): AffineValue {
  checkAttributes(ctx, ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides']);
  const X = input(ctx, 0, 'X');
  const W = constInput(ctx, 1, 'weight W');
  const group = ctx.attrs.int('group', 1);
  if (group !== 1) {
    refuse(
      ctx,
      'unsupported-attribute',
      `group = ${group} (grouped or depthwise convolution) is not supported (supported: group 1)`,
    );
  }
  checkAll(ctx, 'dilations', ctx.attrs.ints('dilations'), 1);
  if (X.shape.length !== 3 && X.shape.length !== 4) {
    refuse(
      ctx,
      'unsupported-attribute',
      `input of shape ${fmt(X.shape)} is not supported (supported: 1-D and 2-D convolutions, input [N, C, L] or [N, C, H, W])`,
    );
  }
  const x: NeuronsValue = ctx.b.asNeurons(X, ctx.where, ctx.inputNames[0]!);
  const [Nb, C] = [x.shape[0]!, x.shape[1]!];
  const spatial = x.shape.slice(2);
  if (W.shape.length !== x.shape.length || W.shape[1] !== C) {
    refuse(
      ctx,
      'bad-model',
      `weight W of shape ${fmt(W.shape)} does not fit the input ${fmt(x.shape)} (expected [M, ${C}, …])`,
    );
  }
  const M = W.shape[0]!;
  const kernel = W.shape.slice(2);
  const ks = ctx.attrs.ints('kernel_shape');
  if (ks && ks.join() !== kernel.join())
    refuse(ctx, 'bad-model', `kernel_shape [${ks.join(', ')}] differs from W ${fmt(W.shape)}`);
  const { out, begin, strides } = spatialAxes(ctx, spatial, kernel);
  const wp = ctx.b.paramsOf(W, 'weight', ctx.where);
  const kSize = size(kernel);
  const inSize = size(spatial);
  const outSize = size(out);
  const n = Nb * M * outSize;
  ctx.b.charge(n * C * kSize, ctx.where, `${n} outputs × up to ${C * kSize} terms`);
  const ptr = new Int32Array(n + 1);
  const src: number[] = [];
  const param: number[] = [];
  let e = 0;
  const oList = [...positions(out)];
  for (let b = 0; b < Nb; b++) {
    for (let m = 0; m < M; m++) {
      for (const o of oList) {
        for (let c = 0; c < C; c++) {
          const inBase = (b * C + c) * inSize;
          const wBase = (m * C + c) * kSize;
          forWindow(spatial, kernel, o, begin, strides, (inFlat, kf) => {
            src.push(x.node[inBase + inFlat]!);
            param.push(wp[wBase + kf]!);
          });
        }
        ptr[++e] = src.length;
      }
    }
  }
  const result: AffineValue = {
    kind: 'affine',
    shape: [Nb, M, ...out],
    ptr,
    src: Int32Array.from(src),
    param: Int32Array.from(param),
    bias: new Int32Array(n).fill(-1),
    exclusive: W.exclusive,
    ops: [ctx.where],
  };
  if (ctx.inputs[2] === undefined) return result;
  const B = constInput(ctx, 2, 'bias B');
  if (B.shape.length !== 1 || B.shape[0] !== M)
    refuse(ctx, 'bad-model', `bias B of shape ${fmt(B.shape)}, expected [${M}]`);
  const bp = ctx.b.paramsOf(B, 'bias', ctx.where);
  return withBias(ctx, result, { ...B, shape: [M, ...out.map(() => 1)] }, bp);
}
