// Entry of the `@idyn/plot/png` subpath (Node only: uses resvg and node:fs).
export {
  renderPng,
  rasterize,
  DEFAULT_FONT_FILES,
  type RenderPngOptions,
  type RasterizeResult,
} from './renderPng.js';
