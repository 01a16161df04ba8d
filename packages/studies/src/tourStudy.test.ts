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
