import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

/** Spawns the source bin (no build needed), as a user would run `idyn`. */
function spawnIdyn(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', BIN, ...args], {
    cwd: FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the idyn process', () => {
  it('exits 0 and prints the counts', () => {
    const r = spawnIdyn(['laws', 'relu:2-3-2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/laws\s+3/);
    expect(r.stderr).toBe('');
  });
  it('exits 1 when a check fails', () => {
    const r = spawnIdyn(['check', 'linear:2-2-2', '--init', 'gaussian:1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).kernelInclusion.holds).toBe(false);
  });
  it('exits 2 on bad input with one line and no stack trace, and no progress when not a TTY', () => {
    const r = spawnIdyn(['laws', 'cycle.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cycle/);
  });
});
