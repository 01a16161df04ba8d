import { bench, describe } from 'vitest';
import { benchEnsemble } from '../src/benchEnsemble.js';
import { createGpuBackend } from '../src/createGpuBackend.js';

// Seeded ensembles (benchEnsemble's default seed 1) of [8,16,16,1] ReLU flows with biases, B = 64,
// 4 RK4 steps; baseline: the CPU float64 backend. The cross-backend sweep over B = 256..4096 is
// bench/ensemble.ts.
const cpuKernels = createGpuBackend({ mode: 'cpu', minGpuBatch: 0 });
const wasmKernels = createGpuBackend({ mode: 'webasm', minGpuBatch: 0 });

describe('RK4 on 64 [8,16,16,1] ReLU flows, 4 steps', () => {
  bench('baseline: cpuBackend (float64)', () => {
    benchEnsemble({ backend: 'cpu-float64', batch: 64, steps: 4 });
  });
  bench("gpu.js 'cpu' mode (CPUKernel, float32 results)", () => {
    benchEnsemble({ backend: cpuKernels, batch: 64, steps: 4 });
  });
  bench("gpu.js 'webasm' mode (WebAssemblyKernel, float32)", () => {
    benchEnsemble({ backend: wasmKernels, batch: 64, steps: 4 });
  });
});
