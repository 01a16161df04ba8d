import { describe, expect, it } from 'vitest';
import { expectUsageError, ONNX_FIXTURES, run, runJson } from './helpers.js';

// Expected counts: MATH.md §5 law-count tables.
describe('idyn laws', () => {
  it.each([
    ['relu:2-2-2', 8, 6, 6, 2],
    ['relu:3-2-2', 10, 8, 8, 2],
    ['relu:1-3-3-1', 15, 9, 9, 6],
    ['relu:2-2-1+bias', 9, 7, 7, 2],
    ['linear:2-2-2', 8, 4, 5, 3],
    ['linear:2-2-2-2', 12, 4, 6, 6],
    ['linear:2-1-2', 4, 3, 3, 1],
  ])('%s gives D %i, rank Dphi %i, dim Lie %i, %i laws (MATH.md §5)', async (net, D, rank, lie, laws) => {
    const doc = await runJson(['laws', net]);
    expect(doc).toMatchObject({
      D,
      rankJacobian: rank,
      lieDim: lie,
      laws,
      frobenius: rank === lie,
      complete: true,
      agree: true,
    });
  });

  it('reads a JSON spec file: relu [2,2,1] with hidden and output biases has D 9, rank 7, 2 laws (MATH.md §5)', async () => {
    const doc = await runJson(['laws', 'relu-2-2-1-bias.json', '--blind', '--points', '2']);
    expect(doc).toMatchObject({
      D: 9,
      rankJacobian: 7,
      lieDim: 7,
      laws: 2,
      mode: 'blind',
      points: 2,
      net: 'relu-2-2-1-bias.json',
    });
  });

  it('--lifting path counts the path-lifting of a linear preset: one law per hidden neuron, Frobenius', async () => {
    // MATH.md §3: for path-liftings rank DPhi = dim Lie = D - |H|; linear:2-2-2 has |H| = 2, D = 8.
    const doc = await runJson(['laws', 'linear:2-2-2', '--lifting', 'path']);
    expect(doc).toMatchObject({
      lifting: 'path',
      D: 8,
      rankJacobian: 6,
      lieDim: 6,
      laws: 2,
      frobenius: true,
    });
  });

  it('poly:x1*x2*x3 has 2 laws and --formulas prints x1^2 - x2^2 and x1^2 - x3^2 (closed form: grad of x1x2x3 is orthogonal to grad(xi^2 - xj^2))', async () => {
    const doc = await runJson(['laws', 'poly:x1*x2*x3', '--formulas']);
    expect(doc).toMatchObject({
      D: 3,
      d: 1,
      rankJacobian: 1,
      lieDim: 1,
      laws: 2,
      knownLaws: null,
      complete: null,
    });
    const formulas = doc.formulas as { degree: number; laws: { ascii: string }[] };
    expect(formulas.degree).toBe(2);
    expect(formulas.laws.map((l) => l.ascii.replace(/\s/g, ''))).toEqual(['x1^2-x2^2', 'x1^2-x3^2']);
  });

  it('comma-separated polynomials share variables: z = (u1 v1, u1 v2) has 1 law u1^2 - v1^2 - v2^2', async () => {
    // The two-layer rank-one factorisation z = u v^T with u scalar, v in R^2: 3 parameters, the law
    // u^2 - |v|^2 (MATH.md §1, two-layer networks), rank Dphi 2, dim Lie 2.
    const doc = await runJson(['laws', 'poly:u1*v1,u1*v2', '--formulas']);
    expect(doc).toMatchObject({ D: 3, d: 2, rankJacobian: 2, lieDim: 2, laws: 1 });
    const f = doc.formulas as { laws: { ascii: string }[] };
    expect(f.laws.map((l) => l.ascii.replace(/\s/g, ''))).toEqual(['u1^2-v1^2-v2^2']);
  });

  it('prints a readable summary with the level ranks', async () => {
    const r = await run(['laws', 'linear:2-2-2', '--formulas', '--style', 'ascii']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dim Lie\s+5/);
    expect(r.stdout).toMatch(/levels\s+1: rank 4, 2: rank 5/);
    expect(r.stdout).toMatch(/laws of degree 2 \(3 independent\)/);
  });

  it('--degree without --formulas is a usage error', async () => {
    const r = await run(['laws', 'relu:2-2-2', '--degree', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--degree needs --formulas/);
  });
});

describe('idyn laws on convolutions, attention, blocks and ONNX models (MATH.md §7)', () => {
  it('conv1d:4:1-2:2:1: D 10, dim Lie 8, 2 laws, the method, reason and proof printed', async () => {
    const r = await run(['laws', 'conv1d:4:1-2:2:1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/D \(parameters\)\s+10\n/);
    expect(r.stdout).toMatch(/dim Lie\s+8\n/);
    expect(r.stdout).toMatch(/laws\s+2\n/);
    expect(r.stdout).toMatch(/method\s+lie-trace\nreason\s+D = 10, 12 paths: within the Lie-trace limits/);
    expect(r.stdout).toMatch(/proof\s+exact Lie-algebra trace/);
  });

  it('conv2d:28x28:1-8-8:3x3:10 is counted structurally: 16 laws (8 + 8 hidden channels), method rescaling', async () => {
    const doc = await runJson(['laws', 'conv2d:28x28:1-8-8:3x3:10']);
    // D by hand: 8·9 + 8·8·9 kernel entries + 10·8·24·24 readout weights.
    expect(doc).toMatchObject({
      D: 72 + 576 + 46080,
      laws: 16,
      lieDim: 46712,
      method: 'rescaling',
      levels: [],
    });
    // Paths by hand: 10 outputs × 8 channels × 24² positions × 9 offsets × 8 channels × 9 offsets.
    expect(doc.paths).toBe(String(10 * 8 * 576 * 9 * 8 * 9));
    expect(doc.proof).toMatch(/no path enumerated/);
  });

  it('attention:3:2:2:3 prints the per-head / cross-head split; attention:2:1:1:2:2 has 2 cross-head laws', async () => {
    const one = await run(['laws', 'attention:3:2:2:3']);
    expect(one.stdout).toMatch(/D \(parameters\)\s+24\n/);
    expect(one.stdout).toMatch(/dim Lie\s+18\n/);
    expect(one.stdout).toMatch(
      /3 query-key \+ 3 value-output laws = 6 \(closed form\), 6 within heads, 0 across heads/,
    );
    const two = await runJson(['laws', 'attention:2:1:1:2:2']);
    expect(two.attention).toMatchObject({ heads: 2, perHead: 4, crossHead: 2, closedForm: 6 });
    expect(two.laws).toBe(6);
  });

  it('--block with --isolated: layers 1-2 of relu:2-3-3-2 have the laws of relu:2-3-3; a residual block those of the block without its skip', async () => {
    const doc = await runJson(['laws', 'relu:2-3-3-2', '--block', '1,2', '--isolated', 'relu:2-3-3']);
    expect(doc.block).toMatchObject({ size: 15, laws: 3, isolated: { laws: 3, common: 3, same: true } });
    const r = await run([
      'laws',
      'conv1d:4:2-3-2:3:0:p1:res',
      '--block',
      'match:^W',
      '--isolated',
      'conv1d:4:2-3-2:3:0:p1',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/laws of the block\s+3\n/);
    expect(r.stdout).toMatch(
      /isolated\s+conv1d:4:2-3-2:3:0:p1: 3 laws, 3 shared with the block's: the same laws/,
    );
  });

  it('bad --method, --block and --isolated values are usage errors naming the option', async () => {
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--method', 'magic']),
      /--method must be auto, lie-trace or rescaling, got 'magic'/,
    );
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--block', 'rows:1']),
      /^idyn laws: --block 'rows:1': unknown kind 'rows'/,
    );
    expectUsageError(await run(['laws', 'relu:2-2-2', '--isolated', 'relu:2-2']), /--isolated needs --block/);
    expectUsageError(
      await run(['laws', 'poly:x1*x2', '--method', 'rescaling']),
      /--method applies to networks, got <net> 'poly:x1\*x2'/,
    );
  });

  it('an ONNX model: the PyTorch LeNet fixture has 28 laws (one per hidden channel), counted structurally', async () => {
    const doc = await runJson(['laws', `${ONNX_FIXTURES}lenet.onnx`]);
    expect(doc).toMatchObject({ net: `${ONNX_FIXTURES}lenet.onnx`, D: 4298, laws: 28, method: 'rescaling' });
    expectUsageError(
      await run(['laws', `${ONNX_FIXTURES}refusals/tanh_act.onnx`]),
      /^idyn laws: <net> '.*tanh_act\.onnx': Tanh .*unsupported operator/,
    );
    expectUsageError(
      await run(['laws', 'relu:2-2-2', '--input-shape', '1,2']),
      /--input-shape applies to an ONNX model/,
    );
  });
});
