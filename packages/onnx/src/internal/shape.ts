// Shapes and index arithmetic (row-major, as ONNX stores tensors).

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** Product of the dimensions. */
export function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The multidirectional (numpy) broadcast of two shapes, or `undefined` if incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * For every element of `target` (row-major), the flat index of the element of `source` that
 * broadcasting maps onto it. `source` must broadcast to `target`.
 */
export function broadcastIndex(source: readonly number[], target: readonly number[]): Int32Array {
  const n = size(target);
  const out = new Int32Array(n);
  const r = target.length;
  const srcStrides = strides(source);
  // stride of source per target axis (0 where source has size 1 or is missing)
  const st = new Array<number>(r).fill(0);
  for (let i = 0; i < r; i++) {
    const j = source.length - r + i;
    if (j >= 0 && source[j] !== 1) st[i] = srcStrides[j]!;
  }
  const idx = new Array<number>(r).fill(0);
  let flat = 0;
  for (let e = 0; e < n; e++) {
    out[e] = flat;
    for (let i = r - 1; i >= 0; i--) {
      idx[i]!++;
      flat += st[i]!;
      if (idx[i]! < target[i]!) break;
      flat -= st[i]! * target[i]!;
      idx[i] = 0;
    }
  }
  return out;
}

/** Channel (index along axis 1) of every element; for rank ≤ 1 every element is its own channel. */
export function channelOf(shape: readonly number[]): { channels: number; of: Int32Array } {
  const n = size(shape);
  const of = new Int32Array(n);
  if (shape.length <= 1) {
    for (let e = 0; e < n; e++) of[e] = e;
    return { channels: n, of };
  }
  const c = shape[1]!;
  const inner = size(shape.slice(2));
  for (let e = 0; e < n; e++) of[e] = Math.floor(e / inner) % c;
  return { channels: c, of };
}

/** `[a, b, c]` for messages. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
