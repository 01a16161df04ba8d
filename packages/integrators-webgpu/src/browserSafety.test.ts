import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The main entry is bundled into web pages: no module it reaches may import a Node built-in or
// Dawn (`webgpu`), which only src/node.ts loads.
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
}

describe('browser safety of the main entry', () => {
  it('no module reachable from src/index.ts imports node: built-ins or webgpu (Dawn); src/node.ts does', () => {
    const root = new URL('.', import.meta.url).pathname;
    const seen = new Set<string>();
    const stack = [join(root, 'index.ts')];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importsOf(file)) {
        expect(
          spec.startsWith('node:') || ['fs', 'path', 'os', 'webgpu'].includes(spec),
          `${file}: ${spec}`,
        ).toBe(false);
        if (spec.startsWith('.')) stack.push(join(file, '..', spec.replace(/\.js$/, '.ts')));
      }
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(seen.has(join(root, 'node.ts'))).toBe(false);
    expect(importsOf(join(root, 'node.ts'))).toContain('webgpu');
  });
});
