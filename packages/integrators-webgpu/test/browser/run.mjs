// In-browser tests of @idyn/integrators-webgpu (part of `npm test`): test/browser/main.ts bundled
// and opened by withBundledPage of tooling/scripts/browser.mjs (headless Chromium, WebGPU on SwiftShader) runs the conformance suite and
// the WebGPU tests; each result comes back as a console line. The counts go to
// .idyn/results/webgpu-browser.json for the closing `tests: N passed, N failed` line.
//
//   node test/browser/run.mjs            (FILTER=substring runs the matching tests only)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBundledPage } from '../../../../tooling/scripts/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(resolve(here, '../../../..'), '.idyn/results/webgpu-browser.json');
const OVERALL_TIMEOUT_MS = 480_000;
const filter = process.env.FILTER ?? '';

let passed = 0;
let failed = 0;
const write = (extra = 0) => {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ name: 'webgpu-browser', passed, failed: failed + extra })}\n`,
  );
};
const overall = setTimeout(() => {
  console.error(`webgpu browser tests: overall timeout after ${OVERALL_TIMEOUT_MS / 1000} s`);
  write(1);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
overall.unref();

try {
  const ran = await withBundledPage(
    here,
    'main.ts',
    async (page) => {
      page.on('console', (msg) => {
        const text = msg.text();
        if (text.startsWith('@@result ')) {
          const r = JSON.parse(text.slice(9));
          if (r.ok) passed++;
          else failed++;
          console.log(
            `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)${r.ok ? '' : `\n       ${r.error}`}`,
          );
        } else if (msg.type() === 'error' || process.env.VERBOSE)
          console.log(`  [page ${msg.type()}] ${text}`);
      });
      page.on('pageerror', (e) => {
        failed++;
        console.log(`  FAIL page error: ${e.message}`);
      });
      return page.evaluate(async (f) => (await globalThis.entry.runAll(f)).length, filter);
    },
    { webgpu: true },
  );
  if (ran === 0) {
    failed++;
    console.log('  FAIL no test ran');
  }
} catch (e) {
  failed++;
  console.log(`  FAIL harness: ${e instanceof Error ? e.message : String(e)}`);
}
write();
console.log(`webgpu browser tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
