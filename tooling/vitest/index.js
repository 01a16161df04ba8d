// Shared vitest config: resolve workspace packages through their `source` export condition (so
// tests never wait for a build), register the close-to matchers, and write a JSON report that
// tooling/scripts/test-summary.mjs sums into the final `tests: N passed, N failed` line.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, mergeConfig } from 'vitest/config';

const setup = fileURLToPath(new URL('./setup.js', import.meta.url));

/** @param {import('vitest/config').UserConfig} [overrides] */
export function idynVitest(overrides = {}) {
  const base = defineConfig({
    resolve: { conditions: ['source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: [setup],
      passWithNoTests: false,
      testTimeout: 60_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest-report.json' },
      benchmark: { include: ['bench/**/*.bench.ts'] },
    },
  });
  return mergeConfig(base, overrides);
}

export default idynVitest;
