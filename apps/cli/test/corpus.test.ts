import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_SCHEMA, validateJson } from '@idyn/studies';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchema, run } from './helpers.js';

/**
 * The bad-input corpus of issue 17 (test/corpus/*.json): every case runs `idyn` on a bad or
 * oversized input and asserts the exit code (2, or 1 where a check fails), one line on stderr that
 * names the option, field or file:line, no stack trace, no internal function name, no echo of a huge
 * input; the same case with --json must print a valid idyn.error/1 document. Cases about resources
 * (`process: true`) run as child processes under a heap limit and a timeout, and assert that the
 * process exited by itself (not killed) with a small peak memory.
 */

interface Where {
  readonly code?: string;
  readonly option?: string;
  readonly field?: string;
  readonly file?: string;
  readonly line?: number;
}

interface CorpusCase {
  readonly name: string;
  readonly argv: readonly string[];
  readonly exit?: 1 | 2;
  readonly message: string;
  readonly where?: Where;
  readonly files?: Readonly<Record<string, string>>;
  readonly symlinks?: Readonly<Record<string, string>>;
  readonly dirs?: readonly string[];
  readonly process?: boolean;
  readonly json?: boolean;
  /** Peak RSS bound of a process case, MiB. @default 600 */
  readonly maxRssMiB?: number;
}

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const PEAK = join(CORPUS, 'peak-rss.mjs');
// resolved here: the child runs in a temporary directory, where a bare 'tsx' would not resolve
const TSX = import.meta.resolve('tsx');
const ROOT = mkdtempSync(join(tmpdir(), 'idyn-corpus-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

/** `{{rep|TEXT|N}}` repeats TEXT N times; `{{seq|PREFIX|FROM|TO|SEP}}` joins PREFIX+i; `{{dir}}` is the case's directory. */
function expand(text: string, dir: string): string {
  return text
    .replace(/\{\{rep\|([^|]*)\|(\d+)\}\}/g, (_, s: string, n: string) => s.repeat(Number(n)))
    .replace(
      /\{\{seq\|([^|]*)\|(\d+)\|(\d+)\|([^}]*)\}\}/g,
      (_, p: string, a: string, b: string, sep: string) =>
        Array.from({ length: Number(b) - Number(a) + 1 }, (_, i) => `${p}${Number(a) + i}`).join(sep),
    )
    .replaceAll('{{dir}}', dir);
}

function setUp(c: CorpusCase, index: string): string {
  const dir = join(ROOT, index);
  mkdirSync(dir, { recursive: true });
  for (const d of c.dirs ?? []) mkdirSync(join(dir, d), { recursive: true });
  for (const [name, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), expand(content, dir));
  }
  for (const [link, target] of Object.entries(c.symlinks ?? {})) {
    mkdirSync(dirname(join(dir, link)), { recursive: true });
    symlinkSync(expand(target, dir), join(dir, link));
  }
  return dir;
}

// Internal names a user never typed: camelCase functions heading a message, `options.x`, and the
// runtime's own words for a crash.
const INTERNAL = [
  /\b[a-z][a-z0-9]*[A-Z]\w*(?:\.\w+|\[[^\]]*\])*(?:\(\))?: /,
  /\boptions\.\w/,
  /Invalid typed array length|Maximum call stack|Cannot read properties|is not a function|JSON output:|Array buffer allocation failed|heap out of memory/,
  /\bundefined\b/,
];

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssMiB: number;
}

function spawnIdyn(argv: readonly string[], cwd: string, timeoutMs: number): Promise<Outcome> {
  const rssFile = join(cwd, '.peak-rss');
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=2048', '--import', PEAK, '--conditions=source', '--import', TSX, BIN, ...argv],
      {
        cwd,
        env: { ...process.env, IDYN_CORPUS_RSS: rssFile, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let rssMiB = Number.NaN;
      try {
        rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
      } catch {}
      resolve({ code, signal, stdout, stderr, ms: performance.now() - start, rssMiB });
    });
  });
}

// At most two child processes at once (the machine has two cores; the two resblock cases build a
// million-edge network each, ~1.1 GB and ~5 s, before the path count refuses them).
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  while (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

async function runCase(c: CorpusCase, argv: readonly string[], dir: string): Promise<Outcome> {
  if (c.process) return limited(() => spawnIdyn(argv, dir, 90_000));
  const start = performance.now();
  const r = await run(argv, { cwd: dir });
  return {
    code: r.code,
    signal: null,
    stdout: r.stdout,
    stderr: r.stderr,
    ms: performance.now() - start,
    rssMiB: 0,
  };
}

function checkWhere(error: Record<string, unknown>, where: Where | undefined): void {
  if (where === undefined) return;
  for (const [k, v] of Object.entries(where)) expect(error[k], `error.${k}`).toEqual(v);
}

const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort();
const all: [string, string, CorpusCase][] = files.flatMap((f) =>
  (JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as CorpusCase[]).map(
    (c, i) =>
      [f.replace(/\.json$/, ''), `${f.replace(/\.json$/, '')}-${i}`, c] as [string, string, CorpusCase],
  ),
);

describe('the bad-input corpus', () => {
  it('has at least 200 cases with unique names, in every category of issue 17', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(new Set(all.map(([, , c]) => c.name)).size).toBe(all.length);
    expect(new Set(all.map(([category]) => category))).toEqual(
      new Set([
        'bad-numbers',
        'files',
        'huge-sizes',
        'hostile-json',
        'nesting',
        'outputs',
        'overflow',
        'usage',
        'linear',
      ]),
    );
  });
});

function checkLine(c: CorpusCase, stderr: string, shown: string): string {
  const lines = stderr.split('\n').filter((l) => l.length > 0);
  expect(lines, shown).toHaveLength(1);
  const line = lines[0]!;
  // `idyn <command>: <message>`, or a message that names the command itself (`idyn linear supports …`)
  expect(line, shown).toMatch(/^idyn( \w+)?[: ]/);
  expect(line.length, shown).toBeLessThan(600);
  expect(line.replace(/^idyn( \w+)?: /, ''), shown).toMatch(new RegExp(c.message));
  for (const re of INTERNAL) expect(line, `${shown}\ninternal words ${re}`).not.toMatch(re);
  return line;
}

function checkDocument(c: CorpusCase, exit: number, j: Outcome, shown: string): void {
  const doc = JSON.parse(j.stdout) as { schema: string; error: Record<string, unknown> };
  if (exit === 2) {
    expect(validateJson(doc, ERROR_SCHEMA)).toEqual([]);
    expect(j.stderr.trim().endsWith(String(doc.error.message)), shown).toBe(true);
    expect(doc.error.exit).toBe(2);
    checkWhere(doc.error, c.where);
  } else {
    const name = doc.schema.replace(/^idyn\./, '').replace(/\/\d+$/, '');
    expect(validateJson(doc, loadSchema(name))).toEqual([]);
  }
}

async function checkCase(index: string, c: CorpusCase): Promise<void> {
  const dir = setUp(c, index);
  const argv = c.argv.map((a) => expand(a, dir));
  const exit = c.exit ?? 2;
  const json = c.json !== false;
  // A process case runs once, with --json: the line on stderr and the document on stdout together.
  const r = await runCase(c, c.process && json ? [...argv, '--json'] : argv, dir);
  const shown = `idyn ${argv.join(' ').slice(0, 200)}\nstderr: ${r.stderr.slice(0, 2000)}`;
  expect(r.signal, `${shown}\nkilled by a signal`).toBeNull();
  expect(r.code, shown).toBe(exit);
  if (c.process) expect(r.rssMiB, `${shown}\npeak RSS MiB`).toBeLessThan(c.maxRssMiB ?? 600);
  if (exit === 2) checkLine(c, r.stderr, shown);
  else {
    expect(r.stderr, shown).toBe('');
    expect(r.stdout, shown).toMatch(new RegExp(c.message, 'm'));
  }
  if (c.process) {
    if (json) checkDocument(c, exit, r, shown);
    return;
  }
  if (exit === 2) expect(r.stdout, shown).toBe('');
  if (!json) return;
  const j = await runCase(c, [...argv, '--json'], dir);
  expect(j.code, `${shown} --json`).toBe(exit);
  if (exit === 2) checkLine(c, j.stderr, shown);
  checkDocument(c, exit, j, shown);
}

for (const category of [...new Set(all.map(([c]) => c))]) {
  const cases = all.filter(([c]) => c === category).map(([, index, c]) => [c.name, index, c] as const);
  describe(`corpus: ${category}`, () => {
    const inProcess = cases.filter(([, , c]) => !c.process);
    const spawned = cases.filter(([, , c]) => c.process);
    if (inProcess.length > 0) it.each(inProcess)('%s', async (_name, index, c) => checkCase(index, c));
    // child processes overlap (each mostly waits for its tsx start-up)
    if (spawned.length > 0)
      it.concurrent.each(spawned)('%s (process)', async (_name, index, c) => checkCase(index, c), 240_000);
  });
}
