// In-browser tests of @idyn/integrators-webgpu (part of `npm test`): bundles test/browser/main.ts
// with Vite's JS API, serves it with vite preview on 127.0.0.1 (a free port: a secure page, which
// WebGPU needs), opens Debian's Chromium through playwright-core with --enable-unsafe-webgpu
// (WebGPU on SwiftShader), runs the conformance suite and the WebGPU tests in the page and writes
// the per-test counts to .idyn/results/webgpu-browser.json for the closing test summary.
//
//   node test/browser/run.mjs            (FILTER=substring runs the matching tests only)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const resultsFile = join(repoRoot, '.idyn/results/webgpu-browser.json');
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

const out = mkdtempSync(join(tmpdir(), 'idyn-webgpu-browser-'));
let server;
let browser;
try {
  await build({
    root: here,
    logLevel: 'warn',
    resolve: { conditions: ['source', 'browser', 'import', 'module', 'default'] },
    build: {
      outDir: out,
      emptyOutDir: true,
      minify: false,
      lib: { entry: 'main.ts', formats: ['es'], fileName: () => 'bundle.js' },
    },
  });
  writeFileSync(
    join(out, 'index.html'),
    '<!doctype html><link rel="icon" href="data:,"><title>loading</title><script type="module">import * as m from "./bundle.js"; globalThis.tests = m; document.title = "ready";</script>',
  );
  server = await preview({
    root: out,
    logLevel: 'error',
    build: { outDir: out },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const port = server.httpServer.address().port;
  // localhost (not the IP) is a secure context for WebGPU.
  const url = `http://localhost:${port}/index.html`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--enable-unsafe-webgpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith('@@result ')) {
      const r = JSON.parse(text.slice(9));
      if (r.ok) passed++;
      else failed++;
      console.log(
        `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)${r.ok ? '' : `\n       ${r.error}`}`,
      );
    } else if (msg.type() === 'error' || process.env.VERBOSE) console.log(`  [page ${msg.type()}] ${text}`);
  });
  page.on('pageerror', (e) => {
    failed++;
    console.log(`  FAIL page error: ${e.message}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 60_000 });
  const summary = await page.evaluate(async (f) => {
    const results = await globalThis.tests.runAll(f);
    return { n: results.length };
  }, filter);
  if (summary.n === 0) {
    failed++;
    console.log('  FAIL no test ran');
  }
} catch (e) {
  failed++;
  console.log(`  FAIL harness: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await browser?.close();
  server?.httpServer.close();
  rmSync(out, { recursive: true, force: true });
}
write();
console.log(`webgpu browser tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
