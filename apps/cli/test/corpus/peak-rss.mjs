// Preloaded into the corpus's child processes: on exit, writes the peak resident set size (KiB)
// to the file named by IDYN_CORPUS_RSS, so a case can assert that a refusal came before the
// allocation rather than after it.
import { writeFileSync } from 'node:fs';

const file = process.env.IDYN_CORPUS_RSS;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
