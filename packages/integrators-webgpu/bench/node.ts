// Benchmark on a GPU machine (Node + Dawn + a Vulkan driver), bundled by bench/gpu-machine.sh
// prepare and run there by bench/gpu-machine.sh run: the adapter, then for RK4 (fixed step) and
// DOPRI5 (rtol 1e-4) on [8,16,16,1] ReLU flows with biases and 32 samples, trajectory-steps/s and
// useful GFLOP/s of the WebGPU backend at each B of $BATCHES against single-thread cpu-float64,
// and the agreement of the first CPU_BATCH members with float64. One JSON line per figure.
import { createRequire } from 'node:module';
import { availableWebGpu, benchWebGpuEnsemble, createWebGpuBackend } from '../src/node.js';

const out = (o: object) => console.log(JSON.stringify(o));
const batches = (process.env.BATCHES ?? '16384,65536').split(',').map(Number);
const steps = Number(process.env.STEPS ?? 20);
const cpuBatch = Number(process.env.CPU_BATCH ?? 256);
const dawnPath = process.env.DAWN_NODE;
const gpu = dawnPath
  ? (createRequire(import.meta.url)(dawnPath) as { create: (f: string[]) => GPU }).create([])
  : undefined;

const avail = await availableWebGpu(gpu ? { gpu } : {});
out({ kind: 'adapter', ...avail });
if (!avail.available) process.exit(3);
const backend = await createWebGpuBackend({ ...(gpu ? { gpu } : {}), memoryBudget: 16 * 2 ** 30 });
out({ kind: 'limits', name: backend.name, limits: backend.limits });
for (const method of ['rk4', 'dopri5'] as const) {
  const cpu = await benchWebGpuEnsemble({ backend: 'cpu-float64', batch: cpuBatch, method, steps });
  out({ kind: 'cpu', ...cpu, yEnd: undefined });
  for (const batch of batches) {
    try {
      const g = await benchWebGpuEnsemble({ backend, batch, method, steps });
      // Same seed: the first cpuBatch members of the GPU batch are the CPU run's members.
      let diff = 0;
      for (let i = 0; i < cpu.yEnd.length; i++) diff = Math.max(diff, Math.abs(g.yEnd[i]! - cpu.yEnd[i]!));
      out({
        kind: 'webgpu',
        ...g,
        yEnd: undefined,
        ratio: g.trajectoryStepsPerSecond / cpu.trajectoryStepsPerSecond,
        fractionOfMicro: g.usefulGflopPerSecond / 1637,
        agreementMaxAbs: diff,
      });
    } catch (e) {
      out({ kind: 'webgpu', method, batch, error: String((e as Error)?.stack ?? e).slice(0, 600) });
    }
  }
}
backend.destroy();
process.exit(0);
