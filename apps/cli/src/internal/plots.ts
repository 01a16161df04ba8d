import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type FigureSpec, renderSvg } from '@idyn/plot';
import { UsageError } from './errors.js';

/**
 * Renders a figure to `<dir>/<name>.svg` (creating the directory).
 * @returns the written path
 * @throws UsageError when the directory cannot be created or written
 */
export function writeFigure(cwd: string, dir: string, name: string, figure: FigureSpec): string {
  const full = resolve(cwd, dir);
  try {
    mkdirSync(full, { recursive: true });
    const path = join(full, `${name}.svg`);
    writeFileSync(path, renderSvg(figure));
    return path;
  } catch (error) {
    throw new UsageError(`--out '${dir}': cannot write (${(error as Error).message})`);
  }
}

/** Splits a row-major [rows, cols] array into `cols` column arrays. */
export function columns(data: ArrayLike<number>, rows: number, cols: number, limit = cols): Float64Array[] {
  const out: Float64Array[] = [];
  for (let j = 0; j < Math.min(cols, limit); j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = data[i * cols + j]!;
    out.push(c);
  }
  return out;
}
