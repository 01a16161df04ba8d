import { describe, expect, it } from 'vitest';
import { run, runJson } from './helpers.js';

describe('idyn lift', () => {
  it('skip-connection spec with theta (2, 3, 5): paths x→h→y and x→y, Phi = (6, 5), path-norms 11 and 61', async () => {
    // MATH.md §1 closed form: Phi_{x→h→y} = w_xh w_hy = 2·3, Phi_{x→y} = 5; ||Phi||_1 = 11, ||Phi||_2^2 = 36 + 25.
    const doc = await runJson(['lift', 'skip-with-theta.json']);
    expect(doc.paths).toEqual({ total: '2', fromInputs: '2', fromBiases: '0' });
    const phi = (doc.phi as { value: number }[]).map((p) => p.value).sort((a, b) => a - b);
    expect(phi).toEqual([5, 6]);
    expect(doc.pathNorms).toEqual({ l1: 11, l2squared: 61 });
    expect(doc.theta).toEqual({ source: 'spec', values: [2, 3, 5] });
  });

  it('relu:2-3-2+bias has 12 + 8 paths; the path-norms equal the sums of |Phi_p|^q over enumerated paths', async () => {
    // #paths(v) = [v output] + Σ #paths(w) (MATH.md §1): inputs 2·3·2 = 12, hidden biases 3·2, output biases 2.
    const doc = await runJson(['lift', 'relu:2-3-2+bias', '--init', 'gaussian:3']);
    expect(doc.paths).toEqual({ total: '20', fromInputs: '12', fromBiases: '8' });
    const phi = (doc.phi as { value: number }[]).map((p) => p.value);
    expect(phi).toHaveLength(20);
    const norms = doc.pathNorms as { l1: number; l2squared: number };
    expect(norms.l1).toBeAllClose(
      phi.reduce((s, v) => s + Math.abs(v), 0),
      { rtol: 1e-13 },
    );
    expect(norms.l2squared).toBeAllClose(
      phi.reduce((s, v) => s + v * v, 0),
      { rtol: 1e-13 },
    );
  });

  it('a deep wide network is counted exactly but not enumerated: 64^7 paths', async () => {
    const doc = await runJson(['lift', 'relu:64-64-64-64-64-64-64', '--init', 'gaussian:0:0.1']);
    expect(doc.paths).toMatchObject({ total: (64n ** 7n).toString() });
    expect(doc.phi).toBeNull();
    expect(doc.d).toBeNull();
  });

  it('linear presets lift to the matrix product z = U2 U1 (theta layout of the preset)', async () => {
    // theta = U1 (2x2 row-major) = [1 2; 3 4], U2 = [5 6; 7 8] → z = U2 U1 = [23 34; 31 46].
    const doc = await runJson(['lift', 'linear:2-2-2', '--theta', 'theta-2-2-2.txt']);
    expect((doc.phi as { value: number }[]).map((p) => p.value)).toEqual([23, 34, 31, 46]);
    expect(doc.lifting).toBe('matrix');
  });

  it('text output lists coordinates and path-norms', async () => {
    const r = await run(['lift', 'relu:2-3-2', '--init', 'gaussian:1', '--show', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/paths\s+12 \(12 from inputs, 0 from biases\)/);
    expect(r.stdout).toMatch(/x0→h1_0→y0/);
    expect(r.stdout).toMatch(/… 9 more/);
  });
});

describe('idyn lift on big nets, attention, and with data', () => {
  it('conv2d:28x28:1-8-8:3x3:10: 10·8·24²·9·8·9 paths counted and path-norms computed, nothing enumerated', async () => {
    const doc = await runJson(['lift', 'conv2d:28x28:1-8-8:3x3:10', '--init', 'gaussian:1']);
    expect((doc.paths as { total: string }).total).toBe(String(10 * 8 * 576 * 9 * 8 * 9));
    expect([doc.phi, doc.d]).toEqual([null, null]);
    expect((doc.pathNorms as { l1: number }).l1).toBeGreaterThan(0);
  });
  it('--data prints DPhi^T G of the MSE and its agreement with the enumerated route', async () => {
    const r = await run(['lift', 'relu:2-3-1', '--init', 'gaussian:1', '--data', 'data-2-1.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /DPhi\^T G \(mse\) +on data-2-1\.csv \(\d+ samples\): loss [\d.e+-]+, \|\|DPhi\^T G\|\| [\d.e+-]+, max \|difference\| to the enumerated route \d\.\d\de-1[5-9]/,
    );
  });
  it('attention:2:1:1:2 at theta = 1..8 prints z = (W_Q W_K^T, W_O W_V^T): QK_0_0 = 1·3 = 3', async () => {
    const doc = await runJson(['lift', 'attention:2:1:1:2', '--theta', 'theta-1-8.json']);
    expect((doc.phi as { label: string; value: number }[])[0]).toEqual({ label: 'QK_0_0', value: 3 });
  });
});
