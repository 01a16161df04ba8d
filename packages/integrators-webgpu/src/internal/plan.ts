import { CTL_BYTES } from './wgsl.js';

/** The device limits that bound buffers and dispatches (a subset of `GPUSupportedLimits`). */
export interface BatchLimits {
  /** Largest storage buffer binding, bytes. */
  readonly maxStorageBufferBindingSize: number;
  /** Largest buffer, bytes. */
  readonly maxBufferSize: number;
  /** Largest workgroup count of one dispatch dimension. */
  readonly maxComputeWorkgroupsPerDimension: number;
}

/** What {@link planBatch} needs to know about a run. */
export interface BatchShape {
  /** Members B. */
  readonly batch: number;
  /** State dimension D. */
  readonly dim: number;
  /** Output times per member. */
  readonly outputs: number;
  /** Stage vectors per member (the tableau's stages, plus one for f(y_new) without FSAL). */
  readonly slots: number;
  /** Bytes of device memory the run may hold at once. */
  readonly memoryBudget: number;
  /** Workgroups of one member (1: one workgroup per member). */
  readonly workgroupsPerMember?: number;
}

/** How a batch is split: chunks (one set of buffers and one 1-D dispatch per kernel each), in groups run one after another. */
export interface BatchPlan {
  /** Members per chunk (the last chunks may have one fewer). */
  readonly chunkSize: number;
  /** The chunks: first member and member count. */
  readonly chunks: readonly { readonly start: number; readonly count: number }[];
  /** Indices into `chunks` of the groups, each resident on the device at once. */
  readonly groups: readonly (readonly number[])[];
  /** Device bytes of the largest chunk's buffers. */
  readonly bytesPerChunk: number;
  /** Which bound decided the chunk size. */
  readonly boundBy: 'batch' | 'maxComputeWorkgroupsPerDimension' | 'maxStorageBufferBindingSize';
}

/** Device bytes of a chunk of `count` members (Y, Y_new, the stage slots, outputs, control). */
export function chunkBytes(shape: Omit<BatchShape, 'batch' | 'memoryBudget'>, count: number): number {
  const row = shape.dim * 4;
  return count * (row * (2 + shape.slots + shape.outputs) + CTL_BYTES);
}

/**
 * Splits a batch so that every buffer and binding stays within the device limits and every
 * dispatch within `maxComputeWorkgroupsPerDimension` (one workgroup per member, 1-D): the chunk
 * size is the largest that satisfies all of them, chunks are balanced, and chunks are grouped so
 * that a group's buffers fit `memoryBudget` (at least one chunk per group).
 *
 * @param shape - batch, dimension, outputs, stage slots and the memory budget
 * @param limits - the device limits
 * @returns the plan
 * @throws RangeError naming the limit when not even one member fits
 */
export function planBatch(shape: BatchShape, limits: BatchLimits): BatchPlan {
  const { batch, dim, outputs, slots, memoryBudget } = shape;
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const row = dim * 4;
  // The largest binding of a chunk: the stage slots, or the outputs, or the control records.
  const perMember = Math.max(row * slots, row * Math.max(outputs, 1), CTL_BYTES);
  const byBinding = Math.floor(binding / perMember);
  if (byBinding < 1) {
    const what =
      row * slots >= row * outputs
        ? `${slots} stage vectors of D = ${dim}`
        : `${outputs} output rows of D = ${dim}`;
    throw new RangeError(
      `planBatch: one member needs ${perMember} bytes in one binding (${what} float32), above maxStorageBufferBindingSize/maxBufferSize = ${binding}`,
    );
  }
  const perDispatch = Math.floor(limits.maxComputeWorkgroupsPerDimension / (shape.workgroupsPerMember ?? 1));
  if (perDispatch < 1) {
    throw new RangeError(
      `planBatch: maxComputeWorkgroupsPerDimension = ${limits.maxComputeWorkgroupsPerDimension} is below one member's workgroups`,
    );
  }
  let limit = batch;
  let boundBy: BatchPlan['boundBy'] = 'batch';
  if (perDispatch < limit) {
    limit = perDispatch;
    boundBy = 'maxComputeWorkgroupsPerDimension';
  }
  if (byBinding < limit) {
    limit = byBinding;
    boundBy = 'maxStorageBufferBindingSize';
  }
  const nChunks = Math.ceil(batch / limit);
  const base = Math.floor(batch / nChunks);
  const extra = batch - base * nChunks;
  const chunks: { start: number; count: number }[] = [];
  let start = 0;
  for (let c = 0; c < nChunks; c++) {
    const count = base + (c < extra ? 1 : 0);
    chunks.push({ start, count });
    start += count;
  }
  const chunkSize = base + (extra > 0 ? 1 : 0);
  const bytesPerChunk = chunkBytes(shape, chunkSize);
  const perGroup = Math.max(1, Math.floor(memoryBudget / bytesPerChunk));
  const groups: number[][] = [];
  for (let c = 0; c < nChunks; c += perGroup) {
    groups.push(Array.from({ length: Math.min(perGroup, nChunks - c) }, (_, i) => c + i));
  }
  return { chunkSize, chunks, groups, bytesPerChunk, boundBy };
}

/**
 * Splits `bytes` into pieces of at most `maxPiece` bytes (multiples of 4), for uploads and
 * copies that stay small whatever the buffer.
 *
 * @param bytes - total length
 * @param maxPiece - largest piece
 * @returns [offset, length] pairs covering [0, bytes)
 */
export function pieces(bytes: number, maxPiece: number): [number, number][] {
  const step = Math.max(4, maxPiece - (maxPiece % 4));
  const out: [number, number][] = [];
  for (let o = 0; o < bytes; o += step) out.push([o, Math.min(step, bytes - o)]);
  return out;
}
