import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importStudy } from './importStudy.js';
import { lawsStudy } from './lawsStudy.js';
import { liftStudy } from './liftStudy.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../onnx/test/fixtures/${name}`, import.meta.url)).toString('base64');

describe('import study', () => {
  it('the PyTorch MLP 4-8-6-3 with biases: D = 4·8+8 + 8·6+6 + 6·3+3 = 115, 14 hidden neurons with a law each', async () => {
    const r = await importStudy.run({ model: fixture('mlp.onnx'), modelLabel: 'mlp.onnx' });
    expect(r.report.parameters.D).toBe(4 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3);
    // Paths: 4·8·6·3 from the inputs + (8·6·3 + 6·3 + 3) from the biases.
    expect(r.report.paths).toEqual({
      total: String(4 * 8 * 6 * 3 + 8 * 6 * 3 + 6 * 3 + 3),
      fromInputs: String(4 * 8 * 6 * 3),
      fromBiases: String(8 * 6 * 3 + 6 * 3 + 3),
    });
    expect(r.report.laws.count).toBe(14);
    expect(r.spec.theta).toHaveLength(115);
  });

  it('its spec is the net of the other studies: the laws study counts 14 laws, the lift study the same paths', async () => {
    const r = await importStudy.run({ model: fixture('mlp.onnx') });
    const laws = await lawsStudy.run({ net: r.spec, netLabel: 'mlp.onnx' });
    expect([laws.D, laws.laws, laws.paths]).toEqual([115, 14, r.report.paths.total]);
    const lift = await liftStudy.run({ net: r.spec });
    expect(lift.theta.source).toBe('spec');
    expect(lift.theta.values).toEqual(r.spec.theta);
    expect(lift.paths?.total).toBe(r.report.paths.total);
  });

  it('refusals are input errors on model naming the operator; bad base64 and a bad input shape are named too', async () => {
    await expect(
      importStudy.run({ model: fixture('refusals/tanh_act.onnx'), modelLabel: 'tanh_act.onnx' }),
    ).rejects.toThrow(/^model 'tanh_act.onnx': Tanh .*unsupported operator/);
    await expect(importStudy.run({ model: 'not base64!' })).rejects.toThrow(
      /^model 'not base64!': is not base64 text/,
    );
    await expect(importStudy.run({ model: fixture('mlp.onnx'), inputShape: [1, 5] })).rejects.toThrow(
      /^inputShape: /,
    );
  });
});
