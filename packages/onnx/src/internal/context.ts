import { OnnxImportError, type OnnxImportErrorCode } from '../OnnxImportError.js';
import type { Builder, ConstValue, OpRef, Value } from './builder.js';
import type { Attributes } from './proto.js';
import { fmt } from './shape.js';

/** What an operator handler sees of its ONNX node. */
export interface OpContext {
  b: Builder;
  where: OpRef;
  attrs: Attributes;
  /** Input values; `undefined` for an omitted optional input (empty name) or one past the end. */
  inputs: (Value | undefined)[];
  inputNames: string[];
  outputNames: string[];
  /** Whether tensor `name` is read by exactly one node input and is not a graph output. */
  single(name: string): boolean;
}

/** Throws an OnnxImportError about this node: `<op> "<node>": <message>`. */
export function refuse(ctx: OpContext, code: OnnxImportErrorCode, message: string): never {
  throw new OnnxImportError(code, `${ctx.where.op} "${ctx.where.node}": ${message}`, ctx.where);
}

/** Refuses attributes outside `known` (a model using one would be translated wrongly). */
export function checkAttributes(ctx: OpContext, known: readonly string[]): void {
  for (const name of ctx.attrs.names()) {
    if (!known.includes(name)) {
      refuse(
        ctx,
        'unsupported-attribute',
        `attribute "${name}" is not supported (supported attributes: ${known.length > 0 ? known.join(', ') : 'none'})`,
      );
    }
  }
}

/** Input i, which must be present. */
export function input(ctx: OpContext, i: number, what: string): Value {
  const v = ctx.inputs[i];
  if (v === undefined) refuse(ctx, 'bad-model', `input ${i} (${what}) is missing`);
  return v;
}

/** Input i, which must be a constant (an initializer or a Constant output). */
export function constInput(ctx: OpContext, i: number, what: string): ConstValue {
  const v = input(ctx, i, what);
  if (v.kind !== 'const') {
    refuse(
      ctx,
      'not-affine',
      `${what} "${ctx.inputNames[i]}" is computed from the network input, not a constant: ` +
        `${ctx.where.op} of two activations is not an affine map; supported: constant ${what}`,
    );
  }
  return v;
}

/** Refuses unless `shape` has the given rank. */
export function checkRank(
  ctx: OpContext,
  shape: readonly number[],
  ranks: readonly number[],
  what: string,
): void {
  if (!ranks.includes(shape.length)) {
    refuse(
      ctx,
      'unsupported-attribute',
      `${what} has shape ${fmt(shape)} (rank ${shape.length}); supported rank: ${ranks.join(' or ')}`,
    );
  }
}

/** A list attribute that must equal `value` everywhere (dilations 1, …). */
export function checkAll(ctx: OpContext, name: string, values: number[] | undefined, expected: number): void {
  if (values?.some((v) => v !== expected)) {
    refuse(
      ctx,
      'unsupported-attribute',
      `${name} = [${values.join(', ')}] is not supported (supported: ${name} ${expected})`,
    );
  }
}
