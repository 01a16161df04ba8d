import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The main entry must load in a browser bundle (Vite resolves gpu.js to dist/gpu-browser.js):
// no module under src/ that the entry reaches may import a Node built-in or the webgpu package.
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('browser safety of the main entry', () => {
  it('no source module imports node: built-ins, fs/path/os, gl or webgpu, or calls require', () => {
    const files = sources(new URL('.', import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
        (m) => m[1] as string,
      );
      for (const spec of imports) {
        expect(
          spec.startsWith('node:') || ['fs', 'path', 'os', 'gl', 'webgpu'].includes(spec),
          `${f}: ${spec}`,
        ).toBe(false);
      }
      expect(/\brequire\(/.test(text), f).toBe(false);
    }
  });
});
