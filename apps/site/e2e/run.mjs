// Browser tests of the site: builds it with vite's JS API, serves dist/ with vite preview, drives
// Debian's Chromium with playwright-core, writes screenshots to apps/site/screenshots/ and the
// counts to .idyn/results/browser.json at the repo root. Exit 1 on any failed check. The browser
// and the server are closed in every case, and an overall timeout stops a hung run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const siteDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(siteDir, '../..');
const shotsDir = join(siteDir, 'screenshots');
const resultsFile = join(repoRoot, '.idyn/results/browser.json');
const OVERALL_TIMEOUT_MS = 175_000;

const results = [];
let server;
let browser;

function writeResults() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ name: 'browser', passed, failed })}\n`);
  return { passed, failed };
}

const overall = setTimeout(() => {
  results.push({
    name: 'overall timeout',
    ok: false,
    detail: `the run took more than ${OVERALL_TIMEOUT_MS / 1000} s`,
  });
  const { passed, failed } = writeResults();
  console.error(`browser tests: overall timeout; ${passed} passed, ${failed} failed`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
overall.unref();

async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`  ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ''}`);
  } catch (error) {
    results.push({ name, ok: false, detail: error.message });
    console.log(`  FAIL ${name}: ${error.message.split('\n')[0]}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Opens a page at a hash, collecting console errors and uncaught exceptions. */
async function open(context, base, hash) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('worker', (worker) =>
    worker.on('console', (msg) => msg.type() === 'error' && errors.push(`worker: ${msg.text()}`)),
  );
  await page.goto(`${base}${hash}`);
  return { page, errors };
}

const text = async (page, sel) => (await page.locator(sel).textContent())?.trim() ?? '';

/**
 * Expected flow deviation for a URL state from the two other front ends of the same `flow` study
 * of @idyn/studies: `idyn flow --json` (the CLI's option parsing) and the site's own state → input
 * mapping run in Node (e2e/expectedFlow.ts). The page must show what both give.
 */
function expectedFlow(hash, state) {
  const node = (args) =>
    spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
  const c = node([
    'apps/cli/src/bin.ts',
    'flow',
    state.net,
    '--init',
    state.init === 'relaxed'
      ? `relaxed:${state.lambda}:${state.seed}`
      : `${state.init}:${state.seed}:${state.scale}`,
    '--loss',
    `synthetic:${state.lossSeed}`,
    '--T',
    String(state.T),
    '--times',
    '61', // FLOW_FRAMES of src/runFlow.ts: the deviation is a max over the output times
    '--json',
  ]);
  if (c.status !== 0 && c.status !== 1)
    throw new Error(`idyn flow exited ${c.status}: ${(c.stderr || '').trim().split('\n')[0]}`);
  const cli = JSON.parse(c.stdout);
  const r = node(['apps/site/e2e/expectedFlow.ts', hash]);
  if (r.status !== 0) throw new Error(`expectedFlow.ts failed: ${r.stderr.trim().split('\n')[0]}`);
  return { node: JSON.parse(r.stdout), cli };
}

async function main() {
  mkdirSync(shotsDir, { recursive: true });
  console.log('== building the site (vite build)');
  await build({ root: siteDir, logLevel: 'warn' });
  server = await preview({
    root: siteDir,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 4319, strictPort: false },
  });
  const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4319/';
  console.log(`== serving ${base}`);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);

  await check('network page loads without console errors and counts 3 laws for relu:2-3-2', async () => {
    const { page, errors } = await open(context, base, '#/network?v=1');
    await page.waitForFunction(() => document.querySelector('#law-count')?.textContent?.trim() === '3');
    await page.waitForSelector('#dag svg');
    await page.waitForFunction(() => document.querySelectorAll('#formulas li').length > 0);
    await page.screenshot({ path: join(shotsDir, 'network.png'), fullPage: true });
    assert(errors.length === 0, errors.join('; '));
    const detail = `D ${await text(page, '#stat-D')}, ${await text(page, '#law-count')} laws`;
    await page.close();
    return detail;
  });

  await check('adding an edge changes the law count (a new neuron wired in: 3 → 4 laws)', async () => {
    const { page, errors } = await open(context, base, '#/network?v=1');
    await page.waitForFunction(() => document.querySelector('#law-count')?.textContent?.trim() === '3');
    await page.selectOption('#node-kind', 'hidden');
    await page.click('#add-node');
    await page.waitForSelector('#net-error:not([hidden])');
    const dangling = await text(page, '#net-error');
    assert(
      /n0/.test(dangling) && /no input→output path|on no/.test(dangling),
      `expected a message naming n0 as dangling, got '${dangling}'`,
    );
    await page.selectOption('#edge-from', 'x0');
    await page.selectOption('#edge-to', 'n0');
    await page.click('#add-edge');
    await page.selectOption('#edge-from', 'n0');
    await page.selectOption('#edge-to', 'y0');
    await page.click('#add-edge');
    await page.waitForFunction(() => document.querySelector('#law-count')?.textContent?.trim() === '4');
    assert(
      await page.locator('#net-error').isHidden(),
      'the error message should be gone once the network is valid',
    );
    const url = page.url();
    assert(url.includes('net='), `the edited network should be in the URL, got ${url}`);
    await page.screenshot({ path: join(shotsDir, 'network-edited.png'), fullPage: true });
    assert(errors.length === 0, errors.join('; '));
    // the URL alone reproduces the edited network
    const again = await open(
      context,
      url.slice(url.indexOf('#') >= 0 ? 0 : 0, url.length).replace(/#.*$/, ''),
      url.slice(url.indexOf('#')),
    );
    await again.page.waitForFunction(() => document.querySelector('#law-count')?.textContent?.trim() === '4');
    await again.page.close();
    await page.close();
    return `dangling message: '${dangling}'`;
  });

  await check('creating a cycle shows a message naming it and the page stays drawn', async () => {
    const { page, errors } = await open(context, base, '#/network?v=1');
    await page.waitForFunction(() => document.querySelector('#law-count')?.textContent?.trim() === '3');
    await page.selectOption('#edge-from', 'h1_0');
    await page.selectOption('#edge-to', 'h1_1');
    await page.click('#add-edge');
    await page.waitForFunction(() => document.querySelector('#stat-D')?.textContent?.trim() === '13');
    await page.selectOption('#edge-from', 'h1_1');
    await page.selectOption('#edge-to', 'h1_0');
    await page.click('#add-edge');
    await page.waitForSelector('#net-error:not([hidden])');
    const message = await text(page, '#net-error');
    assert(
      /cycle/.test(message) && /h1_0/.test(message) && /h1_1/.test(message),
      `expected a cycle message naming h1_0 and h1_1, got '${message}'`,
    );
    assert((await page.locator('#dag svg').count()) === 1, 'the DAG drawing disappeared');
    assert((await page.locator('#law-count').count()) === 1, 'the results disappeared');
    await page.screenshot({ path: join(shotsDir, 'network-cycle.png'), fullPage: true });
    assert(errors.length === 0, errors.join('; '));
    await page.close();
    return `'${message}'`;
  });

  const flowCases = [
    {
      label: 'relu:2-3-2, Gaussian init',
      hash: '#/flow?v=1&seed=3&lossSeed=2',
      state: { net: 'relu:2-3-2', init: 'gaussian', seed: 3, scale: 1, lossSeed: 2, T: 1.5 },
    },
    {
      label: 'linear:2-3-3, relaxed balanced λ = 0.7 (MATH.md §5: (n,r,m) = (3,3,2))',
      hash: '#/flow?v=1&net=linear%3A2-3-3&init=relaxed&lambda=0.7&seed=2&lossSeed=4',
      state: { net: 'linear:2-3-3', init: 'relaxed', lambda: 0.7, seed: 2, scale: 1, lossSeed: 4, T: 1.5 },
    },
  ];
  for (const { label, hash, state } of flowCases) {
    await check(
      `flow lab (${label}) shows the deviation that idyn flow --json reports for the same URL state`,
      async () => {
        const { page, errors } = await open(context, base, hash);
        await page.waitForSelector('#flow-status[data-state="ok"], #flow-status[data-state="error"]', {
          timeout: 60_000,
        });
        const status = await text(page, '#flow-status');
        assert(
          (await page.getAttribute('#flow-status', 'data-state')) === 'ok',
          `the flow did not finish: ${status}`,
        );
        const shown = await text(page, '#flow-deviation');
        const expected = expectedFlow(hash, state);
        // One study, two front ends: the CLI and the site's input mapping give the same number.
        assert(
          expected.cli.maxDeviation === expected.node.maxDeviation,
          `idyn flow --json gives ${expected.cli.maxDeviation}, the site's input in Node ${expected.node.maxDeviation}`,
        );
        assert(
          shown === expected.node.display,
          `page shows ${shown}, the flow study in Node gives ${expected.node.display}`,
        );
        const source = `idyn flow --json and the site's input in Node both give ${expected.cli.maxDeviation}`;
        if (state.init === 'gaussian') {
          await page.waitForTimeout(3000); // let the animation finish before the screenshot
          await page.screenshot({ path: join(shotsDir, 'flow.png'), fullPage: true });
        } else await page.screenshot({ path: join(shotsDir, 'flow-linear.png'), fullPage: true });
        assert(errors.length === 0, errors.join('; '));
        await page.close();
        return `deviation ${shown}; ${source}`;
      },
    );
  }

  // A large init used to end in 'the flow diverged': a trial step overflowed and the check threw.
  // The integrator now rejects such a step and shortens it, so the real flow is followed (its largest
  // scale the page accepts is 100) and the two flows agree.
  await check('a large init (σ = 100) is integrated to the end, and the two flows agree', async () => {
    const { page, errors } = await open(context, base, '#/flow?v=1&scale=100');
    await page.waitForSelector('#flow-status[data-state="ok"], #flow-status[data-state="error"]', {
      timeout: 60_000,
    });
    const status = await text(page, '#flow-status');
    assert((await page.getAttribute('#flow-status', 'data-state')) === 'ok', `unexpected status '${status}'`);
    const shown = await text(page, '#flow-deviation');
    const deviation = Number(shown.replace(/[^0-9eE.+-]/g, ''));
    assert(deviation < 1e-6, `deviation '${shown}' is not below 1e-6`);
    assert(errors.length === 0, errors.join('; '));
    await page.close();
    return `deviation ${shown}`;
  });

  await check('a relaxed init on a ReLU network stops with a message, not a blank page', async () => {
    const { page, errors } = await open(context, base, '#/flow?v=1&init=relaxed');
    await page.waitForSelector('#flow-status[data-state="error"]');
    const message = await text(page, '#flow-status');
    assert(/linear/.test(message), `unexpected message '${message}'`);
    assert(errors.length === 0, errors.join('; '));
    await page.close();
  });

  await check('linear & neural ODE page loads without console errors; K(z) matches M(θ)', async () => {
    const { page, errors } = await open(context, base, '#/linear?v=1');
    await page.waitForSelector('#linear-status[data-state="ok"]', { timeout: 60_000 });
    await page.waitForSelector('#fig-convergence svg');
    const err = Number(await text(page, '#linear-intrinsic-error'));
    assert(err < 1e-9, `|K − M| = ${err}`);
    await page.screenshot({ path: join(shotsDir, 'linear.png'), fullPage: true });
    assert(errors.length === 0, errors.join('; '));
    await page.close();
    return `|K − M| = ${err}`;
  });

  await check(
    'ensemble page runs on WebGL2, shows its backend, and benches it against the CPU backend',
    async () => {
      const { page, errors } = await open(context, base, '#/ensemble?v=1&ensT=1');
      await page.waitForSelector('#ens-status[data-state="ok"], #ens-status[data-state="error"]', {
        timeout: 90_000,
      });
      const status = await text(page, '#ens-status');
      assert(
        (await page.getAttribute('#ens-status', 'data-state')) === 'ok',
        `the ensemble did not run: ${status}`,
      );
      const backend = await text(page, '#ens-backend');
      assert(/WebGL2Kernel/.test(backend), `backend shown: '${backend}'`);
      await page.click('#ens-bench');
      await page.waitForSelector('#bench-ratio', { timeout: 60_000 });
      const ratio = await text(page, '#bench-ratio');
      assert(/WebGL2Kernel \/ cpu-float64: [\d.]+×/.test(ratio), `bench shows '${ratio}'`);
      await page.screenshot({ path: join(shotsDir, 'ensemble.png'), fullPage: true });
      assert(errors.length === 0, errors.join('; '));
      await page.close();
      return `backend ${backend}; ${status}; bench: ${ratio}`;
    },
  );

  await check('a garbage URL falls back to the defaults with a notice', async () => {
    const { page, errors } = await open(context, base, '#/nonsense?v=7&seed=oops');
    await page.waitForSelector('#notice:not([hidden])');
    const notice = await text(page, '#notice');
    await page.waitForFunction(() => document.querySelector('#law-count')?.textContent?.trim() === '3');
    // a garbage link pasted into an open page: the notice stays
    await page.evaluate(() => {
      document.querySelector('#notice button')?.click();
      location.hash = '#/flow?v=1&T=-3';
    });
    await page.waitForSelector('#flow-status');
    await page.waitForTimeout(300);
    const pasted = await text(page, '#notice');
    assert(
      /T=-3/.test(pasted) && (await page.locator('#notice').isVisible()),
      `notice after pasting a bad link: '${pasted}'`,
    );
    assert(errors.length === 0, errors.join('; '));
    await page.close();
    return `'${notice.replace(/×$/, '')}'; pasted: '${pasted.replace(/×$/, '')}'`;
  });
}

let exitCode = 1;
try {
  await main();
} catch (error) {
  results.push({ name: 'harness', ok: false, detail: error.message });
  console.error(`browser tests: ${error.stack ?? error.message}`);
} finally {
  await browser?.close().catch(() => {});
  await new Promise((r) => (server?.httpServer ? server.httpServer.close(() => r()) : r()));
  clearTimeout(overall);
  const { passed, failed } = writeResults();
  console.log(`browser tests: ${passed} passed, ${failed} failed (screenshots in apps/site/screenshots/)`);
  exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
process.exit(exitCode);
