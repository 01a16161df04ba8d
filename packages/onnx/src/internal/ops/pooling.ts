// MaxPool: one max-pool neuron (k = 1) per window, over the in-range elements of the window.
import type { NeuronsValue } from '../builder.js';
import { checkAll, checkAttributes, input, type OpContext, refuse } from '../context.js';
import { fmt, size } from '../shape.js';
import { forWindow, positions, spatialAxes } from './linear.js';

export function maxPool(ctx: OpContext): NeuronsValue {
  checkAttributes(ctx, [
    'auto_pad',
    'ceil_mode',
    'dilations',
    'kernel_shape',
    'pads',
    'storage_order',
    'strides',
  ]);
  const X = input(ctx, 0, 'X');
  checkAll(ctx, 'dilations', ctx.attrs.ints('dilations'), 1);
  const kernel = ctx.attrs.ints('kernel_shape');
  if (!kernel) refuse(ctx, 'bad-model', 'attribute kernel_shape is missing');
  if (X.shape.length !== kernel.length + 2) {
    refuse(ctx, 'bad-model', `kernel_shape [${kernel.join(', ')}] does not fit the input ${fmt(X.shape)}`);
  }
  if (kernel.length !== 1 && kernel.length !== 2) {
    refuse(
      ctx,
      'unsupported-attribute',
      `a ${kernel.length}-D max-pool is not supported (supported: 1-D and 2-D)`,
    );
  }
  // A pending affine map becomes identity neurons made for this pool alone; a Relu right after may
  // then move before the pool.
  const fresh = X.kind === 'affine' && X.made === undefined && ctx.single(ctx.inputNames[0]!);
  const x = ctx.b.asNeurons(X, ctx.where, ctx.inputNames[0]!);
  const ceil = ctx.attrs.int('ceil_mode', 0) !== 0;
  const spatial = x.shape.slice(2);
  const { out, begin, strides } = spatialAxes(ctx, spatial, kernel, ceil);
  const [Nb, C] = [x.shape[0]!, x.shape[1]!];
  const inSize = size(spatial);
  const windows: Int32Array[] = [];
  const oList = [...positions(out)];
  for (let b = 0; b < Nb; b++) {
    for (let c = 0; c < C; c++) {
      const base = (b * C + c) * inSize;
      for (const o of oList) {
        const w: number[] = [];
        forWindow(spatial, kernel, o, begin, strides, (inFlat) => w.push(x.node[base + inFlat]!));
        if (w.length === 0)
          refuse(ctx, 'bad-model', `the window at output position [${o.join(', ')}] covers only padding`);
        windows.push(Int32Array.from(w));
      }
    }
  }
  const pooled = ctx.b.maxPoolLayer([Nb, C, ...out], windows, [ctx.where], ctx.where);
  if (fresh && ctx.outputNames.length === 1) pooled.poolOf = x.node;
  return pooled;
}
