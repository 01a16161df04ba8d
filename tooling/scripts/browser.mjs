// Headless Chromium for the workspace's browser tests and benches (one home for the flags and the
// bundle-serve-open sequence): the in-browser WebGPU tests and bench of
// @idyn/integrators-webgpu, the gpu.js browser bench of @idyn/integrators-gpu, and the site's e2e
// run can all launch Debian's Chromium through playwright-core with these flags.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

/** Debian's Chromium, headless, no sandbox, no GPU process (WebGL2 and WebGPU run on SwiftShader). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The command-line flags of every headless run here; `webgpu` adds `--enable-unsafe-webgpu`
 * (WebGPU on SwiftShader, a fallback adapter; http://localhost is a secure context).
 * @param {{ webgpu?: boolean }} [options]
 * @returns {string[]}
 */
export function chromiumArgs({ webgpu = false } = {}) {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/**
 * Launches headless Chromium with {@link chromiumArgs}.
 * @param {{ webgpu?: boolean }} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchChromium(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(options) });
}

/**
 * Bundles `entry` with Vite's JS API (workspace packages through their `source` condition, browser
 * builds of dependencies), serves it with vite preview on 127.0.0.1 at a free port, opens it in
 * headless Chromium and hands the page to `use`; the entry's exports are `globalThis.entry` in the
 * page. Browser, server and bundle are removed in every case.
 * @param {string} root folder of the entry
 * @param {string} entry entry file, relative to root
 * @param {(page: import('playwright-core').Page) => Promise<T>} use what to do with the page
 * @param {{ webgpu?: boolean, minify?: boolean }} [options] WebGPU flags; minify the bundle
 * @returns {Promise<T>}
 * @template T
 */
export async function withBundledPage(root, entry, use, { webgpu = false, minify = false } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'idyn-page-'));
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
        minify,
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
    browser = await launchChromium({ webgpu });
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
