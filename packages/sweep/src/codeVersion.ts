import { createRequire } from 'node:module';
import sweepPackage from '../package.json' with { type: 'json' };

// Another package's package.json is read with require: an import of it would stay external in the
// build and lose its `type: 'json'` attribute.
const studiesPackage = createRequire(import.meta.url)('@idyn/studies/package.json') as { version: string };

/**
 * The version of the code that runs a job, stored in each row (`code_version`):
 * `IDYN_CODE_VERSION` from the environment when set (e.g. a git commit in CI), else
 * `@idyn/studies@x @idyn/sweep@y`. Rows from workers on other machines say what ran them.
 *
 * @returns the version text
 * @example
 * codeVersion(); // '@idyn/studies@0.0.0 @idyn/sweep@0.0.0'
 */
export function codeVersion(): string {
  const env = typeof process === 'undefined' ? undefined : process.env.IDYN_CODE_VERSION;
  if (env !== undefined && env !== '') return env;
  return `@idyn/studies@${studiesPackage.version} @idyn/sweep@${sweepPackage.version}`;
}
