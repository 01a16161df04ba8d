import { describe, expect, it } from 'vitest';
import {
  availableWebGpu,
  benchWebGpuEnsemble,
  createWebGpuBackend,
  evaluationFlops,
  nodeGpu,
  vulkanLoader,
  WebGpuUnavailableError,
} from './node.js';

// This project's machines have no GPU: Dawn loads but finds no Vulkan device (TOOLCHAIN.md). On a
// machine with one, the same tests check the adapter report and a run instead.
describe('the Node entry on Dawn (npm webgpu 0.6.2)', () => {
  it('loads Dawn: nodeGpu() is a GPU object with requestAdapter', async () => {
    const gpu = await nodeGpu();
    expect(typeof gpu.requestAdapter).toBe('function');
    expect(await nodeGpu()).toBe(gpu);
  });

  it('availableWebGpu reports the adapter, or its absence naming a Vulkan GPU driver and libvulkan1', async () => {
    const r = await availableWebGpu();
    if (r.available) {
      expect(r.adapter?.vendor.length ?? 0).toBeGreaterThan(0);
      expect(r.limits?.maxComputeWorkgroupsPerDimension ?? 0).toBeGreaterThanOrEqual(65535);
      expect(r.missing).toEqual([]);
    } else {
      expect(r.adapter).toBe(null);
      expect(r.reason).toContain('Dawn (npm webgpu 0.6.2) found no usable Vulkan device');
      expect(r.missing.length).toBe(2);
      expect(r.missing[0]).toContain('a GPU with a Vulkan driver');
      expect(r.missing[1]).toContain('libvulkan');
      // The loader is installed by the bootstrap, and the report says where it is.
      const loader = vulkanLoader();
      expect(loader === null ? r.missing[1] : r.missing[1]!.includes(loader)).toBeTruthy();
    }
  });

  it('createWebGpuBackend throws WebGpuUnavailableError naming what is missing, never a CPU fallback', async () => {
    const r = await availableWebGpu();
    if (r.available) {
      const gpu = await createWebGpuBackend();
      const out = await gpu.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1], 1, { times: [0, 1] });
      expect(out.backend.startsWith('webgpu:')).toBe(true);
      expect(Math.abs(out.y[1]! - Math.exp(-1))).toBeLessThan(1e-5);
      gpu.destroy();
      return;
    }
    const error = await createWebGpuBackend().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebGpuUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('no WebGPU adapter');
    expect(message).toContain('a GPU with a Vulkan driver');
    expect(message).toContain('libvulkan');
    expect((error as WebGpuUnavailableError).missing).toEqual(r.missing);
  });

  it('a GPU object without adapters is reported in Node with what is missing (a Vulkan GPU, libvulkan1)', async () => {
    const none = await availableWebGpu({ gpu: { requestAdapter: async () => null } as unknown as GPU });
    expect(none.available).toBe(false);
    expect(none.limits).toBe(null);
    expect(none.missing[0]).toContain('a GPU with a Vulkan driver');
    expect(none.missing[1]).toContain('libvulkan');
  });
});

describe('benchWebGpuEnsemble on the CPU baseline', () => {
  it('evaluationFlops counts 2N(2 Σ n_l n_{l−1} + Σ_{l≥2} n_l n_{l−1}): 68608 for [8,16,16,1] and 32 samples', () => {
    expect(evaluationFlops([8, 16, 16, 1], 32)).toBe(2 * 32 * (2 * (128 + 256 + 16) + (256 + 16)));
    expect(evaluationFlops([3, 2], 5)).toBe(2 * 5 * 2 * 6);
  });

  it('RK4 on cpu-float64 counts B · steps trajectory steps and 4 evaluations per step plus f(θ₀) per member', async () => {
    const r = await benchWebGpuEnsemble({ backend: 'cpu-float64', batch: 3, steps: 4, samples: 8 });
    expect(r.backend).toBe('cpu-float64');
    expect(r.trajectorySteps).toBe(12);
    expect(r.evaluations).toBe(4 * 12 + 3);
    expect(r.usefulGflop).toBeCloseTo((51 * evaluationFlops([8, 16, 16, 1], 8)) / 1e9, 12);
    expect(r.failed).toBe(0);
    expect(r.yEnd.length).toBe(3 * 433);
  });
});
