import { idynTsup } from '@idyn/tsup-config';

// The entries of the exports map, plus the worker of the threaded CPU backend (loaded by URL from
// dist/threads.js, never imported).
const config = idynTsup(import.meta.url);
export default {
  ...config,
  entry: { ...(config.entry as Record<string, string>), threadsWorker: 'src/threadsWorker.ts' },
};
