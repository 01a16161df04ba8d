import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '@idyn/plot';
import { describe, expect, it } from 'vitest';
import { row, tempDir } from '../test/helpers.js';
import { exportSweep } from './exportSweep.js';
import { openSweepStore } from './openSweepStore.js';
import { reportSweep } from './reportSweep.js';

const dir = tempDir();

/** Rows of a made-up η sweep: drift = 3 η² exactly, 3 seeds per η, and one failed job. */
async function etaStore(name: string) {
  const store = await openSweepStore(join(dir, name), { flushIntervalMs: 5 });
  const etas = [1e-3, 1e-2, 1e-1];
  let i = 0;
  for (const eta of etas)
    for (const seed of [0, 1, 2])
      await store.add(
        row(
          `k${i++}`,
          'done',
          { drift: 3 * eta ** 2 * (1 + seed / 10), laws: 2 },
          { axes: { eta, seed }, input: { eta, seed } },
        ),
      );
  await store.add(row('bad', 'failed', null, { axes: { eta: 1, seed: 0 }, error: 'net: boom' }));
  return store;
}

describe('reportSweep', () => {
  it('groups by the axes with few values and summarises each varying numeric result column', async () => {
    const store = await etaStore('eta.duckdb');
    const r = await reportSweep(store);
    expect(r.jobs).toEqual({ done: 9, failed: 1 });
    expect(r.by).toEqual(['axis.eta', 'axis.seed']);
    expect(r.y).toEqual(['out.drift']); // out.laws is constant: not summarised by default
    const byEta = await reportSweep(store, { by: ['axis.eta'] });
    expect(byEta.groups.map((g) => [g.key['axis.eta'], g.rows, g.failed])).toEqual([
      [1e-3, 3, 0],
      [1e-2, 3, 0],
      [1e-1, 3, 0],
      [1, 1, 1],
    ]);
    const s = byEta.groups[1]!.stats['out.drift']!;
    // mean of 3e-4 · (1, 1.1, 1.2) = 3.3e-4; min 3e-4; max 3.6e-4
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(3.3e-4, 15);
    expect(s.min).toBeCloseTo(3e-4, 15);
    expect(s.max).toBeCloseTo(3.6e-4, 15);
    expect(byEta.errors).toEqual([{ error: 'net: boom', count: 1 }]);
    await store.close();
  });
  it('plots drift against η on log–log axes with the fitted slope 2 of drift = C η² (closed form)', async () => {
    const store = await openSweepStore(join(dir, 'eta.duckdb'));
    const r = await reportSweep(store, { x: ['axis.eta'], y: ['drift'] });
    const xy = r.figures.find((f) => f.kind === 'xy')!;
    expect(xy).toMatchObject({ name: 'out.drift-vs-axis.eta', x: 'axis.eta', y: 'out.drift' });
    expect(xy.slope).toBeCloseTo(2, 12);
    const panel = xy.figure.panels[0]!;
    expect(panel.kind === 'xy' && panel.x?.scale).toBe('log');
    expect(renderSvg(xy.figure)).toMatch(/fitted slope 2\.000/);
    // The histogram of a column spanning 3 decades is log-binned; its bars count every done row.
    const hist = r.figures.find((f) => f.kind === 'histogram')!;
    const bars = (hist.figure.panels[0] as unknown as { series: { y: number[] }[] }).series[0]!.y;
    expect(bars.reduce((a, b) => a + b, 0)).toBe(9);
    expect(hist.figure.panels[0]!.title).toMatch(/20 log bins/);
    await store.close();
  });
  it('integer columns get one bar per value; law count against width is drawn on linear axes', async () => {
    const store = await openSweepStore(join(dir, 'widths.duckdb'), { flushIntervalMs: 5 });
    for (const w of [1, 2, 3, 4])
      await store.add(row(`w${w}`, 'done', { laws: w, D: 3 * w }, { axes: { width: w } }));
    const r = await reportSweep(store, { y: ['out.laws'] });
    const hist = r.figures.find((f) => f.kind === 'histogram')!;
    expect(
      (hist.figure.panels[0] as unknown as { series: { x: number[]; y: number[] }[] }).series[0],
    ).toMatchObject({
      x: [1, 2, 3, 4],
      y: [1, 1, 1, 1],
    });
    const xy = r.figures.find((f) => f.kind === 'xy')!;
    expect(xy.slope).toBeNull();
    expect(r.groups.map((g) => g.stats['out.laws']!.mean)).toEqual([1, 2, 3, 4]);
    await expect(reportSweep(store, { by: ['axis.depth'] })).rejects.toThrow(
      /options\.by 'axis\.depth' is not a column of the store/,
    );
    await store.close();
  });
});

describe('reportSweep figures by group', () => {
  it('draws one line per value of another group-by axis: laws = layers × width has slope `layers` per line', async () => {
    const store = await openSweepStore(join(dir, 'layers.duckdb'), { flushIntervalMs: 5 });
    let i = 0;
    for (const layers of [1, 2])
      for (const width of [1, 2, 3])
        await store.add(row(`l${i++}`, 'done', { laws: layers * width }, { axes: { layers, width } }));
    const r = await reportSweep(store, { x: ['axis.width'], y: ['out.laws'] });
    const panel = r.figures.find((f) => f.kind === 'xy')!.figure.panels[0] as unknown as {
      title: string;
      series: { type: string; label: string; y: number[] }[];
    };
    expect(panel.title).toBe('out.laws against axis.width by axis.layers');
    expect(panel.series.map((x) => [x.label, x.y])).toEqual([
      ['axis.layers = 1', [1, 2, 3]],
      ['axis.layers = 2', [2, 4, 6]],
    ]);
    await store.close();
  });
});

describe('exportSweep', () => {
  it('writes CSV with a header, JSON Lines and Parquet with one row per job in grid order', async () => {
    const store = await openSweepStore(join(dir, 'eta.duckdb'), { readOnly: true });
    const csv = await exportSweep(store, 'csv', join(dir, 'out.csv'));
    expect(csv.rows).toBe(10);
    const lines = readFileSync(csv.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]!.split(',').slice(0, 4)).toEqual(['key', 'job', 'study', 'status']);
    const jsonl = await exportSweep(store, 'jsonl', join(dir, 'out.jsonl'), { status: 'done' });
    const docs = readFileSync(jsonl.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs).toHaveLength(9);
    expect(docs.every((d) => d.status === 'done' && typeof d['out.drift'] === 'number')).toBe(true);
    const parquet = await exportSweep(store, 'parquet', join(dir, 'out.parquet'));
    const bytes = readFileSync(parquet.path);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(-4).toString()).toBe('PAR1');
    const [back] = await store.query(`SELECT count(*)::BIGINT AS n FROM read_parquet('${parquet.path}')`);
    expect(back!.n).toBe(10);
    await expect(exportSweep(store, 'xlsx' as never, join(dir, 'x'))).rejects.toThrow(
      /format must be csv, parquet or jsonl/,
    );
    await store.close();
  });
});

describe('reportSweep histograms', () => {
  it('log-bins positive values spanning decades and counts the zeros apart', async () => {
    const store = await openSweepStore(join(dir, 'zeros.duckdb'), { flushIntervalMs: 5 });
    const values = [0, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3];
    for (const [i, v] of values.entries()) await store.add(row(`z${i}`, 'done', { dev: v }));
    const r = await reportSweep(store, { y: ['out.dev'] });
    const panel = r.figures[0]!.figure.panels[0] as unknown as {
      title: string;
      x: { scale?: string };
      series: { y: number[] }[];
    };
    expect(panel.x.scale).toBe('log');
    expect(panel.title).toBe('out.dev: 11 jobs, 20 log bins, 1 <= 0 left out');
    expect(panel.series[0]!.y.reduce((a, b) => a + b, 0)).toBe(10);
    await store.close();
  });
});
