import { describe, expect, it } from 'vitest';
import { run, runJson } from './helpers.js';

describe('idyn check', () => {
  it('a generic ReLU theta is recoverable, Frobenius, and kernel inclusion holds (MATH.md §3, Theorem 3.1)', async () => {
    const doc = await runJson(['check', 'relu:2-3-2', '--init', 'gaussian:1']);
    expect(doc).toMatchObject({
      D: 12,
      rankJacobian: 9,
      rankLaws: 3,
      recoverable: true,
      frobenius: true,
      intrinsic: 'holds',
    });
    expect(doc.kernelInclusion).toEqual({ holds: true, dimension: 0 });
  });

  it('a generic two-layer linear theta fails kernel inclusion with an O(1) witness: exit 1 (MATH.md §4.3, §5)', async () => {
    const doc = await runJson(['check', 'linear:2-2-2', '--init', 'gaussian:1'], 1);
    const k = doc.kernelInclusion as { holds: boolean; dimension: number; witness: number[]; defect: number };
    expect(k.holds).toBe(false);
    expect(k.dimension).toBe(1); // r(r-1)/2 with r = 2 (MATH.md §4.3)
    expect(Math.hypot(...k.witness)).toBeAllClose(1, { rtol: 1e-12 });
    expect(k.defect).toBeGreaterThan(0.1); // "max |DM v| of order 1"
    expect(doc.intrinsic).toBe('fails');
  });

  it('a relaxed balanced theta (lambda = 0.8) satisfies kernel inclusion (MATH.md §5)', async () => {
    const doc = await runJson(['check', 'linear:2-2-2', '--init', 'relaxed:0.8:1']);
    const k = doc.kernelInclusion as { holds: boolean; defect: number };
    expect(k.holds).toBe(true);
    expect(k.defect).toBeLessThan(1e-9);
  });

  it('a JSON spec file with hidden and output biases: recoverable at a generic theta, rank DPhi = D - |H| = 7 (MATH.md §3, §5)', async () => {
    const doc = await runJson(['check', 'relu-2-2-1-bias.json', '--init', 'gaussian:4']);
    expect(doc).toMatchObject({
      D: 9,
      rankJacobian: 7,
      rankLaws: 2,
      recoverable: true,
      frobenius: true,
      intrinsic: 'holds',
    });
  });

  it('integer theta from a file gives exact ranks', async () => {
    const doc = await runJson(['check', 'relu:2-3-2', '--theta', 'theta-2-3-2.json']);
    expect(doc.exact).toBe(true);
    expect(doc.theta).toEqual({
      source: 'file:theta-2-3-2.json',
      values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    });
  });

  it('prints the witness in text mode and exits 1 when kernel inclusion fails', async () => {
    const r = await run(['check', 'linear:2-2-2', '--init', 'gaussian:1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/kernel inclusion\s+fails/);
    expect(r.stdout).toMatch(/witness v\s+U1_0_0/);
  });

  it('needs theta', async () => {
    const r = await run(['check', 'relu:2-3-2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --theta FILE or --init/);
  });
});

describe('idyn check on shared weights and attention (MATH.md §7)', () => {
  it('a shared convolution at a generic theta: its 2 channel laws, recoverable, Frobenius, kernel inclusion holds (exit 0)', async () => {
    const doc = await runJson(['check', 'conv1d:4:1-2:2:1', '--init', 'gaussian:1']);
    expect(doc).toMatchObject({ D: 10, rankJacobian: 8, laws: 2, recoverable: true, frobenius: true });
  });
  it('an attention head is two two-layer linear factorisations: at a generic theta kernel inclusion fails (exit 1), as for linear:2-2-2', async () => {
    const doc = await runJson(['check', 'attention:3:2:2:3', '--init', 'gaussian:1'], 1);
    expect(doc).toMatchObject({ lifting: 'attention', D: 24, rankJacobian: 16, laws: 6, intrinsic: 'fails' });
  });
});
