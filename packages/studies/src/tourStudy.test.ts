import { describe, expect, it } from 'vitest';
import { tourStudy } from './tourStudy.js';

describe('tour study', () => {
  it('the ReLU law-count rows reproduce MATH.md §5 (blind exact counts)', async () => {
    const r = await tourStudy.run({ quick: true, only: 'laws.relu' });
    expect(r.total).toBe(4);
    expect(r.failed).toBe(0);
    expect(r.rows.find((row) => row.id === 'laws.relu.relu:1-3-3-1')?.measured).toBe(
      'D 15, rank 9, Lie 9, laws 6',
    );
    expect(r.figures).toBeUndefined();
  });
  it('the MATH.md §7 rows: conv 1-D (D 10, Lie 8, 2 laws), one attention head (D 24, Lie 18, 6 laws), the residual block, the discrete-step identity', async () => {
    const rows = [];
    for (const only of ['laws.conv1d', 'laws.attention', 'laws.residual', 'steps.'])
      rows.push(...(await tourStudy.run({ quick: true, only })).rows);
    expect(rows.map((row) => [row.id, row.pass])).toEqual([
      ['laws.conv1d.4:1-2:2:1', true],
      ['laws.attention.3:2:2:3', true],
      ['laws.residual-block', true],
      ['steps.identity', true],
    ]);
    expect(rows[0]!.measured).toBe('D 10, Lie 8, laws 2; structural count 2 laws');
    expect(rows[1]!.measured).toBe('D 24, Lie 18, laws 6; closed form k(k+1)/2 + v(v+1)/2 = 6');
    expect(rows[3]!.value).toBeLessThan(1e-12);
  });
  it('figures are returned only when asked for, as plain JSON plot specs', async () => {
    const r = await tourStudy.run({ quick: true, only: 'flows.two-layer.any-init', figures: true });
    expect(r.figures).toHaveLength(1);
    expect(r.figures![0]!.title).toBe('Law drift along the theta-flow');
    expect(JSON.parse(JSON.stringify(r.figures))).toEqual(r.figures);
  });
  it('--only matching no row names the text and the id prefixes', async () => {
    await expect(tourStudy.run({ only: 'nothing' })).rejects.toThrow(
      "only 'nothing' matches no row (ids start with laws.",
    );
  });
});
