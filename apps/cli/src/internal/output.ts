import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type FigureSpec, renderSvg } from '@idyn/plot';
import { UsageError } from './errors.js';

/** A file the command wrote. */
export interface WrittenFile {
  /** The absolute path. */
  readonly path: string;
  /** Whether an existing file was replaced. */
  readonly replaced: boolean;
}

/** A directory the command writes into, named by an option (`--out DIR`). */
export interface OutputDir {
  /** The option text, for messages. */
  readonly text: string;
  /** The absolute path. */
  readonly path: string;
  /** The option that named it, for messages (default `--out`). */
  readonly option: string;
  /** The files written so far, in order (the command lists them at the end). */
  readonly written: WrittenFile[];
}

/**
 * Creates the output directory (before any work, so that a bad `--out` fails fast).
 * @param cwd - directory a relative path is resolved against
 * @param text - the option's text
 * @param option - the option, for messages @default '--out'
 * @returns the directory, with an empty list of written files
 * @throws UsageError `--out 'DIR': cannot create the directory (…)`, or `… is a file, not a directory`
 */
export function prepareOutputDir(cwd: string, text: string, option = '--out'): OutputDir {
  const path = resolve(cwd, text);
  const where = { option, code: 'output' } as const;
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EEXIST')
      throw new UsageError(`${option} '${text}': exists and is not a directory`, where);
    if (e.code === 'ENOTDIR')
      throw new UsageError(
        `${option} '${text}': cannot create the directory (a parent is not a directory)`,
        where,
      );
    throw new UsageError(`${option} '${text}': cannot create the directory (${e.code ?? e.message})`, where);
  }
  if (!statSync(path).isDirectory())
    throw new UsageError(`${option} '${text}': exists and is not a directory`, where);
  return { text, path, option, written: [] };
}

/**
 * Writes `content` to `path` atomically: into a new temporary file of the same directory
 * (`O_CREAT | O_EXCL`, so nothing planted there is followed), then renamed over the destination,
 * so a reader sees the old file or the new one, never half of one. A symbolic link at the
 * destination is refused (never written through), as is a destination that is not a regular file.
 *
 * @param path - the absolute destination
 * @param content - the text
 * @param what - how the message names the destination, e.g. `--out 'report': flow.svg`
 * @param option - the option that named it (for the JSON error document)
 * @returns the path and whether an existing file was replaced
 * @throws UsageError (code `output`) naming `what` and the reason
 */
export function writeFileAtomic(path: string, content: string, what: string, option: string): WrittenFile {
  const where = { option, code: 'output' } as const;
  let replaced = false;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink())
      throw new UsageError(
        `${what} is a symbolic link (to ${readlinkSync(path)}); refusing to write through it (remove the link or choose another ${option})`,
        where,
      );
    if (!st.isFile()) throw new UsageError(`${what} exists and is not a regular file`, where);
    replaced = true;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UsageError(`${what}: cannot inspect (${(error as NodeJS.ErrnoException).code})`, where);
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: 'wx', mode: 0o644 });
    // rename replaces whatever sits at `path` (a link planted since the check included) rather
    // than following it
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    const e = error as NodeJS.ErrnoException;
    throw new UsageError(`${what}: cannot write (${e.code ?? e.message})`, where);
  }
  return { path, replaced };
}

/**
 * The one place where the CLI writes a file into an output directory (atomically, never through a
 * symbolic link); the file is added to `dir.written`.
 * @returns the written file
 * @throws UsageError `--out 'DIR': NAME …`
 */
export function writeOutputFile(dir: OutputDir, name: string, content: string): WrittenFile {
  const file = writeFileAtomic(
    join(dir.path, name),
    content,
    `${dir.option} '${dir.text}': ${name}`,
    dir.option,
  );
  dir.written.push(file);
  return file;
}

/** Renders a figure to `<dir>/<name>.svg`; returns the path. */
export function writeFigure(dir: OutputDir, name: string, figure: FigureSpec): string {
  return writeOutputFile(dir, `${name}.svg`, renderSvg(figure)).path;
}

/**
 * The lines listing the files written: `wrote PATH`, with `(replaced an existing file)` where one
 * was replaced.
 * @param files - the files, in order
 * @returns one line per file
 */
export function writtenLines(files: readonly WrittenFile[]): string[] {
  return files.map((f) => `wrote ${f.path}${f.replaced ? ' (replaced an existing file)' : ''}`);
}
