/**
 * Prints, as JSON, what the flow lab shows for a URL state, computed in Node by the same study the
 * page's worker runs (`flowStudy` of @idyn/studies through `runFlow`, with the page's input
 * mapping): the browser test compares the page's deviation with it and with `idyn flow --json`,
 * the CLI's front end of the same study.
 * Usage: node --conditions=source --import tsx apps/site/e2e/expectedFlow.ts '#/flow?v=1&…'
 */
import { FLOW_FRAMES, formatDeviation, runFlow } from '../src/runFlow.js';
import { decodeState } from '../src/state.js';

const hash = process.argv[2] ?? '';
const { state, notices } = decodeState(hash);
if (notices.length > 0) {
  console.error(notices.join('\n'));
  process.exit(2);
}
const out = await runFlow({ ...state, horizon: state.T, frames: FLOW_FRAMES });
console.log(
  JSON.stringify({
    maxDeviation: out.maxDeviation,
    display: formatDeviation(out.maxDeviation),
    lawDrift: out.maxLawDrift,
    stopped: out.stopped,
  }),
);
