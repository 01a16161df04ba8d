import { renderSvg } from '@idyn/plot';
import { type TourFigure, type TourInput, type TourResult, tourStudy } from '@idyn/studies';
import { defineCommand, optionInput } from '../internal/command.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../internal/errors.js';
import { paint, table } from '../internal/format.js';
import { option } from '../internal/options.js';
import { writeOutputFile } from '../internal/output.js';
import { VERSION } from '../version.js';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The HTML report: the pass/fail table and the figures (SVG inline). */
export function tourHtml(r: TourResult, figures: readonly TourFigure[]): string {
  const { rows, failed } = r;
  const body = rows
    .map(
      (r) =>
        `<tr class="${r.pass ? 'pass' : 'fail'}"><td>${escapeHtml(r.group)}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.measured)}</td><td>${escapeHtml(r.reference)}</td><td>${escapeHtml(r.tolerance)}</td><td>${r.pass ? 'pass' : 'FAIL'}</td></tr>`,
    )
    .join('\n');
  const figureHtml = figures
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
Profile: ${r.profile}; run time ${r.seconds.toFixed(1)} s; @idyn/cli ${escapeHtml(VERSION)}.</p>
<table>
<thead><tr><th>group</th><th>check</th><th>measured</th><th>reference</th><th>tolerance</th><th>result</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<h2>Figures</h2>
${figureHtml}
</body>
</html>
`;
}

/** `idyn tour`: reproduces MATH.md §5, prints the pass/fail table and writes the HTML report. */
export const tourCommand = defineCommand<TourInput, TourResult>({
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
    option('out', 'report directory (default idyn-report)'),
    option('quick'),
    option('only'),
    option('no-report'),
  ],
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    ['idyn tour', 'the full tour, report in idyn-report/index.html'],
    ['idyn tour --quick --out /tmp/report', 'the reduced profile'],
    ['idyn tour --only laws --json', 'only the law-count tables, as JSON'],
  ],
  study: tourStudy,
  defaultOut: 'idyn-report',
  input(ctx) {
    // The figures are asked for only when the report is written.
    return { ...(optionInput(this, ctx) as TourInput), figures: ctx.outDir !== null };
  },
  output(result, ctx) {
    const { figures, ...r } = result;
    const report =
      ctx.outDir === null ? null : writeOutputFile(ctx.outDir, 'index.html', tourHtml(r, figures ?? [])).path;
    const code = r.failed === 0 ? EXIT_OK : EXIT_CHECK_FAILED;
    if (ctx.json) {
      ctx.printJson({ ...r, report });
      return code;
    }
    ctx.out(
      table(
        ['check', 'measured', 'reference', 'tolerance', 'pass'],
        r.rows.map((row) => [
          row.name,
          row.measured,
          row.reference,
          row.tolerance,
          row.pass ? paint(ctx.color, 'green', 'pass') : paint(ctx.color, 'red', 'FAIL'),
        ]),
        [50, 32, 30, 26],
      ),
    );
    ctx.out();
    ctx.out(
      `${r.failed === 0 ? paint(ctx.color, 'green', `all ${r.total} checks pass`) : paint(ctx.color, 'red', `${r.failed} of ${r.total} checks FAIL`)} (${r.seconds.toFixed(1)} s, ${r.profile} profile)`,
    );
    return code;
  },
});
