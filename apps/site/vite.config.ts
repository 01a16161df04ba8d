import { defineConfig } from 'vite';
import { defaultClientConditions } from 'vite';

export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
});
