import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, run, runJson } from './helpers.js';

describe('idyn tour', () => {
  it('--quick reproduces every MATH.md §5 and §7 row, exits 0 and writes the HTML report with inline SVG figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idyn-tour-'));
    const doc = await runJson(['tour', '--quick', '--out', dir]);
    const rows = doc.rows as { id: string; pass: boolean; measured: string }[];
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    expect(doc.total).toBe(38);
    expect(doc.failed).toBe(0);
    // Every group of MATH.md §5 is covered.
    for (const prefix of [
      'laws.two-layer',
      'laws.relu',
      'laws.deep-linear',
      'flows.',
      'criteria.',
      'metrics.',
      'ode.',
      'pathnorm.',
      'invariance.',
      'laws.conv1d',
      'laws.attention',
      'laws.residual-block',
      'steps.identity',
    ])
      expect(
        rows.some((r) => r.id.startsWith(prefix)),
        prefix,
      ).toBe(true);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toMatch(/38 of 38 pass/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(6);
    for (const title of [
      'Rank per level',
      'Law drift',
      'theta-flow vs intrinsic z-flow',
      'ResNet -&gt; neural ODE convergence',
    ])
      expect(html).toContain(title);
  });

  it('prints a pass/fail table in text mode and --only selects rows', async () => {
    const r = await run(['tour', '--only', 'laws.relu', '--no-report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^check\s+measured\s+reference\s+tolerance\s+pass$/m);
    expect(r.stdout).toMatch(
      /ReLU path-lifting \[1,3,3,1\]\s+D 15, rank 9, Lie 9, laws 6\s+D 15, rank 9, Lie 9, laws 6\s+exact.*pass$/m,
    );
    expect(r.stdout).toMatch(/all 4 checks pass/);
  });

  it('an unwritable --out fails before any work, naming the directory', async () => {
    expectUsageError(
      await run(['tour', '--out', '/dev/null/report']),
      /^idyn tour: --out '\/dev\/null\/report': cannot create the directory/,
    );
  });

  it('--only matching nothing is a usage error', async () => {
    expectUsageError(
      await run(['tour', '--only', 'nothing-like-this']),
      /--only 'nothing-like-this' matches no row/,
    );
  });
});
