import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The key of a job: SHA-256 of the canonical JSON (RFC 8785, JCS: sorted keys, ECMAScript number
 * text) of `{ study, input }`, as 32 hex digits (128 bits). Equal inputs give equal keys whatever
 * the key order or the spec that produced them, so a rerun or another spec skips finished work.
 *
 * @param study - the study name
 * @param input - the study input (plain JSON)
 * @returns 32 lowercase hex digits
 * @throws TypeError when the input is not plain JSON (a function, a non-finite number)
 * @example
 * jobKey('laws', { net: 'relu:2-3-2', seed: 1 }) === jobKey('laws', { seed: 1, net: 'relu:2-3-2' }); // true
 */
export function jobKey(study: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ study, input })).digest('hex').slice(0, 32);
}

/**
 * The canonical JSON text of a value (RFC 8785).
 * @param value - plain JSON
 * @returns the text
 * @throws TypeError on a value that is not plain JSON
 * @example
 * canonicalJson({ b: 1, a: [true, 0.5] }); // '{"a":[true,0.5],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new TypeError(`canonicalJson: not plain JSON (${(error as Error).message})`);
  }
  if (text === undefined) throw new TypeError(`canonicalJson: not plain JSON: ${String(value)}`);
  return text;
}
