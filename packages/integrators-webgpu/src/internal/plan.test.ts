import { describe, expect, it } from 'vitest';
import { chunkBytes, pieces, planBatch } from './plan.js';

const device = {
  maxStorageBufferBindingSize: 128 * 2 ** 20,
  maxBufferSize: 256 * 2 ** 20,
  maxComputeWorkgroupsPerDimension: 65535,
};

describe('planBatch: chunks under the device limits', () => {
  it('keeps one chunk when everything fits', () => {
    const p = planBatch({ batch: 100, dim: 31, outputs: 3, slots: 7, memoryBudget: 2 ** 30 }, device);
    expect(p.chunks).toEqual([{ start: 0, count: 100 }]);
    expect(p.groups).toEqual([[0]]);
    expect(p.boundBy).toBe('batch');
  });

  it('B = 65536 on [8,16,16,1] (D = 433) with DOPRI5: every binding ≤ 128 MiB and every dispatch ≤ 65535 workgroups', () => {
    const D = 433;
    const p = planBatch({ batch: 65536, dim: D, outputs: 2, slots: 7, memoryBudget: 2 ** 30 }, device);
    for (const c of p.chunks) {
      expect(c.count * 7 * D * 4).toBeLessThanOrEqual(device.maxStorageBufferBindingSize);
      expect(c.count).toBeLessThanOrEqual(65535);
    }
    expect(p.chunks.reduce((a, c) => a + c.count, 0)).toBe(65536);
    expect(p.boundBy).toBe('maxStorageBufferBindingSize');
    // The micro-benchmark's 128 MiB buffers at B = 65536: one stage slot of 512 floats per member is
    // exactly the limit; with 7 slots the batch needs ceil(7 · 65536 · 433 · 4 / 2^27) chunks.
    expect(p.chunks.length).toBe(Math.ceil((7 * 65536 * D * 4) / 2 ** 27));
  });

  it('bounds the chunk by maxComputeWorkgroupsPerDimension and balances the chunks', () => {
    const p = planBatch(
      { batch: 10, dim: 4, outputs: 2, slots: 4, memoryBudget: 2 ** 30 },
      { ...device, maxComputeWorkgroupsPerDimension: 3 },
    );
    expect(p.chunks.map((c) => c.count)).toEqual([3, 3, 2, 2]);
    expect(p.chunks.map((c) => c.start)).toEqual([0, 3, 6, 8]);
    expect(p.boundBy).toBe('maxComputeWorkgroupsPerDimension');
  });

  it('bounds the chunk by the largest binding: stage slots or output rows, and by maxBufferSize', () => {
    const slotsBound = planBatch(
      { batch: 50, dim: 10, outputs: 1, slots: 5, memoryBudget: 2 ** 30 },
      { ...device, maxStorageBufferBindingSize: 1000 },
    );
    expect(slotsBound.chunkSize).toBe(5); // 1000 / (5 · 10 · 4) = 5 members
    const outputsBound = planBatch(
      { batch: 50, dim: 10, outputs: 20, slots: 5, memoryBudget: 2 ** 30 },
      { ...device, maxBufferSize: 1600 },
    );
    expect(outputsBound.chunkSize).toBe(2); // 1600 / (20 · 10 · 4) = 2 members
    expect(outputsBound.chunks.length).toBe(25);
  });

  it('groups chunks under the memory budget, at least one chunk per group', () => {
    const shape = { batch: 12, dim: 8, outputs: 2, slots: 4 };
    const limits = { ...device, maxComputeWorkgroupsPerDimension: 2 };
    const per = chunkBytes(shape, 2);
    const p = planBatch({ ...shape, memoryBudget: 3 * per }, limits);
    expect(p.chunks.length).toBe(6);
    expect(p.groups).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const tiny = planBatch({ ...shape, memoryBudget: 1 }, limits);
    expect(tiny.groups.length).toBe(6);
  });

  it('throws a RangeError naming the limit when one member does not fit a binding', () => {
    expect(() =>
      planBatch(
        { batch: 1, dim: 1000, outputs: 2, slots: 7, memoryBudget: 2 ** 30 },
        { ...device, maxStorageBufferBindingSize: 4096 },
      ),
    ).toThrow(/maxStorageBufferBindingSize\/maxBufferSize = 4096/);
  });
});

describe('pieces: transfers cut under a maximum', () => {
  it('covers [0, bytes) with pieces of at most maxPiece bytes, multiples of 4', () => {
    expect(pieces(10, 4)).toEqual([
      [0, 4],
      [4, 4],
      [8, 2],
    ]);
    const p = pieces(100 * 2 ** 20, 16 * 2 ** 20);
    expect(p.length).toBe(7);
    expect(p.reduce((a, [, n]) => a + n, 0)).toBe(100 * 2 ** 20);
    expect(pieces(0, 16)).toEqual([]);
  });
});
