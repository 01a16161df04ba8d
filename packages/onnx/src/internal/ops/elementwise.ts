// Add (bias or residual), Relu and BatchNormalization (folded into the pending affine map).
import type { AffineValue, ConstValue, NeuronsValue, Value } from '../builder.js';
import { checkAttributes, constInput, input, type OpContext, refuse } from '../context.js';
import { broadcastIndex, broadcastShapes, channelOf, fmt, size } from '../shape.js';

/** Element-wise view of an affine value broadcast to `shape` (terms copied per element). */
function broadcastAffine(a: AffineValue, shape: number[]): AffineValue {
  if (a.shape.length === shape.length && a.shape.every((d, i) => d === shape[i])) return a;
  const idx = broadcastIndex(a.shape, shape);
  const n = idx.length;
  const ptr = new Int32Array(n + 1);
  let total = 0;
  for (let e = 0; e < n; e++) total += a.ptr[idx[e]! + 1]! - a.ptr[idx[e]!]!;
  const src = new Int32Array(total);
  const param = new Int32Array(total);
  const bias = new Int32Array(n);
  let t = 0;
  for (let e = 0; e < n; e++) {
    const s = idx[e]!;
    for (let j = a.ptr[s]!; j < a.ptr[s + 1]!; j++) {
      src[t] = a.src[j]!;
      param[t] = a.param[j]!;
      t++;
    }
    ptr[e + 1] = t;
    bias[e] = a.bias[s]!;
  }
  return { ...a, shape, ptr, src, param, bias, made: undefined };
}

/** The pending affine form of a data value; neurons enter through per-channel skip weights. */
function asAffine(ctx: OpContext, v: NeuronsValue | AffineValue, i: number): AffineValue {
  if (v.kind === 'affine') return ctx.single(ctx.inputNames[i]!) ? v : { ...v, exclusive: false };
  ctx.b.notes.push(
    `${ctx.where.op} "${ctx.where.node}": the branch "${ctx.inputNames[i]}" enters through parameter-free edges of weight 1 (a skip connection)`,
  );
  return ctx.b.unitAffine(v, ctx.where);
}

function hasBias(a: AffineValue): boolean {
  return a.bias.some((p) => p >= 0);
}

export function add(ctx: OpContext): AffineValue {
  checkAttributes(ctx, []);
  const A = input(ctx, 0, 'A');
  const B = input(ctx, 1, 'B');
  if (A.kind === 'const' && B.kind === 'const') {
    refuse(
      ctx,
      'not-affine',
      'both operands are constants: this Add computes no function of the network input',
    );
  }
  if (A.kind === 'const' || B.kind === 'const') {
    const [c, vi] = A.kind === 'const' ? [A, 1] : [B as ConstValue, 0];
    const v = (vi === 0 ? A : B) as NeuronsValue | AffineValue;
    const out = broadcastShapes(v.shape, c.shape);
    if (!out || out.length !== v.shape.length || out.some((d, i) => d !== v.shape[i])) {
      refuse(
        ctx,
        'unsupported-attribute',
        `constant of shape ${fmt(c.shape)} does not broadcast to the data ${fmt(v.shape)} (it would enlarge it)`,
      );
    }
    let a = v.kind === 'affine' ? asAffine(ctx, v, vi) : ctx.b.unitAffine(v, ctx.where);
    if (v.kind === 'neurons') {
      ctx.b.notes.push(
        `${ctx.where.op} "${ctx.where.node}": a bias added to neurons: new neurons read them through edges of fixed weight 1`,
      );
    }
    if (hasBias(a)) {
      // a second bias on the same neurons: build them (identity) and add the constant after
      const n = ctx.b.neuronsOf(a, 'identity', ctx.where);
      a = ctx.b.unitAffine(n, ctx.where);
    }
    const cp = ctx.b.paramsOf(c, 'bias', ctx.where);
    const idx = broadcastIndex(c.shape, a.shape);
    const bias = new Int32Array(idx.length);
    for (let e = 0; e < idx.length; e++) bias[e] = cp[idx[e]!]!;
    return { ...a, bias, exclusive: a.exclusive && c.exclusive, ops: [...a.ops, ctx.where], made: undefined };
  }
  const shape = broadcastShapes(A.shape, B.shape);
  if (!shape) refuse(ctx, 'bad-model', `shapes ${fmt(A.shape)} and ${fmt(B.shape)} do not broadcast`);
  let a = asAffine(ctx, A, 0);
  let b = asAffine(ctx, B, 1);
  if (hasBias(a) && hasBias(b)) {
    // one neuron holds one bias: build the second branch as identity neurons, skip from there
    const n = ctx.b.neuronsOf(b, 'identity', ctx.where);
    b = ctx.b.unitAffine(n, ctx.where);
    ctx.b.notes.push(
      `${ctx.where.op} "${ctx.where.node}": both branches carry a bias; branch "${ctx.inputNames[1]}" became identity neurons entering through edges of fixed weight 1`,
    );
  }
  a = broadcastAffine(a, shape);
  b = broadcastAffine(b, shape);
  const n = size(shape);
  const ptr = new Int32Array(n + 1);
  const src = new Int32Array(a.src.length + b.src.length);
  const param = new Int32Array(src.length);
  const bias = new Int32Array(n);
  let t = 0;
  for (let e = 0; e < n; e++) {
    for (const s of [a, b]) {
      for (let j = s.ptr[e]!; j < s.ptr[e + 1]!; j++) {
        src[t] = s.src[j]!;
        param[t] = s.param[j]!;
        t++;
      }
    }
    ptr[e + 1] = t;
    bias[e] = a.bias[e]! >= 0 ? a.bias[e]! : b.bias[e]!;
  }
  return {
    kind: 'affine',
    shape,
    ptr,
    src,
    param,
    bias,
    exclusive: a.exclusive && b.exclusive,
    ops: [...a.ops, ...b.ops, ctx.where],
  };
}

export function relu(ctx: OpContext): NeuronsValue {
  checkAttributes(ctx, []);
  const X = input(ctx, 0, 'X');
  if (X.kind === 'const')
    refuse(ctx, 'not-affine', 'Relu of a constant computes no function of the network input');
  if (X.kind === 'affine') return ctx.b.neuronsOf(X, 'relu', ctx.where, [ctx.where]);
  if (ctx.b.nonNegative(X)) {
    ctx.b.notes.push(
      `${ctx.where.op} "${ctx.where.node}": its input is already ≥ 0 (ReLU or max of ReLUs), so it is the identity`,
    );
    return X;
  }
  if (X.poolOf && ctx.single(ctx.inputNames[0]!)) {
    // MaxPool then Relu: max and ReLU commute, and the pooled identity neurons feed only this pool
    for (const u of X.poolOf) ctx.b.nodeAct[u] = 'relu';
    const layer = ctx.b.layers[ctx.b.nodeLayer[X.poolOf[0]!]!]!;
    layer.activation = 'relu';
    layer.ops.push(ctx.where);
    layer.notes.push(
      `${ctx.where.op} "${ctx.where.node}" after the max-pool moved before it (ReLU and max commute)`,
    );
    return X;
  }
  const a = ctx.b.unitAffine(X, ctx.where);
  ctx.b.notes.push(
    `${ctx.where.op} "${ctx.where.node}": ReLU of identity neurons or inputs: new ReLU neurons read them through edges of fixed weight 1`,
  );
  return ctx.b.neuronsOf(a, 'relu', ctx.where, [ctx.where]);
}

export function batchNormalization(ctx: OpContext): AffineValue {
  checkAttributes(ctx, ['epsilon', 'momentum', 'training_mode', 'spatial']);
  if (ctx.attrs.int('training_mode', 0) !== 0) {
    refuse(
      ctx,
      'unsupported-attribute',
      'training_mode = 1 (batch statistics) is not supported (supported: inference mode, running statistics)',
    );
  }
  if (ctx.attrs.int('spatial', 1) !== 1) refuse(ctx, 'unsupported-attribute', 'spatial = 0 is not supported');
  const X = input(ctx, 0, 'X');
  if (X.kind === 'const')
    refuse(ctx, 'not-affine', 'BatchNormalization of a constant computes no function of the network input');
  if (X.shape.length < 2) refuse(ctx, 'bad-model', `input of shape ${fmt(X.shape)}, expected [N, C, …]`);
  const C = X.shape[1]!;
  const named = ['scale', 'B', 'mean', 'var'] as const;
  const [scale, shift, mean, variance] = named.map((what, i) => {
    const c = constInput(ctx, i + 1, what);
    if (c.data.length !== C) refuse(ctx, 'bad-model', `${what} has shape ${fmt(c.shape)}, expected [${C}]`);
    return c;
  }) as [ConstValue, ConstValue, ConstValue, ConstValue];
  const eps = ctx.attrs.float('epsilon', 1e-5);
  // y = s_c x + t_c with s_c = scale_c / sqrt(var_c + eps), t_c = B_c - mean_c s_c
  const s = new Float64Array(C);
  const t = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const v = variance.data[c]! + eps;
    if (!(v > 0)) refuse(ctx, 'bad-tensor', `var[${c}] + epsilon = ${v} is not positive`);
    s[c] = scale.data[c]! / Math.sqrt(v);
    t[c] = shift.data[c]! - mean.data[c]! * s[c]!;
  }
  const { of } = channelOf(X.shape);
  if (X.kind === 'affine' && X.exclusive && ctx.single(ctx.inputNames[0]!)) {
    const folded = fold(ctx, X, s, t, of);
    if (folded) return folded;
  }
  // not foldable (neurons, or an affine map whose parameters are used elsewhere or that has a
  // parameter-free term): a per-channel scale (weights) and shift (biases) on neurons
  const x = ctx.b.asNeurons(X, ctx.where, ctx.inputNames[0]!);
  const scaleStart = ctx.b.newParams(`${ctx.where.node}.scale`, 'weight', [C], s, 'batchnorm');
  const shiftStart = ctx.b.newParams(`${ctx.where.node}.shift`, 'bias', [C], t, 'batchnorm');
  const a = ctx.b.unitAffine(x, ctx.where);
  const bias = new Int32Array(of.length);
  for (let e = 0; e < of.length; e++) {
    a.param[e] = scaleStart + of[e]!;
    bias[e] = shiftStart + of[e]!;
  }
  ctx.b.folded.push(
    `${ctx.where.op} "${ctx.where.node}" follows no foldable affine map: it became a per-channel scale and shift ` +
      `(${C} + ${C} new parameters)`,
  );
  return { ...a, bias, ops: [ctx.where] };
}

/** Folds y = s_c x + t_c into the pending affine map: its weights and bias of channel c scale by s_c. */
function fold(
  ctx: OpContext,
  a: AffineValue,
  s: Float64Array,
  t: Float64Array,
  of: Int32Array,
): AffineValue | null {
  const b = ctx.b;
  // a parameter-free term (a skip of fixed weight 1) cannot absorb the scale
  if (a.param.some((p) => p < 0)) return null;
  const chanOfParam = new Map<number, number>();
  const claim = (p: number, c: number): void => {
    const prev = chanOfParam.get(p);
    if (prev === undefined) chanOfParam.set(p, c);
    else if (prev !== c) {
      refuse(
        ctx,
        'unsupported-attribute',
        `cannot fold: parameter ${b.pName[p]} feeds channels ${prev} and ${c}, which BatchNormalization scales differently`,
      );
    }
  };
  for (let e = 0; e < of.length; e++) {
    for (let j = a.ptr[e]!; j < a.ptr[e + 1]!; j++) claim(a.param[j]!, of[e]!);
    if (a.bias[e]! >= 0) claim(a.bias[e]!, of[e]!);
  }
  const isBias = new Set<number>();
  for (const p of a.bias) if (p >= 0) isBias.add(p);
  const touched = new Set<number>();
  for (const [p, c] of chanOfParam) {
    b.pValue[p] = isBias.has(p) ? s[c]! * b.pValue[p]! + t[c]! : s[c]! * b.pValue[p]!;
    touched.add(b.pTensor[p]!);
  }
  const bias = a.bias.slice();
  let shiftStart = -1;
  for (let e = 0; e < of.length; e++) {
    if (bias[e]! >= 0) continue;
    if (shiftStart < 0)
      shiftStart = b.newParams(`${ctx.where.node}.shift`, 'bias', [s.length], t, 'batchnorm');
    bias[e] = shiftStart + of[e]!;
  }
  const names = [...touched].map((i) => b.tensors[i]!.name);
  for (const i of touched) b.tensors[i]!.folded.push(`${ctx.where.op} "${ctx.where.node}"`);
  const into = a.ops.map((o) => `${o.op} "${o.node}"`).join(' + ');
  b.folded.push(
    `${ctx.where.op} "${ctx.where.node}" folded into ${into}: ${names.join(', ')} rescaled per channel` +
      (shiftStart >= 0 ? `; new bias ${ctx.where.node}.shift (${s.length} parameters)` : ''),
  );
  return { ...a, bias, ops: [...a.ops, ctx.where], made: undefined };
}

/** Values a pass-through operator (Identity, Dropout, Flatten, Reshape) hands on. */
export function passOn(ctx: OpContext, v: Value, shape: number[]): Value {
  if (v.kind === 'neurons') return shape === v.shape ? v : { ...v, shape };
  if (v.kind === 'const') return { ...v, shape, exclusive: v.exclusive };
  const exclusive = v.exclusive && ctx.single(ctx.inputNames[0]!);
  return { ...v, shape, exclusive, made: undefined };
}
