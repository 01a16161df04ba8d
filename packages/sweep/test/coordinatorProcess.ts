// A coordinator in its own process, for the restart test (it is killed with SIGKILL): runs the
// sweep of SPEC_JSON on STORE through URL/QUEUE and prints each progress report as a JSON line.
// Usage: node --conditions=source --import tsx test/coordinatorProcess.ts URL QUEUE STORE SPEC_JSON
import { openSweepStore } from '../src/openSweepStore.js';
import { parseSweepSpec } from '../src/parseSweepSpec.js';
import { runSweepOnQueue } from '../src/runSweepOnQueue.js';

const [url, queueName, storePath, specJson] = process.argv.slice(2);
const store = await openSweepStore(storePath!, { flushIntervalMs: 20 });
const result = await runSweepOnQueue(parseSweepSpec(specJson!), {
  store,
  connection: url!,
  queueName: queueName!,
  pollMs: 100,
  onProgress: (p) => process.stdout.write(`${JSON.stringify({ type: 'progress', done: p.done })}\n`),
});
await store.close();
process.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`);
