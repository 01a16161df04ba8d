#!/usr/bin/env node
// `npm start` after bootstrap: the main job, `idyn tour`, which reproduces the reference values of
// MATH.md §5 and writes idyn-report/index.html. Extra arguments are passed to the tour.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = new URL('../../apps/cli/dist/bin.js', import.meta.url).pathname;
if (!existsSync(bin)) {
  console.error(`start: ${bin} is missing; the build step of bootstrap did not produce the CLI`);
  process.exit(1);
}
const r = spawnSync(process.execPath, [bin, 'tour', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
