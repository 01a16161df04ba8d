import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../test/examples.js';
import { figureSize } from './renderSvg.js';
import { rasterize, renderPng } from './renderPng.js';
import type { FigureSpec } from './spec.js';

/** Width and height from the PNG IHDR chunk (bytes 16..23, big-endian), after checking the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect(Array.from(png.slice(0, 8))).toEqual(sig);
  expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Variance of the luminance over all pixels (0 for a blank image). */
function variance(pixels: Uint8Array): number {
  let s = 0;
  let s2 = 0;
  const n = pixels.length / 4;
  for (let i = 0; i < pixels.length; i += 4) {
    const y = 0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]!;
    s += y;
    s2 += y * y;
  }
  return s2 / n - (s / n) ** 2;
}

describe('renderPng', () => {
  it('renders a PNG of the figure size times scale, with non-blank pixels', () => {
    const spec = EXAMPLES.convergence as FigureSpec;
    const size = figureSize(spec);
    const png = renderPng(spec, { scale: 1.5 });
    expect(pngSize(png)).toEqual({
      width: Math.round(size.width * 1.5),
      height: Math.round(size.height * 1.5),
    });
    const r = rasterize(spec, { scale: 1 });
    expect(r.pixels.length).toBe(r.width * r.height * 4);
    expect(variance(r.pixels)).toBeGreaterThan(100);
  });

  it('draws text with the default font: the title band has dark pixels only when the title has glyphs', () => {
    const base: FigureSpec = {
      panels: [{ kind: 'xy', grid: false, series: [] }],
      panelWidth: 200,
      panelHeight: 150,
    };
    const dark = (spec: FigureSpec) => {
      const r = rasterize(spec, { scale: 1 });
      let count = 0;
      // Top 25 px: the figure title band.
      for (let i = 0; i < r.width * 25 * 4; i += 4) if (r.pixels[i]! < 128) count++;
      return count;
    };
    // Same layout (a title band) in both; only the glyphs differ.
    expect(dark({ ...base, title: ' ' })).toBe(0);
    expect(dark({ ...base, title: 'Title' })).toBeGreaterThan(20);
  });

  it('renders every example plot kind (multi-panel grid) without error', () => {
    const spec: FigureSpec = { columns: 3, panels: Object.values(EXAMPLES).flatMap((f) => [...f.panels]) };
    const r = rasterize(spec, { scale: 0.5 });
    const size = figureSize(spec);
    expect([r.width, r.height]).toEqual([Math.round(size.width / 2), Math.round(size.height / 2)]);
    expect(variance(r.pixels)).toBeGreaterThan(100);
  });

  it('rejects a bad scale and missing font files by name', () => {
    const spec = EXAMPLES.loss as FigureSpec;
    expect(() => renderPng(spec, { scale: 0 })).toThrow(
      'renderPng: options.scale must be a finite number in (0, 16], got 0',
    );
    expect(() => renderPng(spec, { fontFiles: ['/nonexistent/font.ttf'] })).toThrow(/does not exist/);
    expect(() => renderPng(spec, { fontFiles: [] })).toThrow(/no font found/);
  });
});
