import { createNetwork } from './createNetwork.js';
import { describe } from './internal/checkTheta.js';
import type { Network, NetworkSpec } from './Network.js';
import { NetworkError } from './NetworkError.js';
import { presetSpec } from './presetSpec.js';

/**
 * Builds a network from a preset string (`relu:2-3-2+bias`, see {@link presetSpec}), JSON text of a
 * {@link NetworkSpec} (any string whose first non-blank character is `{`), or a spec object.
 *
 * @param input - preset string, JSON text or spec object
 * @returns the validated network (with `theta` when the spec has one)
 * @throws NetworkError `unknown-preset` (listing the valid forms), `bad-json`, or any validation
 *   error of {@link createNetwork}
 * @throws TypeError if `input` is neither a string nor an object
 * @example
 * parseNetwork('relu:2-3-2').D; // 12
 * parseNetwork('relu:2-3-2+bias').D; // 17
 * parseNetwork('{"nodes":[{"id":"x","kind":"input"},{"id":"y","kind":"output"}],"edges":[{"from":"x","to":"y"}],"theta":[2]}').theta; // Float64Array [2]
 * @see MATH.md §1
 */
export function parseNetwork(input: string | NetworkSpec): Network {
  if (typeof input === 'string') {
    const text = input.trim();
    if (text.startsWith('{')) {
      let spec: unknown;
      try {
        spec = JSON.parse(text);
      } catch (err) {
        throw new NetworkError(
          'bad-json',
          `parseNetwork: input is not valid JSON (${(err as Error).message})`,
        );
      }
      return createNetwork(spec as NetworkSpec);
    }
    return createNetwork(presetSpec(text));
  }
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) return createNetwork(input);
  throw new TypeError(
    `parseNetwork: input must be a preset string, JSON text or a spec object, got ${describe(input)}`,
  );
}
