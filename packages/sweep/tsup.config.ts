import { idynTsup } from '@idyn/tsup-config';

// The entries of the exports map, plus the worker-thread entry of the job pool (loaded by URL from
// dist/, never imported).
const config = idynTsup(import.meta.url);
export default {
  ...config,
  entry: { ...(config.entry as Record<string, string>), sweepWorker: 'src/sweepWorker.ts' },
};
