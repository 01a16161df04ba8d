// Shared by the in-browser tests (test/browser/run.mjs) and the browser bench (bench/browser.mjs):
// bundles an entry with Vite's JS API (workspace packages through their `source` condition),
// serves it with vite preview on 127.0.0.1 at a free port, and opens it in Debian's Chromium via
// playwright-core with WebGPU enabled (SwiftShader; http://localhost is a secure context). The
// entry's exports are `globalThis.entry` in the page. Browser and server are closed in every case.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

/**
 * @param {string} root folder of the entry
 * @param {string} entry entry file, relative to root
 * @param {(page: import('playwright-core').Page) => Promise<T>} use what to do with the page
 * @returns {Promise<T>}
 * @template T
 */
export async function withWebGpuPage(root, entry, use) {
  const out = mkdtempSync(join(tmpdir(), 'idyn-webgpu-page-'));
  let server;
  let browser;
  try {
    await build({
      root,
      logLevel: 'warn',
      resolve: { conditions: ['source', 'browser', 'import', 'module', 'default'] },
      build: {
        outDir: out,
        emptyOutDir: true,
        minify: false,
        lib: { entry, formats: ['es'], fileName: () => 'bundle.js' },
      },
    });
    writeFileSync(
      join(out, 'index.html'),
      '<!doctype html><link rel="icon" href="data:,"><title>loading</title><script type="module">import * as m from "./bundle.js"; globalThis.entry = m; document.title = "ready";</script>',
    );
    server = await preview({
      root: out,
      logLevel: 'error',
      build: { outDir: out },
      preview: { host: '127.0.0.1', port: 0 },
    });
    const port = server.httpServer.address().port;
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
    await page.goto(`http://localhost:${port}/index.html`);
    await page.waitForFunction(() => document.title === 'ready', null, { timeout: 60_000 });
    return await use(page);
  } finally {
    await browser?.close();
    server?.httpServer.close();
    rmSync(out, { recursive: true, force: true });
  }
}
