// Operators that move no value: Identity, Dropout (inference), Flatten, Reshape, and Constant.
import type { ConstValue, Value } from '../builder.js';
import { checkAttributes, constInput, input, type OpContext, refuse } from '../context.js';
import { DT, readTensor } from '../proto.js';
import { fmt, size } from '../shape.js';
import { passOn } from './elementwise.js';

export function identity(ctx: OpContext): Value {
  checkAttributes(ctx, []);
  const x = input(ctx, 0, 'input');
  return passOn(ctx, x, x.shape);
}

export function dropout(ctx: OpContext): Value {
  checkAttributes(ctx, ['ratio', 'seed', 'is_test']);
  const x = input(ctx, 0, 'data');
  const training = ctx.inputs[2];
  if (training !== undefined) {
    const t = constInput(ctx, 2, 'training_mode');
    if (t.data.some((v) => v !== 0)) {
      refuse(
        ctx,
        'unsupported-attribute',
        'training_mode = true (random masks) is not supported (supported: inference, where Dropout is the identity)',
      );
    }
  }
  return passOn(ctx, x, x.shape);
}

export function flatten(ctx: OpContext): Value {
  checkAttributes(ctx, ['axis']);
  const x = input(ctx, 0, 'input');
  const r = x.shape.length;
  let axis = ctx.attrs.int('axis', 1);
  if (axis < 0) axis += r;
  if (axis < 0 || axis > r)
    refuse(ctx, 'bad-model', `axis ${ctx.attrs.int('axis', 1)} is out of range for shape ${fmt(x.shape)}`);
  return passOn(ctx, x, [size(x.shape.slice(0, axis)), size(x.shape.slice(axis))]);
}

export function reshape(ctx: OpContext): Value {
  checkAttributes(ctx, ['allowzero']);
  const x = input(ctx, 0, 'data');
  const target = ctx.inputs[1];
  if (target === undefined || target.kind !== 'const') {
    refuse(
      ctx,
      'dynamic-shape',
      `the target shape "${ctx.inputNames[1] ?? ''}" is computed at run time (e.g. from Shape/Gather); ` +
        'supported: a constant shape (export with a static input shape and constant folding, or use Flatten)',
    );
  }
  const allowZero = ctx.attrs.int('allowzero', 0) !== 0;
  const dims = Array.from(target.data);
  const n = size(x.shape);
  let infer = -1;
  const shape = dims.map((d, i) => {
    if (d === -1) {
      if (infer >= 0) refuse(ctx, 'bad-model', `shape [${dims.join(', ')}] has two -1 entries`);
      infer = i;
      return 1;
    }
    if (d === 0 && !allowZero) {
      if (i >= x.shape.length)
        refuse(
          ctx,
          'bad-model',
          `shape [${dims.join(', ')}] copies a dimension the input ${fmt(x.shape)} lacks`,
        );
      return x.shape[i]!;
    }
    if (d < 0 || !Number.isInteger(d))
      refuse(ctx, 'bad-model', `shape [${dims.join(', ')}] has an invalid entry ${d}`);
    return d;
  });
  if (infer >= 0) {
    const rest = size(shape);
    if (rest === 0 || n % rest !== 0)
      refuse(ctx, 'bad-model', `cannot reshape ${fmt(x.shape)} to [${dims.join(', ')}]`);
    shape[infer] = n / rest;
  }
  if (size(shape) !== n)
    refuse(ctx, 'bad-model', `cannot reshape ${fmt(x.shape)} (${n} elements) to ${fmt(shape)}`);
  return passOn(ctx, x, shape);
}

export function constant(ctx: OpContext, limit: number): ConstValue {
  checkAttributes(ctx, ['value', 'value_float', 'value_floats', 'value_int', 'value_ints']);
  const name = ctx.outputNames[0]!;
  const exclusive = ctx.single(name);
  const t = ctx.attrs.tensor('value');
  if (t) {
    const { dims, dataType, data } = readTensor(t, limit, 'attribute value', ctx.where);
    if (dataType !== DT.FLOAT && dataType !== DT.DOUBLE && dataType !== DT.INT64 && dataType !== DT.INT32) {
      refuse(ctx, 'unsupported-type', 'unsupported element type');
    }
    return { kind: 'const', shape: dims, data, tensor: name, exclusive };
  }
  const fl = ctx.attrs.floats('value_floats');
  const il = ctx.attrs.ints('value_ints');
  if (fl)
    return {
      kind: 'const',
      shape: [fl.length],
      data: Float64Array.from(fl, Math.fround),
      tensor: name,
      exclusive,
    };
  if (il) return { kind: 'const', shape: [il.length], data: Float64Array.from(il), tensor: name, exclusive };
  if (ctx.attrs.has('value_float')) {
    return {
      kind: 'const',
      shape: [],
      data: Float64Array.of(Math.fround(ctx.attrs.float('value_float', 0))),
      tensor: name,
      exclusive,
    };
  }
  if (ctx.attrs.has('value_int')) {
    return {
      kind: 'const',
      shape: [],
      data: Float64Array.of(ctx.attrs.int('value_int', 0)),
      tensor: name,
      exclusive,
    };
  }
  refuse(
    ctx,
    'unsupported-attribute',
    'a Constant without a value, value_float(s) or value_int(s) attribute is not supported',
  );
}
