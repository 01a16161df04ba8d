#!/usr/bin/env node
// Sums every vitest JSON report (packages/*, apps/*, tooling/*) plus extra JSON summaries written
// by non-vitest steps ({ name, passed, failed } files under .idyn/results/) into the closing line
// `tests: N passed, N failed`. Exit code 1 when anything failed or a suite wrote no report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const expected = process.argv.slice(2); // suite folders that must have produced a report
let passed = 0;
let failed = 0;
const rows = [];

for (const group of ['packages', 'apps', 'tooling']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, '.vitest-report.json');
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const p = r.numPassedTests ?? 0;
    // A suite that failed to load (syntax error, missing import) counts its file as a failure.
    let f = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0) - countFailedSuitesWithFailedTests(r);
    // vitest marks a run unsuccessful without any failed test when it found no test file or an
    // unhandled error escaped a test: count that run as one failure so it cannot pass silently.
    if (r.success === false && f === 0) f = 1;
    passed += p;
    failed += f;
    rows.push([`${group}/${name}`, p, f]);
  }
}

const extra = join(root, '.idyn', 'results');
if (existsSync(extra)) {
  for (const file of readdirSync(extra).filter((f) => f.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(extra, file), 'utf8'));
    passed += r.passed;
    failed += r.failed;
    rows.push([r.name, r.passed, r.failed]);
  }
}

for (const suite of expected) {
  if (!rows.some(([name]) => name === suite)) {
    failed += 1;
    rows.push([`${suite} (no report: the suite did not run)`, 0, 1]);
  }
}

const width = Math.max(...rows.map(([n]) => n.length), 10);
for (const [name, p, f] of rows)
  console.log(`${name.padEnd(width)}  ${String(p).padStart(5)} passed  ${String(f).padStart(3)} failed`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

function countFailedSuitesWithFailedTests(r) {
  // numFailedTestSuites counts files with failing tests too; count only files that failed without
  // any failing test (load errors), so a failing test is not counted twice.
  let n = 0;
  for (const file of r.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).some((a) => a.status === 'failed')) n++;
  }
  return n;
}
