/**
 * Prints, as JSON, what the flow lab shows for a URL state, computed in Node from the same
 * source (`runFlow`): the browser test compares the page's deviation with it.
 * Usage: node --conditions=source --import tsx apps/site/e2e/expectedFlow.ts '#/flow?v=1&…'
 */
import { formatDeviation, runFlow } from '../src/runFlow.js';
import { decodeState } from '../src/state.js';

const hash = process.argv[2] ?? '';
const { state, notices } = decodeState(hash);
if (notices.length > 0) {
  console.error(notices.join('\n'));
  process.exit(2);
}
const out = runFlow(state);
console.log(
  JSON.stringify({
    maxDeviation: out.maxDeviation,
    display: formatDeviation(out.maxDeviation),
    lawDrift: out.maxLawDrift,
    stopped: out.stopped,
  }),
);
