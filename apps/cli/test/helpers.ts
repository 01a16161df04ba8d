import { fileURLToPath } from 'node:url';
import { type JsonSchema, type StudyName, studies, validateJson } from '@idyn/studies';
import { expect } from 'vitest';
import { COMMANDS } from '../src/commands/index.js';
import type { CliIo } from '../src/internal/io.js';
import { main } from '../src/main.js';

/** Directory of the test fixtures. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Directory of the ONNX models exported by PyTorch for @idyn/onnx's tests (mlp, lenet, resblock, conv1d). */
export const ONNX_FIXTURES = fileURLToPath(new URL('../../../packages/onnx/test/fixtures/', import.meta.url));

/** Result of an in-process run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main(argv)` in-process with captured streams (not a TTY, cwd = fixtures). */
export async function run(
  argv: readonly string[],
  options: {
    isTTY?: boolean;
    env?: Record<string, string | undefined>;
    cwd?: string;
    /** Sends an interrupt (as Ctrl-C would) once stderr shows this text (a progress report). */
    interruptOn?: RegExp;
  } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  let interrupt: (() => void) | null = null;
  let sent = false;
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: {
      write: (s: string) => {
        stderr += s;
        if (!sent && interrupt !== null && options.interruptOn?.test(s)) {
          sent = true;
          setTimeout(interrupt, 0);
        }
      },
    },
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? FIXTURES,
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => {
        interrupt = null;
      };
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The result schema of command `name` (schemas/<name>.schema.json of @idyn/studies or @idyn/sweep). */
export function loadSchema(name: string): JsonSchema {
  return COMMANDS.find((c) => c.name === name)?.study.resultSchema ?? studies[name as StudyName].resultSchema;
}

/** Runs a command with --json, checks exit code, parses and validates the output against its schema. */
export async function runJson(argv: readonly string[], expectedCode = 0): Promise<Record<string, unknown>> {
  const r = await run([...argv, '--json']);
  expect(r.stderr, `stderr of idyn ${argv.join(' ')}`).toBe('');
  expect(r.code).toBe(expectedCode);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  const name = String(doc.schema)
    .replace(/^idyn\./, '')
    .replace(/\/\d+$/, '');
  expect(validateJson(doc, loadSchema(name))).toEqual([]);
  return doc;
}

/** Asserts a bad-input run: exit 2, nothing on stdout, one stderr line matching `pattern`. */
export function expectUsageError(r: RunResult, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
