// Gonon et al.'s path-norm recipe (ICLR 2024, "A path-norm toolkit for modern networks") applied
// to the ONNX model itself and run in onnxruntime: fold each BatchNormalization into the Conv/Gemm
// before it (or make it a Mul + Add where there is none), replace every weight and bias w by |w|^q,
// every ReLU by the identity, every max-pool by a sum-pool (AveragePool times the window size),
// feed the all-ones input and sum the outputs. Written independently of the importer, on the
// protobuf objects.
import type onnxProto from 'onnx-proto';
import { floats, int, node, onnx, tensor } from './onnxModel.js';
import { runOrt } from './runtime.js';

type Model = ReturnType<typeof onnx.ModelProto.decode>;

export function pathNormModel(bytes: Uint8Array, q: number): Uint8Array {
  const m: Model = onnx.ModelProto.decode(bytes);
  const g = m.graph!;
  const inits = new Map(g.initializer!.map((t) => [t.name!, t]));
  const setFloats = (name: string, values: ArrayLike<number>, dims?: number[]) => {
    const old = inits.get(name);
    const t = tensor(name, dims ?? (old!.dims as number[]).map(Number), values);
    if (old) g.initializer!.splice(g.initializer!.indexOf(old), 1, t);
    else g.initializer!.push(t);
    inits.set(name, t);
  };
  const producer = new Map<string, onnxProto.onnx.INodeProto>();
  for (const n of g.node!) for (const o of n.output!) producer.set(o, n);

  // 1. BatchNormalization: fold into the preceding Conv/Gemm, else y = S x + T
  for (const bn of [...g.node!].filter((n) => n.opType === 'BatchNormalization')) {
    const [x, scale, bias, mean, variance] = bn.input! as string[];
    const eps = bn.attribute!.find((a: onnxProto.onnx.IAttributeProto) => a.name === 'epsilon')?.f ?? 1e-5;
    const [sc, bb, mu, va] = [scale, bias, mean, variance].map((n) => floats(inits.get(n!)!));
    const C = sc!.length;
    const s = Array.from({ length: C }, (_, c) => sc![c]! / Math.sqrt(va![c]! + eps));
    const t = Array.from({ length: C }, (_, c) => bb![c]! - mu![c]! * s[c]!);
    const prev = producer.get(x!);
    const i = g.node!.indexOf(bn);
    if (prev && (prev.opType === 'Conv' || prev.opType === 'Gemm')) {
      const W = floats(inits.get(prev.input![1]!)!);
      // output channel of weight k: Conv W[c, …] and Gemm with transB B[c, :] by rows, else B[:, c]
      const transB = prev.attribute!.find((a) => a.name === 'transB')?.i;
      const byRows = prev.opType === 'Conv' || Number(transB ?? 0) === 1;
      const per = W.length / C;
      setFloats(
        prev.input![1]!,
        W.map((w, k) => w * s[byRows ? Math.floor(k / per) : k % C]!),
      );
      const b0 = prev.input![2] ? floats(inits.get(prev.input![2])!) : new Float32Array(C);
      const bName = prev.input![2] || `${prev.name}.folded_bias`;
      setFloats(
        bName,
        Array.from(b0, (b, c) => s[c]! * b + t[c]!),
        [C],
      );
      prev.input![2] = bName;
      prev.output![0] = bn.output![0]!;
      g.node!.splice(i, 1);
    } else {
      const rank = g.valueInfo?.find((v) => v.name === x)?.type?.tensorType?.shape?.dim?.length;
      if (rank === undefined) throw new Error(`recipe: the rank of "${x}" is needed (value_info)`);
      const dims = [C, ...new Array<number>(Math.max(rank - 2, 0)).fill(1)];
      setFloats(`${bn.name}.S`, s, dims);
      setFloats(`${bn.name}.T`, t, dims);
      g.node!.splice(
        i,
        1,
        node('Mul', [x!, `${bn.name}.S`], [`${bn.name}.Sx`]),
        node('Add', [`${bn.name}.Sx`, `${bn.name}.T`], [bn.output![0]!]),
      );
    }
  }
  // 2. |w|^q on every float initializer (weights and biases; shapes are int64)
  for (const t of [...g.initializer!]) {
    if (t.dataType === 1)
      setFloats(
        t.name!,
        Array.from(floats(t), (w) => Math.abs(w) ** q),
      );
  }
  // 3. activations → identity, max-pool → sum-pool, Gemm's alpha/beta → |.|^q
  const nodes: onnxProto.onnx.INodeProto[] = [];
  for (const n of g.node!) {
    if (n.opType === 'Relu') nodes.push(node('Identity', n.input as string[], n.output as string[]));
    else if (n.opType === 'MaxPool') {
      const attr = (name: string) => n.attribute!.find((a) => a.name === name);
      const kernel = (attr('kernel_shape')!.ints ?? []).map(Number);
      const keep = ['kernel_shape', 'strides', 'pads', 'ceil_mode', 'auto_pad']
        .map(attr)
        .filter((a) => a !== undefined);
      const avg = `${n.output![0]}.avg`;
      const k = `${n.output![0]}.k`;
      setFloats(k, [kernel.reduce((a, b) => a * b, 1)], []);
      nodes.push(
        node('AveragePool', [n.input![0]!], [avg], [...keep, int('count_include_pad', 1)]),
        node('Mul', [avg, k], [n.output![0]!]),
      );
    } else {
      if (n.opType === 'Gemm') {
        for (const a of n.attribute!)
          if (a.name === 'alpha' || a.name === 'beta') a.f = Math.abs(a.f ?? 1) ** q;
      }
      nodes.push(n);
    }
  }
  g.node = nodes;
  return onnx.ModelProto.encode(m).finish();
}

/** The path-norm ‖Φ‖_q^q computed by onnxruntime on the recipe's model. */
export async function ortPathNorm(bytes: Uint8Array, q: number, inputShape: number[]): Promise<number> {
  const n = inputShape.reduce((a, b) => a * b, 1);
  const out = await runOrt(pathNormModel(bytes, q), new Float32Array(n).fill(1), inputShape);
  return out.reduce((s, y) => s + y, 0);
}
