import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/index.js';
import { VERSION } from '../src/version.js';
import { run, runJson } from './helpers.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes
const ANSI = /\x1b\[/;

describe('terminal behaviour', () => {
  it('on a TTY: progress on stderr (cleared afterwards) and colours on stdout', async () => {
    const r = await run(['check', 'linear:2-2-2', '--init', 'gaussian:1'], { isTTY: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/checking the criteria/);
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(r.stdout).toMatch(ANSI);
  });
  it('NO_COLOR, --no-color and a non-TTY switch colours off; --quiet switches progress off', async () => {
    for (const [env, extra, isTTY] of [
      [{ NO_COLOR: '1' }, [], true],
      [{}, ['--no-color'], true],
      [{}, [], false],
    ] as const) {
      const r = await run(['check', 'linear:2-2-2', '--init', 'gaussian:1', ...extra], { env, isTTY });
      expect(r.stdout).not.toMatch(ANSI);
    }
    const q = await run(['check', 'relu:2-2-2', '--init', 'gaussian:1', '--quiet'], { isTTY: true });
    expect(q.stderr).toBe('');
  });
  it('on a TTY the progress bar counts units of work with a rate and an ETA (cli-progress)', async () => {
    const r = await run(['tour', '--quick', '--only', 'laws.relu', '--no-report'], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/ 0\/4 \| +\| ETA … \| ReLU path-lifting \[2,2,2\]…/);
    expect(r.stderr).toMatch(/ [1-3]\/4 \| [\d.e+]+\/s \| ETA \d+s \| ReLU path-lifting/);
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });
  it('no progress and no colour codes in --json output even on a TTY', async () => {
    const r = await run(['laws', 'relu:2-2-2', '--json'], { isTTY: true });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stdout).not.toMatch(ANSI);
  });
});

describe('every command', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s has --help with examples and a schema file',
    async (name, cmd) => {
      const r = await run([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: idyn ${name}`));
      expect(r.stdout).toMatch(/\nExamples:\n/);
      expect(cmd.examples.length).toBeGreaterThanOrEqual(2);
      for (const [line] of cmd.examples) expect(line).toMatch(new RegExp(`idyn ${name}\\b`));
      // The schema file is published by the package that computes the document: @idyn/studies,
      // or @idyn/sweep for the sweep and worker commands.
      const owner = ['sweep', 'worker'].includes(name) ? 'sweep' : 'studies';
      const file = new URL(`../../../packages/${owner}/schemas/${name}.schema.json`, import.meta.url);
      expect(existsSync(file)).toBe(true);
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      expect(schema.properties.schema.const).toBe(cmd.schema);
      expect(cmd.study.resultSchema).toEqual(schema);
      expect(cmd.schema).toBe(`idyn.${name}/1`);
    },
  );
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    expect((await run(['--version'])).stdout).toBe(`${VERSION}\n`);
  });
});

describe('polynomial liftings', () => {
  it('lift evaluates the polynomials: z = (x1 x2 x3) at (2, 3, 5) is 30, no paths', async () => {
    const doc = await runJson(['lift', 'poly:x1*x2*x3', '--theta', 'theta-2-3-5.json']);
    expect(doc.phi).toEqual([{ label: 'x1*x2*x3', value: 30 }]);
    expect(doc.paths).toBeNull();
    expect(doc.pathNorms).toBeNull();
  });
  it('check finds the degree-2 laws itself: x1 x2 x3 at (2, 3, 5) is recoverable (rank 1 + 2 = 3)', async () => {
    // Laws x1² − x2², x1² − x3² (closed form); the stacked Jacobian at (2,3,5) has full rank 3.
    const doc = await runJson(['check', 'poly:x1*x2*x3', '--theta', 'theta-2-3-5.json']);
    expect(doc).toMatchObject({
      D: 3,
      rankJacobian: 1,
      rankLaws: 2,
      rankStacked: 3,
      recoverable: true,
      exact: true,
    });
  });
});
