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
    expect(cpu.readbacks).toBe(0);
    expect(kernels.readbacks).toBeGreaterThan(0);
  });

  it('counts useful flops by hand on [8,16,16,1] with 32 samples and DOPRI5 trial steps', () => {
    // Layer 1: 16·8·32 = 4096 multiply-adds forward and in the weight gradient (no
    // back-propagation into the input), 2·16·32 bias flops: 2·4096·2 + 1024 = 17408. Layer 2:
    // 16·16·32 = 8192 forward, backward, gradient: 2·8192·3 + 1024 = 50176. Layer 3: 16·32 = 512:
    // 2·512·3 + 64 = 3136. Sum 70720 per evaluation, 4 evaluations per RK4 step.
    const rk4 = benchEnsemble({ backend: 'cpu-float64', batch: 2, steps: 1 });
    expect(rk4.flopsPerEvaluation).toBe(70720);
    expect(rk4.usefulGflops).toBeCloseTo((70720 * 4 * rk4.trajectoryStepsPerSecond) / 1e9, 9);
    const dopri = benchEnsemble({ backend: 'cpu-float64', batch: 2, steps: 5, method: 'dopri5' });
    expect(dopri.evaluationsPerStep).toBe(6);
    expect(dopri.failed).toBe(0);
    // The adaptive steps actually taken by both members over [0, 0.05].
    expect(dopri.trajectorySteps).toBeGreaterThanOrEqual(2);
  });

  it('rejects a non-positive batch, steps or step with RangeErrors naming them', () => {
    expect(() => benchEnsemble({ backend: 'cpu-float64', batch: 0 })).toThrow(/options\.batch.*0/);
    expect(() => benchEnsemble({ backend: 'cpu-float64', steps: 1.5 })).toThrow(/options\.steps.*1\.5/);
    expect(() => benchEnsemble({ backend: 'cpu-float64', step: -1 })).toThrow(/options\.step.*-1/);
  });
});
