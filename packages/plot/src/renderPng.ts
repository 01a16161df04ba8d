import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { renderSvg } from './renderSvg.js';
import type { FigureSpec } from './spec.js';

/** Options of {@link renderPng} and {@link rasterize}. */
export interface RenderPngOptions {
  /** Pixel density: the PNG is `scale` times the SVG size. @default 2 */
  scale?: number;
  /**
   * Font files (TTF/OTF) to render text with. When absent, the first of {@link DEFAULT_FONT_FILES}
   * that exist are used; if none exists (and `loadSystemFonts` is false) rendering throws rather
   * than silently dropping all text.
   * @default the existing files among {@link DEFAULT_FONT_FILES}
   */
  fontFiles?: readonly string[];
  /** Also load the system's fonts (slower: scans font folders). @default false */
  loadSystemFonts?: boolean;
  /** Family used for text whose families are all missing. @default 'DejaVu Sans' */
  defaultFontFamily?: string;
}

/** Result of {@link rasterize}: the PNG and the raw pixels it encodes. */
export interface RasterizeResult {
  /** PNG file bytes. */
  png: Uint8Array;
  /** Width in px. */
  width: number;
  /** Height in px. */
  height: number;
  /** Premultiplied RGBA pixels, row-major, `width * height * 4` bytes. */
  pixels: Uint8Array;
}

/**
 * Font files tried by default, in order: DejaVu Sans as installed by Debian/Ubuntu
 * (`fonts-dejavu-core`), Fedora/Arch and Alpine, then Liberation Sans (`fonts-liberation`).
 */
export const DEFAULT_FONT_FILES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
];

/**
 * Rasterises a figure spec with resvg and returns both the PNG bytes and the raw pixels.
 *
 * @param spec - the figure (validated as in `renderSvg`)
 * @param options - {@link RenderPngOptions}
 * @returns {@link RasterizeResult}
 * @throws RangeError if `options.scale` is not a positive finite number; Error if no font file is
 *   found; the errors of `validateSpec` for an invalid spec
 * @example
 * const { width, height } = rasterize(spec, { scale: 1 }); // the SVG's size in px
 * @see renderSvg (the SVG it rasterises)
 */
export function rasterize(spec: FigureSpec, options: RenderPngOptions = {}): RasterizeResult {
  const scale = options.scale ?? 2;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 16) {
    throw new RangeError(`renderPng: options.scale must be a finite number in (0, 16], got ${String(scale)}`);
  }
  const svg = renderSvg(spec);
  const loadSystemFonts = options.loadSystemFonts ?? false;
  const fontFiles = options.fontFiles
    ? [...options.fontFiles]
    : DEFAULT_FONT_FILES.filter((f) => existsSync(f));
  for (const f of fontFiles) {
    if (!existsSync(f))
      throw new Error(`renderPng: options.fontFiles names ${JSON.stringify(f)}, which does not exist`);
  }
  if (fontFiles.length === 0 && !loadSystemFonts) {
    throw new Error(
      `renderPng: no font found (looked for ${DEFAULT_FONT_FILES.join(', ')}); install fonts-dejavu-core or pass options.fontFiles`,
    );
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts, fontFiles, defaultFontFamily: options.defaultFontFamily ?? 'DejaVu Sans' },
    shapeRendering: 2,
    textRendering: 1,
  });
  const image = resvg.render();
  return {
    png: new Uint8Array(image.asPng()),
    width: image.width,
    height: image.height,
    pixels: new Uint8Array(image.pixels),
  };
}

/**
 * Renders a figure spec to PNG bytes (Node only; resvg). Text uses DejaVu Sans by default.
 *
 * @param spec - the figure
 * @param options - {@link RenderPngOptions}; `scale` multiplies the SVG's pixel size
 * @returns the PNG file as bytes
 * @throws as {@link rasterize}
 * @example
 * import { renderPng } from '@idyn/plot/png';
 * writeFileSync('fig.png', renderPng(spec, { scale: 2 }));
 * @see renderSvg (the SVG it rasterises)
 */
export function renderPng(spec: FigureSpec, options: RenderPngOptions = {}): Uint8Array {
  return rasterize(spec, options).png;
}
