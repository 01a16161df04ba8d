import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_SCHEMA, validateJson } from '@idyn/studies';
import { describe, expect, it } from 'vitest';
import { parseCount, parseSize } from '../src/internal/args.js';
import { budgetExample } from '../src/internal/budget.js';
import { run } from './helpers.js';

describe('--json errors: an idyn.error/1 document on stdout as well as the line on stderr', () => {
  it.each([
    [['laws', 'relu:2-3-2', '--points', 'x', '--json'], 'input', { option: '--points' }],
    [['laws', 'relu:2-3-2', '--frobnicate', '--json'], 'usage', { option: '--frobnicate' }],
    [['laws', '--json'], 'usage', { option: '<net>' }],
    [['check', 'relu:2-3-2', '--init', 'uniform:1', '--json'], 'input', { option: '--init', field: 'init' }],
    [
      ['laws', 'relu:2-3-2', '--points', '1000000000', '--json'],
      'budget',
      { option: '--max-memory', field: 'maxMemoryBytes' },
    ],
    [['frobnicate', '--json'], 'usage', { option: '<command>' }],
  ] as const)('idyn %j -> code %s', async (argv, code, where) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(r.stdout);
    expect(validateJson(doc, ERROR_SCHEMA)).toEqual([]);
    expect(doc.error).toMatchObject({ code, exit: 2, ...where });
    // the document's message is the stderr line without the `idyn <command>: ` head
    expect(lines[0]?.endsWith(doc.error.message)).toBe(true);
  });
  it('without --json nothing goes to stdout', async () => {
    const r = await run(['laws', 'relu:2-3-2', '--points', 'x']);
    expect(r.stdout).toBe('');
  });
});

describe('budgets', () => {
  it('a refusal names the option that raises it with a value that admits the run', async () => {
    const r = await run(['laws', 'relu:2-3-2', '--points', '1000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^idyn laws: counting conservation laws needs about 179 GiB of memory .*, above the budget of 2\.00 GiB; raise it with --max-memory 1[78]\d+GiB\n$/,
    );
  });
  it('--max-paths reaches the enumeration: relu:100-101-100 (1010000 paths) is refused at the default and enumerated with --max-paths 2000000', async () => {
    const refused = await run(['laws', 'relu:100-101-100']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /1010000 paths .*above the budget of 1000000 paths; raise it with --max-paths 1010000/,
    );
    const r = await run(['lift', 'relu:100-101-100', '--max-paths', '2000000', '--show', '0', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).d).toBe(1_010_000);
  });
  it('--max-paths takes integers above 2^53 exactly', async () => {
    const r = await run(['lift', 'relu:2-3-2', '--max-paths', '20000000000000000000', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).d).toBe(12);
  });
  it('a lower --max-work refuses what the default admits', async () => {
    const r = await run(['laws', 'relu:2-3-2', '--max-work', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/above the budget of 10 operations; raise it with --max-work \de\d+/);
  });
  it('sizes, counts and suggested values', () => {
    expect(parseSize('--max-memory', '8GB')).toBe(8e9);
    expect(parseSize('--max-memory', '8GiB')).toBe(8 * 2 ** 30);
    expect(parseSize('--max-memory', '8g')).toBe(8 * 2 ** 30);
    expect(parseSize('--max-memory', '512 MiB')).toBe(2 ** 29);
    expect(parseSize('--max-memory', '2e9')).toBe(2e9);
    for (const bad of ['8XB', '-1GB', '0', 'GB', '1e999', 'inf'])
      expect(() => parseSize('--max-memory', bad)).toThrow(/--max-memory must be a size/);
    expect(parseCount('--max-paths', '2000000')).toBe(2_000_000);
    expect(parseCount('--max-paths', '1e20')).toBe('100000000000000000000');
    expect(parseCount('--max-paths', '20000000000000000001')).toBe('20000000000000000001');
    expect(() => parseCount('--max-paths', '1.5')).toThrow(/must be an integer/);
    expect(budgetExample('maxMemoryBytes', 19.4 * 2 ** 30)).toBe('20GiB');
    expect(budgetExample('maxMemoryBytes', 3e6)).toBe('3MiB');
    expect(budgetExample('maxWork', 2.43e12)).toBe('3e12');
    expect(budgetExample('maxWork', 9.5e12)).toBe('1e13');
    expect(budgetExample('maxPaths', 10n ** 20n)).toBe('100000000000000000000');
  });
});

describe('output files', () => {
  const flow = (dir: string, ...extra: string[]) =>
    run(['flow', 'relu:2-2-1', '--init', 'gaussian:1', '--T', '0.2', '--times', '3', '--out', dir, ...extra]);
  it('are listed, and a second run says it replaced the file; no temporary file is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idyn-out-'));
    const first = await flow(dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`wrote ${join(dir, 'flow.svg')}\n`);
    expect(first.stdout).not.toMatch(/replaced/);
    const second = await flow(dir, '--json');
    expect(JSON.parse(second.stdout).files).toEqual([{ path: join(dir, 'flow.svg'), replaced: true }]);
    expect(readdirSync(dir)).toEqual(['flow.svg']);
  });
  it('a symbolic link at the destination is refused, and the file it points to is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idyn-out-'));
    const outside = join(mkdtempSync(join(tmpdir(), 'idyn-victim-')), 'precious.txt');
    writeFileSync(outside, 'keep me');
    symlinkSync(outside, join(dir, 'flow.svg'));
    const r = await flow(dir, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^idyn flow: --out '.*': flow\.svg is a symbolic link \(to .*precious\.txt\); refusing to write through it/,
    );
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'output', option: '--out' });
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['flow.svg']);
  });
  it('a directory at the destination, or --out naming a file, is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idyn-out-'));
    mkdirSync(join(dir, 'flow.svg'));
    expect((await flow(dir)).stderr).toMatch(/flow\.svg exists and is not a regular file/);
    const file = join(dir, 'plain');
    writeFileSync(file, '');
    expect((await flow(file)).stderr).toMatch(/--out '.*plain': exists and is not a directory/);
    expect(existsSync(join(dir, 'flow.svg'))).toBe(true);
  });
});
