import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNetwork, type NetworkSpec } from '@idyn/graph';
import { pathLifting } from '@idyn/lifting';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork, type NetPartial, type NetSource, TooLargeError } from './analyzeNetwork.js';
import type { Progress, Reporter } from './protocol.js';

/** Runs the worker's analysis in Node and collects what it posts. */
async function analyze(source: NetSource | string, path = 0, degree = 2) {
  const parts: NetPartial[] = [];
  const progress: Progress[] = [];
  const r: Reporter = {
    signal: new AbortController().signal,
    progress: (p) => progress.push(p),
    partial: (p) => parts.push(p as NetPartial),
  };
  await analyzeNetwork(typeof source === 'string' ? { kind: 'text', text: source } : source, path, degree, r);
  const get = <K extends NetPartial['kind']>(k: K) =>
    parts.find((p) => p.kind === k) as Extract<NetPartial, { kind: K }> | undefined;
  return { parts, progress, get };
}

describe('network page analysis (in the worker)', () => {
  // Expected values: MATH.md §5, "ReLU path-lifting, layered" table (D, rank DPhi = dim Lie, laws).
  it.each([
    ['relu:2-2-2', 8, 6, 2],
    ['relu:3-2-2', 10, 8, 2],
    ['relu:1-3-3-1', 15, 9, 6],
    ['relu:2-2-1+bias', 9, 7, 2],
  ])(
    '%s has D = %i, rank Dφ = dim Lie = %i and %i laws (Frobenius, exact Lie trace)',
    async (preset, D, rank, laws) => {
      const { get } = await analyze(preset);
      const l = get('net-laws')!.laws;
      expect([l.D, l.rankJacobian, l.lieDim, l.laws, l.frobenius, l.method]).toEqual([
        D,
        rank,
        rank,
        laws,
        true,
        'lie-trace',
      ]);
    },
  );

  it('counts paths exactly and highlights path p by its node ids (relu:2-3-2: d = 2·3·2 = 12)', async () => {
    const { get } = await analyze('relu:2-3-2', 0);
    expect(get('net-structure')!.structure.paths).toBe('12');
    const p = get('net-paths')!;
    expect(p.labels[0]).toBe('x0→h1_0→y0');
    expect(p.highlight).toEqual(['x0', 'h1_0', 'y0']);
    expect((await analyze('relu:2-3-2', 12)).get('net-paths')!.index).toBe(-1);
    expect(get('net-dag')!.svg).toMatch(/^<svg/);
  });

  it('the degree-2 formulas of relu:2-2-2 are the two rescaling laws h_v (MATH.md §1)', async () => {
    const f = (await analyze('relu:2-2-2')).get('net-formulas')!.formulas;
    expect(f.error).toBeNull();
    expect(f.formulas).toHaveLength(2);
    for (const t of f.formulas)
      expect(t).toMatch(/w\(x0→h1_\d\)² \+ w\(x1→h1_\d\)² − w\(h1_\d→y0\)² − w\(h1_\d→y1\)²/);
  });

  it('a 1-D convolution: D 10, dim Lie 8, 2 laws (MATH.md §7 reference), with shared parameters', async () => {
    const { get } = await analyze('conv1d:4:1-2:2:1');
    const s = get('net-structure')!.structure;
    expect(s.D).toBe(10);
    expect(s.sharedParams).toBe(4); // the 2 × 2 kernel entries, each on 3 positions
    const l = get('net-laws')!.laws;
    expect([l.D, l.lieDim, l.laws]).toEqual([10, 8, 2]);
  });

  it('one attention head d=3,k=2,v=2,e=3: D 24, dim Lie 18, 6 laws, checked by the exact trace (MATH.md §7)', async () => {
    const { get } = await analyze('attention:3:2:2:3');
    expect(get('net-structure')!.structure).toMatchObject({ kind: 'attention', D: 24, d: 18 });
    const l = get('net-laws')!.laws;
    expect([l.D, l.lieDim, l.laws]).toEqual([24, 18, 6]);
    expect(l.attention).toEqual({ queryKey: 3, valueOutput: 3, perHead: 6, crossHead: 0, exact: 6 });
    expect(get('net-dag')!.svg).toBeNull();
  });

  it('two heads couple: attention:2:1:1:2:2 has cross-head laws (one per Gram difference)', async () => {
    const l = (await analyze('attention:2:1:1:2:2')).get('net-laws')!.laws;
    expect(l.attention!.crossHead).toBe(2);
    expect(l.attention!.exact).toBe(l.laws);
  });

  it('relu:20-50-50-20 (10⁶ paths): counted by the rescaling symmetries without enumeration, drawn collapsed, not listed', async () => {
    const { get } = await analyze('relu:20-50-50-20');
    expect(get('net-structure')!.structure.paths).toBe('1000000');
    const l = get('net-laws')!.laws;
    expect([l.method, l.laws]).toEqual(['rescaling', 100]); // one h_v per hidden neuron (50 + 50)
    expect(get('net-paths')!.labels).toEqual([]);
    const dag = get('net-dag')!;
    expect(dag.view!.collapsed).toBe(4); // the four layers of more than 12 neurons
    expect(dag.view!.nodes).toHaveLength(4);
    expect(get('net-formulas')!.formulas.error).toMatch(/at most 20,000 paths/);
  });

  it('relu:1000-1000-1000 is refused before expansion, saying what is too big and offering a smaller view', async () => {
    const e = await analyze('relu:1000-1000-1000').catch((error: unknown) => error);
    expect(e).toBeInstanceOf(TooLargeError);
    expect((e as TooLargeError).message).toMatch(
      /^relu:1000-1000-1000 has 2,000,000 edges, more than the 500,000 this page builds/,
    );
    // widths scaled by 0.9·√(50 000 / 2·10⁶): 2 · 142² = 40 328 edges, under a tenth of the budget
    expect((e as TooLargeError).suggestion).toBe('relu:142-142-142');
  });

  it('a draft lists every problem and is still drawn when it has no cycle', async () => {
    const spec = {
      nodes: [
        { id: 'x', kind: 'input' },
        { id: 'a', kind: 'hidden' },
        { id: 'y', kind: 'output' },
      ],
      edges: [
        { from: 'x', to: 'y' },
        { from: 'x', to: 'y' },
      ],
    };
    const { get } = await analyze(JSON.stringify(spec));
    expect(get('net-problems')!.problems).toEqual([
      'edge x → y is there twice',
      'neuron a is on no input→output path (no input reaches it and it reaches no output)',
    ]);
    expect(get('net-dag')!.svg).toMatch(/^<svg/);
  });

  it('a dropped .onnx file (the MLP fixture, θ from the file): structure, paths, and the path-norms equal the sum over the enumerated paths', async () => {
    const bytes = new Uint8Array(
      readFileSync(fileURLToPath(new URL('../../../packages/onnx/test/fixtures/mlp.onnx', import.meta.url))),
    );
    const { get } = await analyze({ kind: 'onnx', name: 'mlp.onnx', bytes });
    const s = get('net-structure')!.structure;
    expect(s.source).toBe('the file mlp.onnx');
    expect(s.D).toBe(115);
    expect(s.paths).toBe('741');
    expect(s.onnx!.layers.length).toBeGreaterThan(0);
    // second method: enumerate the 741 paths and sum |z_p| and z_p²
    const { importOnnx } = await import('@idyn/onnx');
    const { spec } = importOnnx(bytes);
    const z = pathLifting(createNetwork(spec as NetworkSpec)).phi(Float64Array.from(spec.theta));
    let l1 = 0;
    let l2 = 0;
    for (const v of z) {
      l1 += Math.abs(v);
      l2 += v * v;
    }
    expect(s.pathNorms!.l1).toBeCloseTo(l1, 9);
    expect(s.pathNorms!.l2squared).toBeCloseTo(l2, 9);
    expect(get('net-laws')!.laws.laws).toBeGreaterThan(0);
  });

  it('a corrupted .onnx file is refused with the importer message, in the page words (no function prefix)', async () => {
    const bytes = new Uint8Array(
      readFileSync(
        fileURLToPath(
          new URL('../../../packages/onnx/test/fixtures/refusals/not_onnx.onnx', import.meta.url),
        ),
      ),
    );
    const e = (await analyze({ kind: 'onnx', name: 'x.onnx', bytes }).catch(
      (error: unknown) => error,
    )) as Error;
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message.length).toBeGreaterThan(10);
  });
});
