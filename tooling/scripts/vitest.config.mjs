import { idynVitest } from '@idyn/vitest-config';

// The fixtures are workspaces for the checks to read, not suites (some hold *.test.ts files).
export default idynVitest({
  test: { include: ['test/**/*.test.mjs'], exclude: ['test/fixtures/**', '**/node_modules/**'] },
});
