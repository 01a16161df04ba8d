import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Where a worker-thread entry lives, relative to the module that starts the threads. */
export interface WorkerScriptPaths {
  /** The TypeScript entry when running from source (e.g. `./threadsWorker.ts`). */
  readonly source: string;
  /** The built entry in `dist/` (e.g. `./threadsWorker.js`). */
  readonly built: string;
}

/**
 * The file and `execArgv` of a worker-thread entry (for piscina or `new Worker`): from source
 * (the calling module is TypeScript, run by vitest or tsx) the thread needs tsx's loader and the
 * `source` export condition; built, the JavaScript next to it and nothing else. Node only.
 *
 * @param moduleUrl - `import.meta.url` of the module that starts the threads
 * @param paths - the entry relative to that module, from source and built
 * @returns `filename` (a file URL) and `execArgv`
 * @throws Error when running from source and tsx cannot be resolved from the calling module
 * @example
 * const { filename, execArgv } = workerScript(import.meta.url, { source: './threadsWorker.ts', built: './threadsWorker.js' });
 * new Piscina({ filename, execArgv });
 */
export function workerScript(
  moduleUrl: string,
  paths: WorkerScriptPaths,
): { filename: string; execArgv: string[] } {
  if (moduleUrl.endsWith('.ts')) {
    const tsx = createRequire(moduleUrl).resolve('tsx');
    return {
      filename: new URL(paths.source, moduleUrl).href,
      execArgv: ['--conditions=source', '--import', pathToFileURL(tsx).href],
    };
  }
  return { filename: new URL(paths.built, moduleUrl).href, execArgv: [] };
}
