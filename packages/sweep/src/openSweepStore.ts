import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { JobStatus, SweepRow } from './SweepRow.js';
import { SweepStoreError } from './SweepStoreError.js';
import { canonicalJson } from './jobKey.js';
import { type ColumnType, flatten, typeOf, widen } from './internal/flatten.js';

/** The format written in the store's `meta` table. */
export const STORE_FORMAT = 'idyn.sweep-store/1';

/** Options of {@link openSweepStore}. */
export interface OpenSweepStoreOptions {
  /** Open for reading only (reports, exports); another process must not hold it. @default false */
  readonly readOnly?: boolean;
  /** Rows are committed in batches: at most this long after they arrive, in ms. @default 200 */
  readonly flushIntervalMs?: number;
  /** ... or as soon as this many are waiting. @default 500 */
  readonly flushRows?: number;
}

/** A column of the `jobs` table. */
export interface StoreColumn {
  /** The flattened path: `axis.width`, `in.net`, `out.laws`, or a fixed column (`key`, `status`, …). */
  readonly path: string;
  /** The SQL column name: the path, or with a suffix `_2` when it differs from another only in case (`out.D`, `out.d_2`). */
  readonly name: string;
  /** BOOLEAN, BIGINT, DOUBLE or VARCHAR. */
  readonly type: ColumnType;
}

/** One run of `runSweep`/`runSweepOnQueue` on a store (table `runs`). */
export interface StoreRun {
  /** Run number, from 1. */
  readonly run: number;
  /** `local` or `queue`. */
  readonly mode: 'local' | 'queue';
  /** The spec's canonical JSON. */
  readonly spec: string;
  /** Jobs of the spec (distinct inputs). */
  readonly planned: number;
  /** Jobs already finished before the run. */
  readonly skipped: number;
}

/** The result store of a sweep: one row per job in the DuckDB table `jobs`. */
export interface SweepStore {
  /** The file (absolute path). */
  readonly path: string;
  /** A random id made when the store was created (names the store's result queue). */
  readonly id: string;
  /** The status of a key (rows not yet committed included), undefined when absent. */
  status(key: string): JobStatus | undefined;
  /** Number of rows per status (rows not yet committed included). */
  counts(): { readonly done: number; readonly failed: number };
  /**
   * Adds a row: a key's first row, or one that replaces a failed row; a row for a key that is
   * already done is ignored (exactly one done row per job). Committed in the next batch.
   * @param row - the finished job
   * @returns whether it was taken, once its batch is committed
   */
  add(row: SweepRow): Promise<boolean>;
  /**
   * Commits the waiting rows now.
   * @returns once committed
   */
  flush(): Promise<void>;
  /**
   * Records the start of a run.
   * @param run - mode, spec, planned and skipped job counts
   * @returns the run number
   */
  startRun(run: Omit<StoreRun, 'run'>): Promise<number>;
  /**
   * Records the end of a run.
   * @param run - the run number
   * @param outcome - jobs done and failed in the run, whether it was stopped
   * @returns once written
   */
  finishRun(run: number, outcome: { done: number; failed: number; stopped: boolean }): Promise<void>;
  /**
   * The columns of `jobs` in table order.
   * @returns the columns
   */
  columns(): Promise<StoreColumn[]>;
  /**
   * Runs SQL on the store (DuckDB dialect); BIGINT values come back as numbers when safe.
   * @param sql - the query (`jobs`, `runs`, `columns`, `meta` tables)
   * @param params - positional `$1`… values
   * @returns the rows as objects
   */
  query(
    sql: string,
    params?: readonly (string | number | boolean | null)[],
  ): Promise<Record<string, unknown>[]>;
  /**
   * Commits the waiting rows and closes the database.
   * @returns once closed
   */
  close(): Promise<void>;
}

/** Fixed columns of `jobs`, then the flattened `axis.*`, `in.*`, `out.*` ones. */
const FIXED: readonly StoreColumn[] = [
  { path: 'key', name: 'key', type: 'VARCHAR' },
  { path: 'job', name: 'job', type: 'BIGINT' },
  { path: 'study', name: 'study', type: 'VARCHAR' },
  { path: 'status', name: 'status', type: 'VARCHAR' },
  { path: 'error', name: 'error', type: 'VARCHAR' },
  { path: 'duration_ms', name: 'duration_ms', type: 'DOUBLE' },
  { path: 'worker', name: 'worker', type: 'VARCHAR' },
  { path: 'code_version', name: 'code_version', type: 'VARCHAR' },
  { path: 'attempts', name: 'attempts', type: 'BIGINT' },
  { path: 'finished_at', name: 'finished_at', type: 'VARCHAR' },
  { path: 'run', name: 'run', type: 'BIGINT' },
  { path: 'input', name: 'input', type: 'VARCHAR' },
];

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}

function describeOpenError(path: string, error: unknown): SweepStoreError | unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (/lock/i.test(message))
    return new SweepStoreError(path, 'is in use by another process (a sweep still running?)');
  if (/not a valid DuckDB database|database file|Invalid Input|Serialization/i.test(message))
    return new SweepStoreError(path, `is not a sweep store (a DuckDB file): ${message.split('\n')[0]}`);
  if (/No such file|cannot open|Permission|Read-only/i.test(message))
    return new SweepStoreError(path, `cannot be opened (${message.split('\n')[0]})`);
  return error;
}

/**
 * Whether a file starts like a DuckDB database (the magic `DUCK` at byte 8). DuckDB itself would
 * open a JSON or CSV file as a read-only view, and a store's writes would then go nowhere.
 */
function isDuckDbFile(file: string): boolean {
  const header = Buffer.alloc(12);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, header, 0, 12, 0);
    return n === 0 || (n === 12 && header.toString('latin1', 8, 12) === 'DUCK');
  } finally {
    closeSync(fd);
  }
}

interface Pending {
  row: Map<string, unknown>;
  resolvers: ((taken: boolean) => void)[];
  rejecters: ((error: unknown) => void)[];
}

/**
 * Opens (creating it if needed) the result store of a sweep: a DuckDB file with the table `jobs`
 * (one row per job, primary key = the job key; fixed columns key, job, study, status, error,
 * duration_ms, worker, code_version, attempts, finished_at, run, input, then the flattened
 * `axis.*`, `in.*` and `out.*` columns, added and widened as results arrive), `runs`, `columns`
 * and `meta`. Rows are committed in batches (DuckDB appender into a staging table, then one
 * `INSERT OR REPLACE`); a done row is never replaced, so a job has exactly one row however many
 * times it ran. Only one process may open a store for writing (DuckDB's file lock).
 *
 * @param path - the store file (`.duckdb`)
 * @param options - read-only, batch interval and size
 * @returns the open store
 * @throws SweepStoreError when the file is in use, not a store, or cannot be opened
 * @example
 * const store = await openSweepStore('laws.duckdb');
 * store.counts(); // { done: 0, failed: 0 } for a new store
 * await store.close();
 */
export async function openSweepStore(path: string, options: OpenSweepStoreOptions = {}): Promise<SweepStore> {
  const file = resolve(path);
  const readOnly = options.readOnly ?? false;
  if (readOnly && !existsSync(file)) throw new SweepStoreError(path, 'does not exist');
  if (existsSync(file) && !isDuckDbFile(file))
    throw new SweepStoreError(path, 'is not a sweep store (not a DuckDB file): refusing to open it');
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  const flushRows = options.flushRows ?? 500;
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
    db = await instance.connect();
  } catch (error) {
    throw describeOpenError(path, error);
  }
  const read = async (sql: string, params?: readonly unknown[]) =>
    (await db.runAndReadAll(sql, params as never)).getRowObjectsJS().map((r) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) o[k] = plain(v);
      return o;
    });

  const tables = new Set(
    (await read('SELECT table_name FROM information_schema.tables')).map((r) => r.table_name),
  );
  let id: string;
  if (!tables.has('meta')) {
    if (readOnly) throw new SweepStoreError(path, 'is not a sweep store (no meta table)');
    id = randomUUID().replaceAll('-', '').slice(0, 16);
    await db.run('BEGIN');
    await db.run('CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
    await db.run(
      `INSERT INTO meta VALUES ('format', '${STORE_FORMAT}'), ('id', '${id}'), ('created', '${new Date().toISOString()}')`,
    );
    await db.run(
      'CREATE TABLE columns (position INTEGER PRIMARY KEY, path VARCHAR UNIQUE, name VARCHAR, type VARCHAR)',
    );
    await db.run(
      'CREATE TABLE runs (run INTEGER PRIMARY KEY, mode VARCHAR, spec VARCHAR, planned BIGINT, skipped BIGINT, started VARCHAR, finished VARCHAR, done BIGINT, failed BIGINT, stopped BOOLEAN)',
    );
    await db.run(
      `CREATE TABLE jobs (${FIXED.map((c, i) => `${quoteIdent(c.name)} ${c.type}${i === 0 ? ' PRIMARY KEY' : ''}`).join(', ')})`,
    );
    for (const [i, c] of FIXED.entries())
      await db.run('INSERT INTO columns VALUES ($1, $2, $3, $4)', [i, c.path, c.name, c.type]);
    await db.run('COMMIT');
  } else {
    const meta = new Map(
      (await read('SELECT key, value FROM meta')).map((r) => [r.key as string, r.value as string]),
    );
    if (meta.get('format') !== STORE_FORMAT)
      throw new SweepStoreError(
        path,
        `is not a sweep store of this version (format ${meta.get('format')}, expected ${STORE_FORMAT})`,
      );
    id = meta.get('id')!;
  }

  const columns: StoreColumn[] = (await read('SELECT path, name, type FROM columns ORDER BY position')).map(
    (r) => ({
      path: r.path as string,
      name: r.name as string,
      type: r.type as ColumnType,
    }),
  );
  const byPath = new Map(columns.map((c, i) => [c.path, i]));
  const statuses = new Map<string, JobStatus>();
  for (const r of await read('SELECT key, status FROM jobs'))
    statuses.set(r.key as string, r.status as JobStatus);
  let done = 0;
  let failed = 0;
  for (const s of statuses.values()) s === 'done' ? done++ : failed++;

  const buffer = new Map<string, Pending>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();
  let stageColumns = -1;
  let closed = false;
  let currentRun: number | null = null;

  const columnName = (path: string): string => {
    const taken = new Set(columns.map((c) => c.name.toLowerCase()));
    if (!taken.has(path.toLowerCase())) return path;
    for (let k = 2; ; k++) if (!taken.has(`${path}_${k}`.toLowerCase())) return `${path}_${k}`;
  };

  const toCells = (row: SweepRow): Map<string, unknown> => {
    const cells = new Map<string, unknown>([
      ['key', row.key],
      ['job', row.index],
      ['study', row.study],
      ['status', row.status],
      ['error', row.error],
      ['duration_ms', row.durationMs],
      ['worker', row.worker],
      ['code_version', row.codeVersion],
      ['attempts', row.attempts],
      ['finished_at', new Date().toISOString()],
      ['run', currentRun],
      ['input', canonicalJson(row.input)],
    ]);
    flatten('axis', row.axes, cells);
    flatten('in', row.input, cells);
    if (row.result !== null && row.result !== undefined) flatten('out', row.result, cells);
    return cells;
  };

  const append = (ap: DuckDBAppender, type: ColumnType, value: unknown): void => {
    if (value === null || value === undefined) ap.appendNull();
    else if (type === 'VARCHAR') ap.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
    else if (type === 'DOUBLE') ap.appendDouble(value as number);
    else if (type === 'BIGINT') ap.appendBigInt(BigInt(value as number));
    else ap.appendBoolean(value as boolean);
  };

  const writeBatch = async (batch: Pending[]): Promise<void> => {
    // New columns and widened types first (DDL), then the rows through a staging table.
    const wanted = new Map<string, ColumnType>();
    for (const p of batch)
      for (const [path, value] of p.row) {
        const t = typeOf(value);
        const i = byPath.get(path);
        const current = i === undefined ? wanted.get(path) : (wanted.get(path) ?? columns[i]!.type);
        if (t === null) {
          if (current === undefined) wanted.set(path, 'VARCHAR');
          continue;
        }
        wanted.set(path, current === undefined ? t : widen(current, t));
      }
    await db.run('BEGIN');
    try {
      for (const [path, type] of wanted) {
        const i = byPath.get(path);
        if (i === undefined) {
          const name = columnName(path);
          await db.run(`ALTER TABLE jobs ADD COLUMN ${quoteIdent(name)} ${type}`);
          await db.run('INSERT INTO columns VALUES ($1, $2, $3, $4)', [columns.length, path, name, type]);
          byPath.set(path, columns.length);
          columns.push({ path, name, type });
        } else if (columns[i]!.type !== type) {
          const c = columns[i]!;
          await db.run(`ALTER TABLE jobs ALTER COLUMN ${quoteIdent(c.name)} SET DATA TYPE ${type}`);
          await db.run('UPDATE columns SET type = $1 WHERE path = $2', [type, path]);
          columns[i] = { ...c, type };
          stageColumns = -1;
        }
      }
      if (stageColumns !== columns.length) {
        await db.run('CREATE OR REPLACE TEMP TABLE stage AS SELECT * FROM jobs LIMIT 0');
        stageColumns = columns.length;
      }
      const ap = await db.createAppender('stage');
      for (const p of batch) {
        for (const c of columns) append(ap, c.type, p.row.get(c.path));
        ap.endRow();
      }
      ap.closeSync();
      await db.run('INSERT OR REPLACE INTO jobs SELECT * FROM stage');
      await db.run('DELETE FROM stage');
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK').catch(() => {});
      stageColumns = -1;
      throw error;
    }
  };

  const flush = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const batch = [...buffer.values()];
    buffer.clear();
    const work = chain.then(async () => {
      if (batch.length === 0) return;
      try {
        await writeBatch(batch);
      } catch (error) {
        for (const p of batch) for (const r of p.rejecters) r(error);
        throw error;
      }
      for (const p of batch) for (const r of p.resolvers) r(true);
    });
    chain = work.catch(() => {});
    return work;
  };

  return {
    path: file,
    id,
    status: (key) => statuses.get(key),
    counts: () => ({ done, failed }),
    add(row) {
      if (closed) return Promise.reject(new SweepStoreError(path, 'is closed'));
      if (readOnly) return Promise.reject(new SweepStoreError(path, 'was opened read-only'));
      const before = statuses.get(row.key);
      if (before === 'done') return Promise.resolve(false);
      if (before === 'failed') failed--;
      statuses.set(row.key, row.status);
      row.status === 'done' ? done++ : failed++;
      const cells = toCells(row);
      return new Promise<boolean>((resolveAdd, rejectAdd) => {
        const pending = buffer.get(row.key);
        if (pending !== undefined) {
          pending.row = cells;
          pending.resolvers.push(resolveAdd);
          pending.rejecters.push(rejectAdd);
        } else buffer.set(row.key, { row: cells, resolvers: [resolveAdd], rejecters: [rejectAdd] });
        if (buffer.size >= flushRows) void flush().catch(() => {});
        else timer ??= setTimeout(() => void flush().catch(() => {}), flushIntervalMs);
      });
    },
    flush,
    async startRun(run) {
      await chain;
      const [{ next }] = (await read('SELECT coalesce(max(run), 0) + 1 AS next FROM runs')) as [
        { next: number },
      ];
      await db.run(
        'INSERT INTO runs (run, mode, spec, planned, skipped, started) VALUES ($1, $2, $3, $4, $5, $6)',
        [next, run.mode, run.spec, run.planned, run.skipped, new Date().toISOString()],
      );
      currentRun = next;
      return next;
    },
    async finishRun(run, outcome) {
      await flush();
      await db.run('UPDATE runs SET finished = $1, done = $2, failed = $3, stopped = $4 WHERE run = $5', [
        new Date().toISOString(),
        outcome.done,
        outcome.failed,
        outcome.stopped,
        run,
      ]);
    },
    async columns() {
      await chain;
      return columns.map((c) => ({ ...c }));
    },
    async query(sql, params) {
      await chain;
      return read(sql, params);
    },
    async close() {
      if (closed) return;
      await flush().catch(() => {});
      await chain;
      closed = true;
      db.closeSync();
      instance.closeSync();
    },
  };
}
