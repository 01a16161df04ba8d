// A queue worker in its own process, for the fault tests (they kill it with SIGKILL): what
// `idyn worker` runs, with the events printed as JSON lines on stdout.
// Usage: node --conditions=source --import tsx test/workerProcess.ts URL QUEUE THREADS LOCK_MS STALLED_MS NAME
import { startSweepWorker } from '../src/startSweepWorker.js';

const [url, queueName, threads, lockMs, stalledMs, name] = process.argv.slice(2);
const worker = await startSweepWorker({
  connection: url!,
  queueName: queueName!,
  threads: Number(threads),
  lockDurationMs: Number(lockMs),
  stalledIntervalMs: Number(stalledMs),
  name: name!,
  onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
});
process.stdout.write(`${JSON.stringify({ type: 'ready', name: worker.name })}\n`);
process.once('SIGTERM', () => {
  void worker.close().then((summary) => {
    process.stdout.write(`${JSON.stringify({ type: 'closed', ...summary })}\n`);
    process.exit(0);
  });
});
