import { readFileSync } from 'node:fs';
import { createRng } from '@idyn/linalg';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend } from './cpuBackend.js';
import { createThreadedCpuBackend } from './createThreadedCpuBackend.js';
import { layeredFlowLoss } from './layeredFlowLoss.js';
import type { LayeredFlowProblem } from './types.js';

const rng = createRng(17);
const problem: LayeredFlowProblem = {
  kind: 'layered-flow',
  widths: [2, 4, 1],
  activation: 'relu',
  bias: true,
  loss: { type: 'mse', samples: 6, X: rng.normals(12), Y: rng.normals(6) },
};
const dim = layeredFlowLoss(problem).dim;
const pool = createThreadedCpuBackend({ threads: 2, minBatch: 2 });
afterAll(() => pool.destroy());

describe('createThreadedCpuBackend: batches on worker threads', () => {
  it('gives results bit-identical to cpuBackend.integrateBatch (adaptive DOPRI5, neuron laws)', async () => {
    const B = 7;
    const theta = rng.normals(B * dim, 0.8);
    const opts = { times: [0, 0.5, 1], rtol: 1e-8, atol: 1e-10, neuronLaws: true };
    const r = await pool.integrateBatch(problem, theta, B, opts);
    const ref = cpuBackend.integrateBatch(problem, theta, B, opts);
    expect(Array.from(r.y)).toEqual(Array.from(ref.y));
    expect(Array.from(r.neuronLaws as Float64Array)).toEqual(Array.from(ref.neuronLaws as Float64Array));
    expect(r.status).toEqual(ref.status);
    expect(r.message).toEqual(ref.message);
    expect(Array.from(r.tStop)).toEqual(Array.from(ref.tStop));
    expect(r.stats).toEqual(ref.stats);
    expect(r.shape).toEqual([B, 3, dim]);
  });

  it('reports progress once per chunk (members done up to the batch) and rejects with the abort reason', async () => {
    const theta = rng.normals(6 * dim, 0.8);
    const seen: number[] = [];
    await pool.integrateBatch(problem, theta, 6, {
      times: [0, 1],
      onProgress: (p) => {
        seen.push(p.membersDone);
        expect(p.batch).toBe(6);
        expect(p.trajectorySteps).toBeGreaterThan(0);
      },
    });
    expect(seen.sort((a, b) => a - b)).toEqual([3, 6]);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the test'));
    await expect(
      pool.integrateBatch(problem, theta, 6, { times: [0, 1], signal: controller.signal }),
    ).rejects.toThrow('cancelled by the test');
    // A long run aborted while the workers compute.
    const late = new AbortController();
    const run = pool.integrateBatch(problem, rng.normals(4 * dim, 0.8), 4, {
      times: [0, 1e4],
      method: 'rk4',
      step: 1e-4,
      signal: late.signal,
    });
    setTimeout(() => late.abort(new Error('late abort')), 200);
    await expect(run).rejects.toThrow('late abort');
  });

  it('runs small batches on the calling thread and validates like cpuBackend', async () => {
    const small = createThreadedCpuBackend({ threads: 2 });
    expect(small.minBatch).toBe(32);
    const theta = rng.normals(2 * dim, 0.8);
    const r = await small.integrateBatch(problem, theta, 2, { times: [0, 1] });
    expect(Array.from(r.y)).toEqual(
      Array.from(cpuBackend.integrateBatch(problem, theta, 2, { times: [0, 1] }).y),
    );
    await expect(pool.integrateBatch(problem, [1, 2], 2, { times: [0, 1] })).rejects.toThrow(
      /y0 has length 2, expected batch × dim/,
    );
    expect(() => createThreadedCpuBackend({ threads: 0 })).toThrow(/options\.threads.*0/);
    await small.destroy();
  });

  it('is not reachable from the main entry (the browser bundle never sees node: modules or piscina)', () => {
    const index = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    expect(index).not.toMatch(/threads|piscina|node:/);
    const cpu = readFileSync(new URL('./cpuBackend.ts', import.meta.url), 'utf8');
    expect(cpu).not.toMatch(/piscina|node:|threads/);
  });
});
