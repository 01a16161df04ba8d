import { parseNetwork } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import {
  attentionLifting,
  matrixProductLifting,
  pathLifting,
  polynomialLifting,
  twoLayerLifting,
} from '@idyn/lifting';
import { createRng } from '@idyn/linalg';
import { parsePolynomial } from '@idyn/poly';
import { describe, expect, it } from 'vitest';
import { blockLaws } from './blockLaws.js';
import { compareBlockLaws } from './compareBlockLaws.js';
import { countLaws } from './countLaws.js';

const relu2332 = pathLifting(parseNetwork('relu:2-3-3-2'));

describe('blockLaws', () => {
  it('layers 1-2 of relu:2-3-3-2 carry exactly the 3 h_v of layer 1, found as formulas', () => {
    const r = blockLaws(relu2332, { layers: [1, 2] }, { degree: 2 });
    expect([r.size, r.laws, r.knownLaws, r.complete]).toEqual([15, 3, 3, true]);
    const texts = r.formulas?.laws.map((l) => l.ascii);
    expect(texts).toEqual(
      [0, 1, 2].map((i) => {
        const ins = [0, 1].map((a) => `w(x${a}→h1_${i})^2`).join(' + ');
        const outs = [0, 1, 2].map((j) => `w(h1_${i}→h2_${j})^2`).join(' - ');
        return `${ins} - ${outs}`;
      }),
    );
  });

  it('a single layer carries no law; layers 1 and 3 (not adjacent) carry one, ||W1||^2 - ||W3||^2 (sum of all h_v)', () => {
    expect(blockLaws(relu2332, { layers: [2] }).laws).toBe(0);
    const r = blockLaws(relu2332, { layers: [1, 3] }, { degree: 2 });
    expect(r.laws).toBe(1);
    expect(r.knownLaws).toBe(0); // no single h_v lies in layers 1 and 3
    const law = r.formulas?.laws[0]?.polynomial;
    const expected = parsePolynomial(
      [
        ...r.paramNames.filter((n) => n.includes('→h1_')).map((n) => `+x${r.paramNames.indexOf(n) + 1}^2`),
        ...r.paramNames.filter((n) => n.includes('→y')).map((n) => `-x${r.paramNames.indexOf(n) + 1}^2`),
      ].join(''),
      { variables: r.paramNames.map((_, i) => `x${i + 1}`) },
    );
    expect(law?.equals(expected) || law?.equals(expected.neg())).toBe(true);
  });

  it('the block of all parameters gives the count of the whole lifting (random DAGs with skips and biases)', () => {
    for (const seed of [1, 2, 3]) {
      const net = randomDag(createRng(seed), {
        layers: 2,
        width: 3,
        skipProbability: 0.3,
        biasProbability: 0.3,
      });
      const lift = pathLifting(net);
      const all = blockLaws(
        lift,
        Array.from({ length: lift.D }, (_, i) => i),
      );
      expect(all.laws).toBe(countLaws(lift).laws);
      expect(all.laws).toBe(net.hidden.length);
    }
  });

  it('certifying mode stops at the generators with the known laws inside the block; blind needs a level more', () => {
    const certified = blockLaws(relu2332, { layers: [1, 2] }, { mode: 'certify' });
    const blind = blockLaws(relu2332, { layers: [1, 2] });
    expect(certified.laws).toBe(blind.laws);
    expect(certified.count.levels.length).toBeLessThan(blind.count.levels.length);
    expect(blockLaws(relu2332, { layers: [1, 3] }, { mode: 'certify' }).count.mode).toBe('blind');
  });

  it('selects blocks by indices, names and regular expressions alike', () => {
    const lift = twoLayerLifting([2, 2, 2]);
    const byIndex = blockLaws(lift, [0, 1, 2, 3, 4, 5, 6, 7]);
    const byName = blockLaws(lift, { names: [...lift.paramNames] });
    const byMatch = blockLaws(lift, { match: /^[UV]_/ });
    expect([byIndex.laws, byName.laws, byMatch.laws]).toEqual([3, 3, 3]);
    expect(blockLaws(lift, { match: /^U_/ }).laws).toBe(0);
  });

  it('rejects bad blocks naming the problem', () => {
    expect(() => blockLaws(relu2332, [0, 99])).toThrow(
      /block\[1\] must be a parameter index in \[0, 21\), got 99/,
    );
    expect(() => blockLaws(relu2332, [0, 0])).toThrow(/names parameter 0 .* twice/);
    expect(() => blockLaws(relu2332, { names: ['nope'] })).toThrow(
      /block.names\[0\] = "nope" is not a parameter name/,
    );
    expect(() => blockLaws(relu2332, { match: /^zzz/ })).toThrow(/selects no parameter/);
    expect(() => blockLaws(relu2332, { layers: [4] })).toThrow(
      /block.layers\[0\] must be a depth in \[1, 3\], got 4/,
    );
    expect(() => blockLaws(twoLayerLifting([2, 1, 2]), { layers: [1] })).toThrow(/needs a path-lifting/);
    expect(() => blockLaws(relu2332, 'x' as never)).toThrow(TypeError);
    expect(() => blockLaws(relu2332, [0], { degree: -1 })).toThrow(/options.degree/);
  });
});

describe('compareBlockLaws: the laws of a block are those of its own lifting (MATH.md §7)', () => {
  it('consecutive layers of a ReLU MLP: layers 1-2 and 2-3 of relu:2-3-3-2 vs relu:2-3-3 and relu:3-3-2', () => {
    const a = compareBlockLaws(relu2332, { layers: [1, 2] }, pathLifting(parseNetwork('relu:2-3-3')));
    const b = compareBlockLaws(relu2332, { layers: [2, 3] }, pathLifting(parseNetwork('relu:3-3-2')));
    for (const r of [a, b]) {
      expect([r.inNetwork.laws, r.isolated.laws, r.common, r.same]).toEqual([3, 3, 3, true]);
      expect(r.polynomial).toEqual({ degree: 2, inNetwork: 3, isolated: 3, common: 3, same: true });
    }
  });

  it('with biases: layers 1-2 of relu:2-2-3-1+hbias vs relu:2-2-3+bias', () => {
    const net = pathLifting(parseNetwork('relu:2-2-3-1+hbias'));
    const r = compareBlockLaws(net, { layers: [1, 2] }, pathLifting(parseNetwork('relu:2-2-3+bias')));
    expect([r.inNetwork.size, r.inNetwork.laws, r.same, r.polynomial?.same]).toEqual([15, 2, true, true]);
  });

  it('consecutive layers inside a deep linear network: U2, U3 of [2,2,2,2,2] vs the product [2,2,2]', () => {
    const r = compareBlockLaws(
      matrixProductLifting([2, 2, 2, 2, 2]),
      { match: /^U[23]_/ },
      matrixProductLifting([2, 2, 2]),
    );
    expect([r.inNetwork.laws, r.isolated.laws, r.common, r.same]).toEqual([3, 3, 3, true]);
    expect(r.polynomial?.same).toBe(true);
  });

  it('a residual block: block 1 of resblock:2:2 vs resblock:2:1', () => {
    const r = compareBlockLaws(
      pathLifting(parseNetwork('resblock:2:2')),
      { layers: [1, 2] },
      pathLifting(parseNetwork('resblock:2:1')),
    );
    expect(r.inNetwork.block).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([r.inNetwork.laws, r.isolated.laws, r.common, r.same, r.polynomial?.same]).toEqual([
      2,
      2,
      2,
      true,
      true,
    ]);
  });

  it('an attention head inside multi-head attention: head 2 of 3 vs one head (its own Gram differences, not the cross-head laws)', () => {
    const mha = attentionLifting({ d: 3, k: 1, v: 2, e: 2, heads: 3 });
    const r = compareBlockLaws(mha, { match: /^[QKVO]2_/ }, attentionLifting({ d: 3, k: 1, v: 2, e: 2 }));
    expect([r.inNetwork.laws, r.isolated.laws, r.common, r.same]).toEqual([4, 4, 4, true]);
    expect(r.polynomial?.same).toBe(true);
    // Heads 1 and 2 together: their own laws and the cross-head ones (the 2-head lifting's laws).
    const pair = compareBlockLaws(
      mha,
      { match: /^[QKVO][12]_/ },
      attentionLifting({ d: 3, k: 1, v: 2, e: 2, heads: 2 }),
    );
    expect([pair.inNetwork.laws, pair.same]).toEqual([3 + 10, true]);
  });

  it('negative controls: a lifting with fewer generators, and one with the same count but other laws, are told apart', () => {
    const d = 2;
    const mha = attentionLifting({ d, k: 1, v: 1, e: d, heads: 2 });
    const head = attentionLifting({ d, k: 1, v: 1, e: d });
    // Only the query-key product of the head: the value-output parameters become free (more laws).
    const names = [...head.paramNames];
    const qkOnly = polynomialLifting(
      head.polynomials().slice(0, d * d),
      names.map((n) => n.replace(/_/g, '')),
    );
    const fewer = compareBlockLaws(mha, { match: /^[QKVO]1_/ }, qkOnly);
    expect(fewer.isolated.laws).toBeGreaterThan(fewer.inNetwork.laws);
    expect(fewer.same).toBe(false);
    // The head's lifting read with K and V swapped (d = e, k = v): same count, different laws.
    const q = [0, 1];
    const k = [2, 3];
    const v = [4, 5];
    const o = [6, 7];
    const swapped = compareBlockLaws(mha, [...q, ...v, ...k, ...o], head);
    expect(swapped.inNetwork.laws).toBe(swapped.isolated.laws);
    expect(swapped.common).toBeLessThan(swapped.inNetwork.laws);
    expect(swapped.same).toBe(false);
    expect(swapped.polynomial?.same).toBe(false);
  });

  it('rejects an isolated lifting whose size is not the block size', () => {
    expect(() =>
      compareBlockLaws(relu2332, { layers: [1] }, pathLifting(parseNetwork('relu:3-3-2'))),
    ).toThrow(/isolated has 15 parameters, expected the block's size \|S\| = 6/);
  });
});
