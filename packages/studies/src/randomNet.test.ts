import { randomDag } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { flowStudy } from './flowStudy.js';
import { lawsStudy } from './lawsStudy.js';
import { liftStudy } from './liftStudy.js';
import { StudyInputError } from './StudyInputError.js';

describe('random:SEED networks (randomDag of @idyn/graph/testing, named by seed)', () => {
  it('laws of random:S equal the number of hidden neurons of randomDag(createRng(S)) for S = 0..11 (ReLU DAG laws are the h_v, complete: MATH.md §2)', async () => {
    for (let seed = 0; seed < 12; seed++) {
      const dag = randomDag(createRng(seed));
      const r = await lawsStudy.run({ net: `random:${seed}` });
      expect(r.net).toBe(`random:${seed}`);
      expect(r.D).toBe(dag.edges.length); // no biases by default: one parameter per edge
      expect(r.laws).toBe(dag.hidden.length);
      expect(r.lieDim).toBe(r.D - dag.hidden.length);
    }
  });
  it('options shape the DAG: layers=2,width=3,inputs=2,outputs=1,density=1,skip=0 is the layered relu:2-3-3-1 (D 18, 6 laws)', async () => {
    const r = await lawsStudy.run({ net: 'random:4:layers=2,width=3,inputs=2,outputs=1,density=1,skip=0' });
    // Closed form of MATH.md §5 for layered ReLU: D = 2·3 + 3·3 + 3·1 = 18, laws = hidden neurons = 6.
    expect(r).toMatchObject({ D: 18, laws: 6, rankJacobian: 12, lieDim: 12 });
  });
  it('the same seed names the same network and a width range is drawn per layer (z of the lift study agrees with randomDag)', async () => {
    const a = await liftStudy.run({ net: 'random:9:width=2-4,bias=0.5', init: 'gaussian:1' });
    const b = await liftStudy.run({ net: 'random:9:width=2-4,bias=0.5', init: 'gaussian:1' });
    expect(a.phi).toEqual(b.phi);
    const dag = randomDag(createRng(9), { width: [2, 4], biasProbability: 0.5 });
    expect(a.D).toBe(dag.D);
  });
  it('the flow study compares the theta-flow and the intrinsic flow on a random DAG within its tolerance', async () => {
    const r = await flowStudy.run({ net: 'random:3', init: 'gaussian:3', T: 0.5, times: 6 });
    expect(r.status).toEqual({ theta: 'success', intrinsic: 'success' });
    expect(r.deviationBeforeCrossing).toBeLessThanOrEqual(r.tol);
  });
  it.each([
    ['random:x', /net 'random:x': the seed must be a non-negative integer, got 'x'/],
    ['random:-1', /the seed must be a non-negative integer, got '-1'/],
    ['random:1:depth=2', /unknown key 'depth'/],
    ['random:1:layers', /expected KEY=VALUE, got 'layers'/],
    ['random:1:width=a', /width must be N or LO-HI .*got 'a'/],
    ['random:1:density=1.5', /density must be a probability in \[0, 1\], got '1.5'/],
    ['random:1:width=3-1', /width must be an integer >= 1 or a range/],
    ['random:1:layers=1,layers=2', /key 'layers' is given twice/],
  ])('%s is refused with a StudyInputError on net naming the part', async (net, pattern) => {
    const error = await lawsStudy.run({ net }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudyInputError);
    expect((error as StudyInputError).field).toBe('net');
    expect((error as StudyInputError).message).toMatch(pattern);
  });
});
