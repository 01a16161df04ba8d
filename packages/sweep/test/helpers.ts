import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { SweepRow } from '../src/SweepRow.js';

/** A temporary directory removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'idyn-sweep-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A row with the given key, status and result (other fields filled in). */
export function row(
  key: string,
  status: 'done' | 'failed',
  result: unknown,
  extra: Partial<SweepRow> = {},
): SweepRow {
  return {
    key,
    index: 0,
    study: 'laws',
    status,
    error: status === 'failed' ? 'boom' : null,
    durationMs: 1.5,
    worker: 'test/t1',
    codeVersion: 'test',
    attempts: 1,
    axes: { seed: 1 },
    input: { net: 'relu:2-3-2' },
    result,
    ...extra,
  };
}
