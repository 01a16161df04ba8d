import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderSvg } from '@idyn/plot';
import type { Command } from '../internal/command.js';
import { UsageError } from '../internal/errors.js';
import { paint, table } from '../internal/format.js';
import { type TourContext, type TourRow, tourChecks } from '../internal/tourChecks.js';
import { VERSION } from '../version.js';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The HTML report: the pass/fail table and the figures (SVG inline). */
export function tourHtml(rows: readonly TourRow[], ctx: TourContext, seconds: number): string {
  const failed = rows.filter((r) => !r.pass).length;
  const body = rows
    .map(
      (r) =>
        `<tr class="${r.pass ? 'pass' : 'fail'}"><td>${escapeHtml(r.group)}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.measured)}</td><td>${escapeHtml(r.reference)}</td><td>${escapeHtml(r.tolerance)}</td><td>${r.pass ? 'pass' : 'FAIL'}</td></tr>`,
    )
    .join('\n');
  const figures = ctx.figures
    .map(
      (f, i) =>
        `<figure><h3>${escapeHtml(f.title)}</h3>${renderSvg(f.figure, { idPrefix: `fig${i}` })}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>idyn tour: MATH.md §5 reference values</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
td:nth-child(3), td:nth-child(4), td:nth-child(5) { font-family: ui-monospace, monospace; }
tr.fail td { background: #fde8e8; }
tr.pass td:last-child { color: #0a7a2f; font-weight: 600; }
tr.fail td:last-child { color: #b00020; font-weight: 700; }
figure { margin: 2rem 0; }
figcaption { font-size: 0.9rem; color: #555; max-width: 960px; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>idyn tour</h1>
<p>Every reference value of MATH.md §5 (Marcotte, Peyré, Gribonval, <em>Intrinsic training dynamics of deep neural networks</em>),
recomputed by the <code>@idyn</code> packages: <strong>${rows.length - failed} of ${rows.length} pass</strong>${failed ? ` (${failed} FAIL)` : ''}.
Profile: ${ctx.quick ? 'quick' : 'full'}; run time ${seconds.toFixed(1)} s; @idyn/cli ${escapeHtml(VERSION)}.</p>
<table>
<thead><tr><th>group</th><th>check</th><th>measured</th><th>reference</th><th>tolerance</th><th>result</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<h2>Figures</h2>
${figures}
</body>
</html>
`;
}

/** `idyn tour`: reproduces MATH.md §5, prints the pass/fail table and writes the HTML report. */
export const tourCommand: Command = {
  name: 'tour',
  summary: 'reproduce every reference value of MATH.md §5: pass/fail table and an HTML report with plots',
  usage: 'tour [--out DIR] [--quick] [--only TEXT] [--json]',
  description: `Recomputes each reference value of MATH.md §5 with the @idyn packages — the law-count tables
(@idyn/conservation, blind exact counts), the flows and metrics of linear networks (@idyn/linear-ode),
the two-layer ReLU flow (@idyn/intrinsic), kernel inclusion (@idyn/conservation), the neural ODE
and ResNet convergence, path-norms vs enumeration and the invariances (@idyn/lifting) — and prints
one row per value: name, measured, reference, tolerance, pass. Writes DIR/index.html (default
idyn-report/) with the table and the figures (theta-flow vs z-flow trajectories, law drift, rank
per level, ResNet -> ODE convergence) as inline SVG.

--quick uses 401 instead of 2001 Simpson points and depths L = 25, 50, 100 (the default test run).

Exit code 0 only if every row passes, 1 otherwise.`,
  options: [
    { name: 'out', type: 'string', value: 'DIR', description: 'report directory (default idyn-report)' },
    { name: 'quick', type: 'boolean', description: 'reduced profile: fewer quadrature points and depths' },
    {
      name: 'only',
      type: 'string',
      value: 'TEXT',
      description: 'run only the rows whose id contains TEXT (e.g. laws, flows, ode)',
    },
    { name: 'no-report', type: 'boolean', description: 'do not write the HTML report' },
  ],
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    ['idyn tour', 'the full tour, report in idyn-report/index.html'],
    ['idyn tour --quick --out /tmp/report', 'the reduced profile'],
    ['idyn tour --only laws --json', 'only the law-count tables, as JSON'],
  ],
  schema: 'idyn.tour/1',
  async run(ctx) {
    const start = performance.now();
    const only = ctx.string('only');
    const checks = tourChecks().filter((c) => only === undefined || c.id.includes(only));
    if (checks.length === 0)
      throw new UsageError(
        `--only '${only}' matches no row (ids start with laws., flows., criteria., metrics., ode., pathnorm., invariance.)`,
      );
    // The report directory is created first, so that a bad --out fails before the work.
    let reportDir: string | null = null;
    if (!ctx.flag('no-report')) {
      reportDir = resolve(ctx.io.cwd, ctx.string('out') ?? 'idyn-report');
      try {
        mkdirSync(reportDir, { recursive: true });
      } catch (error) {
        throw new UsageError(
          `--out '${ctx.string('out') ?? 'idyn-report'}': cannot create the directory (${(error as Error).message})`,
        );
      }
    }
    const tctx: TourContext = { quick: ctx.flag('quick'), figures: [] };
    const rows: TourRow[] = [];
    checks.forEach((c, i) => {
      ctx.status(`[${i + 1}/${checks.length}] ${c.name}`);
      let row: TourRow;
      try {
        row = { id: c.id, group: c.group, name: c.name, ...c.run(tctx) };
      } catch (error) {
        // A check that throws is a failed row, reported with its message, not a crash.
        row = {
          id: c.id,
          group: c.group,
          name: c.name,
          measured: `error: ${(error as Error).message.split('\n')[0]}`,
          reference: '',
          tolerance: '',
          pass: false,
          value: Number.NaN,
        };
      }
      rows.push(row);
    });
    ctx.clearStatus();
    const seconds = (performance.now() - start) / 1000;
    const failed = rows.filter((r) => !r.pass).length;
    let report: string | null = null;
    if (reportDir !== null) {
      report = join(reportDir, 'index.html');
      try {
        writeFileSync(report, tourHtml(rows, tctx, seconds));
      } catch (error) {
        throw new UsageError(
          `--out '${ctx.string('out') ?? 'idyn-report'}': cannot write the report (${(error as Error).message})`,
        );
      }
    }
    if (ctx.json) {
      ctx.printJson({
        schema: 'idyn.tour/1',
        profile: tctx.quick ? 'quick' : 'full',
        rows: rows.map((r) => ({ ...r, value: Number.isFinite(r.value) ? r.value : null })),
        passed: rows.length - failed,
        failed,
        total: rows.length,
        seconds,
        report,
      });
      return failed === 0 ? 0 : 1;
    }
    ctx.out(
      table(
        ['check', 'measured', 'reference', 'tolerance', 'pass'],
        rows.map((r) => [
          r.name,
          r.measured,
          r.reference,
          r.tolerance,
          r.pass ? paint(ctx.color, 'green', 'pass') : paint(ctx.color, 'red', 'FAIL'),
        ]),
        [50, 32, 30, 26],
      ),
    );
    ctx.out();
    ctx.out(
      `${failed === 0 ? paint(ctx.color, 'green', `all ${rows.length} checks pass`) : paint(ctx.color, 'red', `${failed} of ${rows.length} checks FAIL`)} (${seconds.toFixed(1)} s, ${tctx.quick ? 'quick' : 'full'} profile)${report ? `; report ${report}` : ''}`,
    );
    return failed === 0 ? 0 : 1;
  },
};
