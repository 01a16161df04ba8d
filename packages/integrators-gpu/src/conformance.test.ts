import { runConformanceSuite } from '@idyn/integrators/testing';
import { describe, expect, it } from 'vitest';
import { createGpuBackend } from './createGpuBackend.js';
import { probeModes } from './internal/modes.js';

// The suite's float32 presets (rtol 1e-5 on accuracy checks, the kernels' floor; 1e-3 on agreement and law drift)
// hold with this backend as they are: f is float32 (relative rounding ~6e-8 per entry, ~1e-6 after
// accumulating a layer), while states and step control stay float64 (see the README).
runConformanceSuite(createGpuBackend({ mode: 'cpu', minGpuBatch: 0 }), { describe, it, expect });

// WebAssembly (float32 arithmetic and accumulation, like GL) wherever gpu.js supports it.
if (probeModes().includes('webasm')) {
  runConformanceSuite(createGpuBackend({ mode: 'webasm', minGpuBatch: 0 }), { describe, it, expect });
}

if (probeModes().includes('headlessgl')) {
  runConformanceSuite(createGpuBackend({ mode: 'headlessgl', minGpuBatch: 0 }), { describe, it, expect });
} else {
  describe('integrator backend conformance: gpu.js-headlessgl (float32)', () => {
    it.skip('skipped: headless-gl is not available here (no X display or no gl addon; run under xvfb-run -a)', () => {});
  });
}
