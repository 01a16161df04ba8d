import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type FigureSpec, renderSvg } from '@idyn/plot';
import { UsageError } from './errors.js';

/** A directory the command writes into, named by an option (`--out DIR`). */
export interface OutputDir {
  /** The option text, for messages. */
  readonly text: string;
  /** The absolute path. */
  readonly path: string;
}

/**
 * Creates the output directory (before any work, so that a bad `--out` fails fast).
 * @throws UsageError `--out 'DIR': cannot create the directory (…)`
 */
export function prepareOutputDir(cwd: string, text: string): OutputDir {
  const path = resolve(cwd, text);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out '${text}': cannot create the directory (${(error as Error).message})`);
  }
  return { text, path };
}

/**
 * The one place where the CLI writes an output file.
 * @returns the written path
 * @throws UsageError `--out 'DIR': cannot write NAME (…)`
 */
export function writeOutputFile(dir: OutputDir, name: string, content: string): string {
  const path = join(dir.path, name);
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new UsageError(`--out '${dir.text}': cannot write ${name} (${(error as Error).message})`);
  }
  return path;
}

/** Renders a figure to `<dir>/<name>.svg`; returns the path. */
export function writeFigure(dir: OutputDir, name: string, figure: FigureSpec): string {
  return writeOutputFile(dir, `${name}.svg`, renderSvg(figure));
}
