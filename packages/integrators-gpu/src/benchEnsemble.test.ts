import { describe, expect, it } from 'vitest';
import { benchEnsemble } from './benchEnsemble.js';
import { createGpuBackend } from './createGpuBackend.js';

describe('benchEnsemble', () => {
  it('counts batch × steps trajectory-steps and names the backend that ran (kernels and CPU baseline)', () => {
    const kernels = benchEnsemble({
      backend: createGpuBackend({ mode: 'cpu', minGpuBatch: 0 }),
      batch: 4,
      steps: 2,
      samples: 4,
    });
    expect(kernels.backendUsed).toBe('CPUKernel');
    expect(kernels.trajectorySteps).toBe(8);
    expect(kernels.failed).toBe(0);
    expect(kernels.trajectoryStepsPerSecond).toBeCloseTo(8 / kernels.seconds, 6);
    const cpu = benchEnsemble({ backend: 'cpu-float64', batch: 4, steps: 2, samples: 4 });
    expect(cpu.backendUsed).toBe('cpu-float64');
    expect(cpu.trajectorySteps).toBe(8);
  });

  it('rejects a non-positive batch, steps or step with RangeErrors naming them', () => {
    expect(() => benchEnsemble({ backend: 'cpu-float64', batch: 0 })).toThrow(/options\.batch.*0/);
    expect(() => benchEnsemble({ backend: 'cpu-float64', steps: 1.5 })).toThrow(/options\.steps.*1\.5/);
    expect(() => benchEnsemble({ backend: 'cpu-float64', step: -1 })).toThrow(/options\.step.*-1/);
  });
});
