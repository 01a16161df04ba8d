import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The lines of the fenced block after a marker comment of the README. */
function block(marker: string): string[] {
  const start = README.indexOf(marker);
  expect(start, marker).toBeGreaterThan(0);
  const open = README.indexOf('```', start);
  const body = README.indexOf('\n', open) + 1;
  const close = README.indexOf('```', body);
  return README.slice(body, close)
    .split('\n')
    .filter((l) => l.trim().length > 0);
}

describe('README: the PyTorch -> ONNX -> idyn round trip runs as written', () => {
  it('the export snippet is the one of @idyn/onnx (the exporter call its fixtures were made with)', () => {
    const python = README.slice(
      README.indexOf('```python'),
      README.indexOf('```', README.indexOf('```python') + 3),
    );
    const onnxReadme = readFileSync(join(ROOT, 'packages/onnx/README.md'), 'utf8');
    expect(onnxReadme).toContain(python);
    expect(python).toContain('torch.onnx.export(');
  });

  it('every idyn line of the block exits 0 from the repository root (the checked-in fixtures), and says what it should', async () => {
    const lines = block('<!-- readme-round-trip -->');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    // A scratch directory standing for the repository root: its inputs are the repository's, the
    // files the commands write (lenet.json) stay out of the working tree.
    const cwd = mkdtempSync(join(tmpdir(), 'idyn-readme-'));
    for (const dir of ['packages', 'apps']) symlinkSync(join(ROOT, dir), join(cwd, dir));
    const out: Record<string, string> = {};
    for (const line of lines) {
      const argv = line.split(/\s+/);
      expect(argv[0], line).toBe('idyn');
      const r = await run(argv.slice(1), { cwd });
      expect({ line, code: r.code, stderr: r.stderr }).toEqual({ line, code: 0, stderr: '' });
      out[line] = r.stdout;
    }
    expect(existsSync(join(cwd, 'lenet.json'))).toBe(true);
    const text = Object.entries(out);
    const of = (start: string) => text.filter(([l]) => l.startsWith(start)).map(([, o]) => o);
    // LeNet: D 4298, 28 laws (4 + 8 conv channels + 16 dense neurons) counted structurally, also from the spec file.
    expect(of('idyn import')[0]).toMatch(/D \(parameters\) +4298: 4260 weights, 38 biases/);
    for (const o of of('idyn laws packages/onnx/test/fixtures/lenet.onnx').concat(of('idyn laws lenet.json')))
      expect(o).toMatch(/laws +28\n[\s\S]*method +rescaling/);
    expect(of('idyn lift packages/onnx/test/fixtures/lenet.onnx')[0]).toMatch(/paths +1300792490 /);
    expect(of('idyn lift packages/onnx/test/fixtures/mlp.onnx')[0]).toMatch(
      /max \|difference\| to the enumerated route/,
    );
    expect(of('idyn check')[0]).toMatch(/kernel inclusion +holds/);
    const flows = of('idyn flow');
    expect(flows[0]).toMatch(/max deviation +\d/);
    expect(flows[1]).toMatch(
      /intrinsic flow +no intrinsic z-flow: pathIntrinsicModel: the network shares parameters/,
    );
    expect(flows[2]).toMatch(/identity residual +max \d\.\d\de-1[5-7] relative/);
  });
});
