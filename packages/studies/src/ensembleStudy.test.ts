import { readFileSync } from 'node:fs';
import { forward, initGaussian, mseGradient, parseNetwork } from '@idyn/graph';
import { cpuBackend } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { ensembleStudy } from './ensembleStudy.js';
import { importStudy } from './importStudy.js';

describe('ensemble study', () => {
  it('CPU float64: every member conserves its laws h_v to 1e-6 and the median loss decreases (MATH.md §1, §2)', async () => {
    const r = await ensembleStudy.run({
      net: 'relu:2-3-1+bias',
      runs: 5,
      loss: 'teacher:2',
      backend: 'cpu',
      T: 0.5,
      times: 3,
      rtol: 1e-6,
    });
    expect(r.backend).toEqual({ requested: 'cpu', mode: null, used: 'cpu-float64', precision: 'float64' });
    expect(r.status).toEqual({ success: 5 });
    expect(r.lawDrift.max).toBeLessThan(1e-6);
    expect(r.lossQuantiles[2]!.median).toBeLessThan(r.lossQuantiles[0]!.median!);
    expect(r.loss).toEqual({ kind: 'teacher', seed: 2, samples: 32 });
  });
  it('law levels: member b starts with every h_v = λ_b, λ spread evenly (checked on the member inits with rescalingLaws)', async () => {
    const r = await ensembleStudy.run({
      net: 'relu:2-4-1',
      runs: 3,
      init: 'gaussian:7',
      lawLevels: { from: -1, to: 1 },
      loss: 'teacher:1',
      backend: 'cpu',
      method: 'rk4',
      T: 0.1,
      times: 2,
      perRun: true,
    });
    expect(r.lambdas).toEqual([-1, 0, 1]);
    expect(r.lawLevelResidual!).toBeLessThan(1e-9);
    expect(r.rtol).toBeNull();
    // Positive rescalings of hidden ReLU neurons keep the function (MATH.md §1): member b's initial
    // loss is the one of its raw Gaussian init on the teacher's data.
    const net = parseNetwork('relu:2-4-1');
    const X = createRng(1).normals(32 * 2);
    const Y = forward(net, initGaussian(net, { seed: 1 + 7919, scale: 'he' }), X, 32).outputs;
    r.perRun!.loss.forEach((row, b) => {
      const raw = initGaussian(net, { seed: 7 + b });
      expect(row[0]).toBeCloseTo(mseGradient(net, raw, X, Y, 32).loss, 12);
    });
  });
  it('a ready gpu backend is used as given (here the CPU one standing in), and named in the result', async () => {
    const r = await ensembleStudy.run(
      { net: 'linear:2-2-2', runs: 2, loss: 'synthetic:0', T: 0.1, times: 2 },
      { gpuBackend: cpuBackend },
    );
    expect(r.backend).toMatchObject({ requested: 'gpu', used: 'cpu-float64' });
  });
  it('an imported ONNX MLP (PyTorch 4-8-6-3 with biases) runs as its preset: the same members, bit for bit', async () => {
    const model = readFileSync(new URL('../../onnx/test/fixtures/mlp.onnx', import.meta.url)).toString(
      'base64',
    );
    const { spec } = await importStudy.run({ model, modelLabel: 'mlp.onnx' });
    const run = { runs: 3, loss: 'teacher:1', T: 0.2, times: 3, backend: 'cpu' } as const;
    const fromModel = await ensembleStudy.run({ ...run, net: spec, netLabel: 'mlp.onnx' });
    const fromPreset = await ensembleStudy.run({ ...run, net: 'relu:4-8-6-3+bias' });
    expect(fromModel.net).toBe('mlp.onnx (as relu:4-8-6-3+bias)');
    expect(fromModel.finalLoss).toEqual(fromPreset.finalLoss);
    expect(fromModel.lawDrift).toEqual(fromPreset.lawDrift);
    // the LeNet-like CNN is not layered: the reason is given
    const lenet = await importStudy.run({
      model: readFileSync(new URL('../../onnx/test/fixtures/lenet.onnx', import.meta.url)).toString('base64'),
    });
    await expect(ensembleStudy.run({ ...run, net: lenet.spec, netLabel: 'lenet.onnx' })).rejects.toThrow(
      /got net 'lenet.onnx': it shares parameters/,
    );
  });

  it('refuses non-layered nets, +hbias, synthetic on ReLU nets, mse without data', async () => {
    await expect(ensembleStudy.run({ net: 'dense:2-3-1', loss: 'teacher:0' })).rejects.toThrow(
      "the ensemble study needs a layered network (relu:W0-...-WL or linear:W0-...-WL, optional +bias, or a model with that architecture), got net 'dense:2-3-1': an edge skips a layer",
    );
    await expect(ensembleStudy.run({ net: 'relu:2-3-1+hbias', loss: 'teacher:0' })).rejects.toThrow(
      '+hbias is not supported',
    );
    await expect(ensembleStudy.run({ net: 'relu:2-3-1', loss: 'synthetic:0' })).rejects.toThrow(
      'loss synthetic needs a linear: preset',
    );
    await expect(ensembleStudy.run({ net: 'relu:2-3-1' })).rejects.toThrow('loss mse needs data');
  });

  it('a result above one JSON text is refused before the run, naming times or runs (whichever sizes it)', async () => {
    const base = { net: 'linear:2-3-1', loss: 'synthetic:0', backend: 'cpu', maxMemoryBytes: 1e13 } as const;
    await expect(ensembleStudy.run({ ...base, runs: 4, times: 10_000_000 })).rejects.toMatchObject({
      name: 'StudyInputError',
      field: 'times',
      message: expect.stringMatching(/about 4\.00e\+7 numbers \(4 runs and 10000000 output times\)/),
    });
    await expect(
      ensembleStudy.run({ ...base, runs: 20_000, times: 2000, perRun: true }),
    ).rejects.toMatchObject({ field: 'runs' });
  });
});

describe('ensemble study: backends passed in, progress and cancellation', () => {
  const input = {
    net: 'relu:2-3-1+bias',
    runs: 40,
    loss: 'teacher:2',
    T: 0.3,
    times: 3,
    rtol: 1e-7,
  } as const;

  it('threads (worker threads passed in by the caller): the same results as one CPU thread, bit for bit', async () => {
    const { createThreadedCpuBackend } = await import('@idyn/integrators/threads');
    const pool = createThreadedCpuBackend({ threads: 2, minBatch: 1 });
    try {
      const threaded = await ensembleStudy.run(
        { ...input, backend: 'threads', threads: 2 },
        { backend: pool },
      );
      const single = await ensembleStudy.run({ ...input, backend: 'cpu' });
      expect(threaded.backend).toEqual({
        requested: 'threads',
        mode: null,
        used: 'cpu-float64',
        precision: 'float64',
        threads: 2,
      });
      expect(threaded.finalLoss).toEqual(single.finalLoss);
      expect(threaded.lawDrift.perRun).toEqual(single.lawDrift.perRun);
    } finally {
      await pool.destroy();
    }
  });

  it('progress reports the members done and the rate during the integration; the last one has every member', async () => {
    const seen: { done: number; total: number; stepsPerSecond: number }[] = [];
    await ensembleStudy.run(
      { ...input, backend: 'cpu' },
      {
        onProgress: (p) => {
          if (p.members) seen.push(p.members);
        },
      },
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({ done: 40, total: 40 });
    expect(seen.at(-1)!.stepsPerSecond).toBeGreaterThan(0);
  });

  it('an abort during the integration (from the progress callback) stops it with an AbortError', async () => {
    const controller = new AbortController();
    const run = ensembleStudy.run(
      { ...input, backend: 'cpu' },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.members) controller.abort(new Error('cancelled by the test'));
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError', study: 'ensemble' });
  });

  it('gpu.js (CPU kernel mode) reports its device work: read-backs and kernel launches', async () => {
    const r = await ensembleStudy.run({
      ...input,
      runs: 4,
      backend: 'gpu',
      mode: 'cpu',
      minGpuBatch: 0,
      rtol: 1e-4,
    });
    expect(r.backend.used).toBe('CPUKernel');
    expect(r.work?.readbacks).toBeGreaterThan(0);
    expect(r.work?.kernelLaunches).toBeGreaterThan(0);
  });

  it('threads and webgpu without a backend passed in, and --threads with another backend, are refused naming the field', async () => {
    await expect(ensembleStudy.run({ ...input, backend: 'threads' })).rejects.toThrow(
      /backend threads runs on worker threads that the front end creates/,
    );
    await expect(ensembleStudy.run({ ...input, backend: 'webgpu' })).rejects.toThrow(
      /backend webgpu needs a WebGPU backend that the front end creates/,
    );
    await expect(ensembleStudy.run({ ...input, backend: 'cpu', threads: 2 })).rejects.toThrow(
      /threads needs backend threads, got backend 'cpu'/,
    );
  });
});
