import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
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

/** A child process running a TypeScript file from source, with its stdout read as JSON lines. */
export interface JsonLinesChild {
  readonly child: ChildProcess;
  /** Every line read so far. */
  readonly lines: Record<string, unknown>[];
  /** Resolves with the first line (already read or coming) that satisfies `test`. */
  waitFor(
    test: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `node --conditions=source --import tsx FILE ARGS…` in the package directory. */
export function spawnTs(file: string, args: readonly string[]): JsonLinesChild {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    test: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const w of [...waiters])
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    lines,
    waitFor(test, timeoutMs = 30_000) {
      const found = lines.find(test);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`${file}: no matching line within ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`),
            ),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: (l) => {
            clearTimeout(timer);
            resolveLine(l);
          },
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
