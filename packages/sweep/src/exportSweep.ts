import { renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SweepStore } from './openSweepStore.js';

/** Export formats. */
export type ExportFormat = 'csv' | 'parquet' | 'jsonl';

/** Options of {@link exportSweep}. */
export interface ExportSweepOptions {
  /** Which rows: `done`, `failed` or `all`. @default 'all' */
  readonly status?: 'done' | 'failed' | 'all';
}

/** Result of {@link exportSweep}. */
export interface ExportSweepResult {
  /** The written file (absolute). */
  readonly path: string;
  /** The format. */
  readonly format: ExportFormat;
  /** Rows written. */
  readonly rows: number;
}

const COPY_FORMAT: Record<ExportFormat, string> = {
  csv: 'FORMAT CSV, HEADER',
  parquet: 'FORMAT PARQUET',
  jsonl: 'FORMAT JSON',
};

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Writes the rows of a sweep store, in grid order, to CSV (with a header), Parquet or JSON Lines,
 * through DuckDB's COPY: one column per store column (key, status, error, duration, worker, code
 * version, then `axis.*`, `in.*`, `out.*`). The file is written next to its final path and renamed
 * into place, so a reader never sees half of it.
 *
 * @param store - an open store (read-only is enough)
 * @param format - `csv`, `parquet` or `jsonl`
 * @param path - the file to write
 * @param options - which rows
 * @returns the path, the format and the row count
 * @throws RangeError on an unknown format or status
 * @example
 * await exportSweep(store, 'parquet', 'laws.parquet'); // { path: '/…/laws.parquet', format: 'parquet', rows: 10000 }
 */
export async function exportSweep(
  store: SweepStore,
  format: ExportFormat,
  path: string,
  options: ExportSweepOptions = {},
): Promise<ExportSweepResult> {
  if (!Object.hasOwn(COPY_FORMAT, format))
    throw new RangeError(`exportSweep: format must be csv, parquet or jsonl, got '${String(format)}'`);
  const status = options.status ?? 'all';
  if (!['done', 'failed', 'all'].includes(status))
    throw new RangeError(`exportSweep: options.status must be done, failed or all, got '${String(status)}'`);
  const file = resolve(path);
  const temporary = `${file}.tmp-${process.pid}`;
  const where = status === 'all' ? '' : ` WHERE status = '${status}'`;
  try {
    await store.query(
      `COPY (SELECT * FROM jobs${where} ORDER BY job, key) TO ${sqlString(temporary)} (${COPY_FORMAT[format]})`,
    );
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  const [{ n }] = (await store.query(`SELECT count(*)::BIGINT AS n FROM jobs${where}`)) as [{ n: number }];
  return { path: file, format, rows: n };
}
