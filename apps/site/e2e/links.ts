/**
 * Prints, as JSON, links drawn from the site's state arbitrary (e2e/stateArbitrary.ts, fixed seed)
 * and written by the site's own encoder: the browser test loads each one into the running page
 * and checks that the page writes the very same link back (URL → state → URL is the identity).
 * Usage: node --conditions=source --import tsx apps/site/e2e/links.ts [count] [seed]
 */
import fc from 'fast-check';
import { encodeState } from '../src/state.js';
import { stateArbitrary } from './stateArbitrary.js';

const count = Number(process.argv[2] ?? 25);
const seed = Number(process.argv[3] ?? 20260101);
const states = fc.sample(stateArbitrary, { numRuns: count, seed });
console.log(JSON.stringify(states.map((s) => ({ url: encodeState(s), state: s }))));
