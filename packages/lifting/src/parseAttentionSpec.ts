import type { AttentionShape } from './attentionLifting.js';
import { describeValue } from '@idyn/linalg';

/** Largest size accepted for one dimension of an attention spec (a guard against typos). */
const MAX_SIZE = 1_000_000;

/**
 * Parses an attention spec `attention:d:k:v:e[:heads]`.
 *
 * Grammar: the word `attention`, then four or five positive decimal integers separated by colons:
 * the model dimension d (rows of W_Q, W_K, W_V), the query/key dimension k per head (columns of
 * W_Q and W_K), the value dimension v per head (columns of W_V and W_O), the output dimension e
 * (rows of W_O) and optionally the number of heads H (default 1), whose contributions add up.
 * Surrounding whitespace is ignored; nothing else is accepted (no signs, no spaces inside, no
 * empty fields). `attention:3:2:2:3` is the one-head reference of MATH.md §7 (D 24, 6 laws).
 *
 * @param spec - the text, e.g. `attention:3:2:2:3` or `attention:4:2:2:4:2`
 * @returns the shape `{ d, k, v, e, heads }` for {@link attentionLifting}
 * @throws TypeError if `spec` is not a string; RangeError naming the spec and the faulty field when
 *   it does not follow the grammar or a size is not an integer in [1, 10^6]
 * @example
 * parseAttentionSpec('attention:3:2:2:3'); // { d: 3, k: 2, v: 2, e: 3, heads: 1 }
 * parseAttentionSpec('attention:4:1:2:4:3').heads; // 3
 * @see MATH.md §7 (attention)
 */
export function parseAttentionSpec(spec: string): Required<AttentionShape> {
  const fn = 'parseAttentionSpec';
  if (typeof spec !== 'string')
    throw new TypeError(`${fn}: spec must be a string, got ${describeValue(spec)}`);
  const text = spec.trim();
  const grammar = 'attention:d:k:v:e[:heads] with positive integers';
  const parts = text.split(':');
  if (parts[0] !== 'attention') {
    throw new RangeError(`${fn}: spec ${JSON.stringify(spec)} must start with 'attention:' (${grammar})`);
  }
  const fields = parts.slice(1);
  if (fields.length !== 4 && fields.length !== 5) {
    throw new RangeError(
      `${fn}: spec ${JSON.stringify(spec)} has ${fields.length} sizes, expected 4 or 5 (${grammar})`,
    );
  }
  const names = ['d', 'k', 'v', 'e', 'heads'] as const;
  const sizes = fields.map((f, i) => {
    const name = names[i]!;
    if (!/^\d+$/.test(f)) {
      throw new RangeError(
        `${fn}: spec ${JSON.stringify(spec)}: ${name} must be a positive integer, got ${JSON.stringify(f)} (${grammar})`,
      );
    }
    const n = Number(f);
    if (n < 1 || n > MAX_SIZE) {
      throw new RangeError(
        `${fn}: spec ${JSON.stringify(spec)}: ${name} must be in [1, ${MAX_SIZE}], got ${f}`,
      );
    }
    return n;
  });
  return { d: sizes[0]!, k: sizes[1]!, v: sizes[2]!, e: sizes[3]!, heads: sizes[4] ?? 1 };
}
