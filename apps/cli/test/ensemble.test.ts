import { describe, expect, it } from 'vitest';
import { expectUsageError, ONNX_FIXTURES, run, runJson } from './helpers.js';

describe('idyn ensemble', () => {
  it('CPU backend: every member conserves its laws h_v to 1e-6 and the loss decreases (MATH.md §1, §2)', async () => {
    const doc = await runJson([
      'ensemble',
      'relu:2-3-1+bias',
      '--runs',
      '6',
      '--data',
      'data-2-1.csv',
      '--backend',
      'cpu',
      '--times',
      '3',
      '--rtol',
      '1e-6',
      '--T',
      '0.5',
    ]);
    expect(doc.backend).toEqual({ requested: 'cpu', mode: null, used: 'cpu-float64', precision: 'float64' });
    expect(doc.status).toEqual({ success: 6 });
    expect((doc.lawDrift as { max: number }).max).toBeLessThan(1e-6);
    const q = doc.lossQuantiles as { median: number }[];
    expect((q[2] as { median: number }).median).toBeLessThan((q[0] as { median: number }).median);
  });

  it('gpu backend, gpu.js CPU mode: reports the kernel that really ran, float32, and agrees with the CPU float64 backend to 1e-3', async () => {
    // Same DOPRI5 tolerance on both sides, so the difference is float32 arithmetic plus solver error.
    const args = [
      'ensemble',
      'linear:2-2-2',
      '--runs',
      '4',
      '--loss',
      'synthetic:0',
      '--T',
      '0.2',
      '--times',
      '2',
      '--rtol',
      '1e-5',
    ];
    const gpu = await runJson([...args, '--mode', 'cpu', '--min-gpu-batch', '0']);
    expect(gpu.backend).toEqual({ requested: 'gpu', mode: 'cpu', used: 'CPUKernel', precision: 'float32' });
    const cpu = await runJson([...args, '--backend', 'cpu']);
    const a = gpu.finalLoss as number[];
    const b = cpu.finalLoss as number[];
    a.forEach((v, i) => {
      expect(v).toBeAllClose(b[i]!, { rtol: 1e-3, atol: 1e-6 });
    });
  });

  it('small batches go to the CPU float64 backend and the output says so', async () => {
    const doc = await runJson([
      'ensemble',
      'linear:2-2-2',
      '--runs',
      '3',
      '--loss',
      'synthetic:1',
      '--T',
      '0.2',
      '--times',
      '2',
      '--mode',
      'cpu',
    ]);
    expect(doc.backend).toMatchObject({ requested: 'gpu', used: 'cpu-float64', precision: 'float64' });
  });

  it('needs a layered preset, data for mse, a linear net for synthetic', async () => {
    expectUsageError(
      await run(['ensemble', 'dense:2-3-1', '--data', 'data-2-1.csv']),
      /needs a layered network .*: an edge skips a layer$/,
    );
    expectUsageError(await run(['ensemble', 'relu:2-3-1']), /--loss mse needs --data FILE/);
    expectUsageError(
      await run(['ensemble', 'relu:2-3-1', '--loss', 'synthetic:0']),
      /--loss synthetic needs a linear: preset/,
    );
    expectUsageError(
      await run(['ensemble', 'relu:2-3-1+hbias', '--data', 'data-2-1.csv']),
      /\+hbias is not supported/,
    );
    expectUsageError(
      await run(['ensemble', 'relu:2-3-1', '--data', 'data-2-1.csv', '--backend', 'tpu']),
      /--backend must be gpu, cpu, threads, webgpu, got 'tpu'/,
    );
  });
});

describe('idyn ensemble model.onnx', () => {
  it('an ONNX MLP runs as the preset of its architecture (named in the output); a CNN is refused with the reason', async () => {
    const args = ['--runs', '3', '--loss', 'teacher:1', '--T', '0.2', '--times', '3', '--backend', 'cpu'];
    const doc = await runJson(['ensemble', `${ONNX_FIXTURES}mlp.onnx`, ...args]);
    const preset = await runJson(['ensemble', 'relu:4-8-6-3+bias', ...args]);
    expect(doc.net).toBe(`${ONNX_FIXTURES}mlp.onnx (as relu:4-8-6-3+bias)`);
    expect(doc.finalLoss).toEqual(preset.finalLoss);
    expectUsageError(
      await run(['ensemble', `${ONNX_FIXTURES}lenet.onnx`, ...args]),
      /lenet\.onnx': it shares parameters between edges or biases$/,
    );
  });
});

describe('idyn ensemble backends: threads, webgpu, progress and Ctrl-C', () => {
  const base = ['ensemble', 'relu:2-3-1+bias', '--data', 'data-2-1.csv', '--T', '0.3', '--times', '3'];

  it('--backend cpu --threads 2 runs on worker threads with the same results as one thread', async () => {
    const linear = [
      'ensemble',
      'linear:2-2-2',
      '--loss',
      'synthetic:0',
      '--T',
      '0.5',
      '--times',
      '3',
      '--runs',
      '40',
    ];
    const threaded = await runJson([...linear, '--backend', 'cpu', '--threads', '2']);
    const single = await runJson([...linear, '--backend', 'cpu']);
    expect(threaded.backend).toMatchObject({ requested: 'threads', used: 'cpu-float64', threads: 2 });
    expect(threaded.finalLoss).toEqual(single.finalLoss);
    const text = await run([...linear, '--backend', 'threads', '--threads', '2']);
    expect(text.stdout).toMatch(/backend +cpu-float64 \(float64; requested threads, 2 worker threads\)/);
  });

  it('gpu.js prints the device work it reports (read-backs, kernel launches)', async () => {
    const r = await run([
      ...base,
      '--runs',
      '8',
      '--backend',
      'gpu',
      '--mode',
      'cpu',
      '--min-gpu-batch',
      '0',
    ]);
    expect(r.stdout).toMatch(/device +\d+ read-backs, \d+ of them status summaries, \d+ kernel launches/);
  });

  it('--backend webgpu without an adapter is exit 2 saying what is missing (on a GPU machine: it runs)', async () => {
    const { availableWebGpu } = await import('@idyn/integrators-webgpu/node');
    const r = await run([...base, '--runs', '8', '--backend', 'webgpu']);
    if ((await availableWebGpu()).available) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/backend +webgpu:/);
    } else
      expectUsageError(
        r,
        /^idyn ensemble: --backend webgpu: no WebGPU adapter: .*missing: a GPU with a Vulkan driver/,
      );
  });

  it('Ctrl-C during the integration (at the first progress report) cancels it cleanly: exit 130, nothing on stdout', async () => {
    const args = ['ensemble', 'relu:2-3-1+bias', '--loss', 'teacher:1', '--runs', '64', '--T', '5'];
    const r = await run([...args, '--backend', 'gpu', '--mode', 'cpu', '--min-gpu-batch', '0'], {
      isTTY: true,
      interruptOn: /members done/,
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    // The progress showed the members done and the rate before the interrupt.
    expect(r.stderr).toMatch(/integrating on gpu\.js-cpu: \d+\/64 members done, [\d.e+]+ steps\/s/);
    expect(r.stderr).toMatch(
      /idyn ensemble: interrupted \(Ctrl-C\): the run was cancelled, nothing was written\n$/,
    );
  });

  it('bad --backend and --threads with a GPU backend are usage errors', async () => {
    expectUsageError(
      await run([...base, '--backend', 'tpu']),
      /--backend must be gpu, cpu, threads, webgpu, got 'tpu'/,
    );
    expectUsageError(
      await run([...base, '--backend', 'gpu', '--threads', '2']),
      /--threads needs --backend cpu or threads, got --backend 'gpu'/,
    );
  });
});
