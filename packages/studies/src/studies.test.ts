import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runStudy } from './runStudy.js';
import type { StudyProgress } from './Study.js';
import { StudyAbortError } from './StudyAbortError.js';
import { StudyInputError } from './StudyInputError.js';
import { type StudyName, studies } from './studies.js';
import { validateJson } from './validateJson.js';

/** A small, fast input of each study (the CPU backend for the ensemble). */
const SMALL: Record<StudyName, Record<string, unknown>> = {
  laws: { net: 'relu:2-2-2', formulas: true },
  lift: { net: 'relu:2-3-2', init: 'gaussian:1' },
  check: { net: 'linear:2-2-2', init: 'relaxed:0.8:1' },
  flow: { net: 'relu:2-2-1', init: 'gaussian:3', times: 3, T: 0.2 },
  linear: { net: 'linear:2-2-2', init: 'relaxed:0.5:1', T: 0.2, times: 3 },
  ode: { steps: 100, L: [10, 20] },
  ensemble: { net: 'linear:2-2-2', runs: 3, loss: 'synthetic:0', backend: 'cpu', T: 0.1, times: 2 },
  tour: { quick: true, only: 'laws.relu.relu:2-2-2' },
  import: {
    model: readFileSync(new URL('../../onnx/test/fixtures/mlp.onnx', import.meta.url)).toString('base64'),
    modelLabel: 'mlp.onnx',
  },
};
const NAMES = Object.keys(studies) as StudyName[];

async function run(name: StudyName, input: unknown, options = {}): Promise<Record<string, unknown>> {
  return (await runStudy(name, input, options)) as Record<string, unknown>;
}

describe('every study', () => {
  it.each(NAMES)('%s: the result validates against its result schema and names its version', async (name) => {
    const r = await run(name, SMALL[name]);
    expect(validateJson(r, studies[name].resultSchema)).toEqual([]);
    expect(r.schema).toBe(`idyn.${name}/1`);
    // Plain JSON: a round trip through JSON text changes nothing.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it.each(NAMES)('%s: progress counts up to done = total and ends with the label "done"', async (name) => {
    const seen: StudyProgress[] = [];
    await run(name, SMALL[name], { onProgress: (p: StudyProgress) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const p of seen) expect(p.study).toBe(name);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    const last = seen.at(-1)!;
    expect(last).toEqual({ study: name, done: last.total, total: last.total, label: 'done' });
    expect(seen[0]!.done).toBe(0);
  });

  it.each(NAMES)('%s: an aborted signal stops the study with an AbortError before any work', async (name) => {
    const controller = new AbortController();
    controller.abort();
    const p = run(name, SMALL[name], { signal: controller.signal });
    await expect(p).rejects.toBeInstanceOf(StudyAbortError);
    await expect(p).rejects.toMatchObject({ name: 'AbortError', study: name });
  });

  it.each(NAMES)('%s: an abort during the run stops it at the next unit of work', async (name) => {
    const controller = new AbortController();
    let calls = 0;
    const p = run(name, SMALL[name], {
      signal: controller.signal,
      onProgress: () => {
        calls++;
        controller.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(1);
  });

  it.each(NAMES)('%s: an unknown input field is refused naming it', async (name) => {
    const p = run(name, { ...SMALL[name], bogus: 1 });
    await expect(p).rejects.toBeInstanceOf(StudyInputError);
    await expect(p).rejects.toMatchObject({
      field: 'bogus',
      message: `bogus: is not an input of the ${name} study`,
    });
  });
});

describe('input validation (JSON Schema draft 2020-12, Ajv)', () => {
  it('a value of the wrong type names the field and the value', async () => {
    await expect(run('laws', { net: 'relu:2-2-2', points: 0 })).rejects.toThrow("points '0': must be >= 1");
    await expect(run('ode', { L: [10, 2.5] })).rejects.toMatchObject({ field: 'L[1]', value: 2.5 });
    await expect(run('flow', { net: 'relu:2-2-1', T: -1 })).rejects.toMatchObject({ field: 'T', value: -1 });
  });
  it('a value outside an enum lists the allowed values', async () => {
    await expect(run('ensemble', { net: 'relu:2-3-1', backend: 'tpu' })).rejects.toThrow(
      "backend must be gpu, cpu, threads or webgpu, got 'tpu'",
    );
  });
  it('a missing required field and a non-object input are refused', async () => {
    await expect(run('lift', {})).rejects.toMatchObject({ field: 'net', message: 'net: is required' });
    await expect(run('lift', [1])).rejects.toMatchObject({ field: 'input' });
  });
  it('runStudy refuses an unknown study name, listing the studies', async () => {
    await expect(runStudy('sweep', {})).rejects.toThrow(/unknown study 'sweep' \(studies: laws, lift, check/);
  });
  it('describe gives a one-line label of a run', () => {
    expect(studies.laws.describe({ net: 'relu:2-3-2' })).toBe('laws relu:2-3-2');
    expect(studies.ensemble.describe({ net: 'relu:2-3-1', runs: 8 })).toBe('ensemble relu:2-3-1, 8 runs');
  });
});
