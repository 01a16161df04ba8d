import type { BlockSelector } from '@idyn/conservation';
import { StudyInputError } from '../StudyInputError.js';

const INT_LIST = /^\d+(,\d+)*$/;

/**
 * Parses the `block` input of the laws study into a selector of `blockLaws`:
 * - `1,2` or `layers:1,2` — the weights into, and the biases of, the nodes at these depths (inputs
 *   have depth 0; a node has 1 + the largest depth of its tails); networks only;
 * - `params:0,3,4` — parameter indices into θ, in this order;
 * - `names:N1;N2;…` — parameter names (as `idyn check` prints them), separated by `;`;
 * - `match:REGEX` — every parameter whose name matches the regular expression (e.g. `match:^[QKVO]2_`).
 * @throws StudyInputError on `block` naming the value and the grammar
 */
export function parseBlock(study: string, text: string): BlockSelector {
  const fail = (reason: string) => new StudyInputError('block', reason, { study, value: text });
  const grammar = 'expected LAYERS (e.g. 1,2), layers:1,2, params:0,3,4, names:N1;N2 or match:REGEX';
  const t = text.trim();
  if (INT_LIST.test(t)) return { layers: t.split(',').map(Number) };
  const colon = t.indexOf(':');
  if (colon < 0) throw fail(grammar);
  const kind = t.slice(0, colon);
  const body = t.slice(colon + 1);
  if (kind === 'layers' || kind === 'params') {
    if (!INT_LIST.test(body)) throw fail(`${kind}: needs integers separated by commas (${grammar})`);
    const list = body.split(',').map(Number);
    return kind === 'layers' ? { layers: list } : list;
  }
  if (kind === 'names') {
    const names = body.split(';').map((s) => s.trim());
    if (names.some((n) => n.length === 0)) throw fail(`names: has an empty name (${grammar})`);
    return { names };
  }
  if (kind === 'match') {
    if (body.length === 0) throw fail(`match: needs a regular expression (${grammar})`);
    try {
      return { match: new RegExp(body) };
    } catch (error) {
      throw fail(`match: is not a regular expression (${(error as Error).message})`);
    }
  }
  throw fail(`unknown kind '${kind}' (${grammar})`);
}
