import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../test/examples.js';
import { parseXml } from '../test/parseXml.js';
import { renderSvg } from './renderSvg.js';

// Golden SVGs: regenerate with `UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts` after an
// intended visual change, look at them (and a PNG via `npx tsx --conditions=source
// test/fixtures/render-examples.ts`), and commit them.
const dir = fileURLToPath(new URL('../test/fixtures/golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden SVG per plot kind', () => {
  for (const [name, spec] of Object.entries(EXAMPLES)) {
    it(`${name} renders byte-identical to test/fixtures/golden/${name}.svg`, () => {
      const svg = `${renderSvg(spec)}\n`;
      parseXml(svg);
      const file = `${dir}${name}.svg`;
      if (update) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, svg);
      }
      expect(svg).toBe(readFileSync(file, 'utf8'));
    });
  }
});
