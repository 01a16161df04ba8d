import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { mathPage } from './e2e/mathPage.js';

const here = dirname(fileURLToPath(import.meta.url));
const mathSource = resolve(here, '../../docs/MATH.md');

/** Serves docs/MATH.md as math.html (dev and preview) and emits it with the build. */
function mathHtml(): Plugin {
  const page = () => mathPage(readFileSync(mathSource, 'utf8'));
  return {
    name: 'idyn-math-html',
    configureServer(server) {
      server.middlewares.use('/math.html', (_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(page());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'math.html', source: page() });
    },
  };
}

export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  plugins: [mathHtml()],
  worker: { format: 'es' },
});
