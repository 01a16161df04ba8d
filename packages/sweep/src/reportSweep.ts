import { type FigureSpec, fitLogLogSlope, type Series } from '@idyn/plot';
import { quoteIdent, type StoreColumn, type SweepStore } from './openSweepStore.js';

/** Options of {@link reportSweep}. */
export interface ReportSweepOptions {
  /** Columns to group by (paths or names, e.g. `axis.width`). @default the axes with at most `maxGroups` values */
  readonly by?: readonly string[];
  /** Numeric result columns summarised and plotted (e.g. `out.laws`). @default every numeric `out.*` column that varies */
  readonly y?: readonly string[];
  /** Numeric columns plotted against (e.g. `axis.eta`). @default the numeric axes with 2 to 50 values */
  readonly x?: readonly string[];
  /** An axis with more values than this is not grouped by default. @default 20 */
  readonly maxGroups?: number;
  /** Bins of a histogram of a continuous column. @default 20 */
  readonly bins?: number;
  /** Largest number of y columns chosen by default. @default 8 */
  readonly maxColumns?: number;
}

/** Summary of one numeric column over a group of rows. */
export interface ColumnStats {
  /** Rows with a value. */
  readonly n: number;
  /** Mean. */
  readonly mean: number | null;
  /** Smallest value. */
  readonly min: number | null;
  /** Largest value. */
  readonly max: number | null;
}

/** One group of the summary table. */
export interface ReportGroup {
  /** The value of each group-by column. */
  readonly key: Readonly<Record<string, unknown>>;
  /** Rows in the group. */
  readonly rows: number;
  /** Failed rows in the group. */
  readonly failed: number;
  /** Statistics of each y column over the done rows. */
  readonly stats: Readonly<Record<string, ColumnStats>>;
}

/** A figure of the report. */
export interface ReportFigure {
  /** A file name without extension (`hist-out.maxDeviation`, `out.laws-vs-axis.width`). */
  readonly name: string;
  /** `histogram` of a column, or `xy`: the mean of y against x. */
  readonly kind: 'histogram' | 'xy';
  /** The x column (xy). */
  readonly x: string | null;
  /** The plotted column. */
  readonly y: string;
  /** Least-squares slope of log10 mean y against log10 x, when both are positive and the axes are logarithmic. */
  readonly slope: number | null;
  /** The figure (render with `renderSvg` of @idyn/plot). */
  readonly figure: FigureSpec;
}

/** Result of {@link reportSweep}: the document `idyn sweep report --json` prints (figures as file names). */
export interface SweepReport {
  /** Rows per status. */
  readonly jobs: { readonly done: number; readonly failed: number };
  /** The group-by columns. */
  readonly by: readonly string[];
  /** The summarised columns. */
  readonly y: readonly string[];
  /** The summary table. */
  readonly groups: readonly ReportGroup[];
  /** The most frequent error messages of failed rows, with counts. */
  readonly errors: readonly { readonly error: string; readonly count: number }[];
  /** The figures. */
  readonly figures: readonly ReportFigure[];
}

const NUMERIC = new Set(['BIGINT', 'DOUBLE']);

function slug(path: string): string {
  return path.replace(/[^A-Za-z0-9_.]+/g, '-');
}

function findColumn(columns: readonly StoreColumn[], text: string, option: string): StoreColumn {
  const c =
    columns.find((k) => k.path === text || k.name === text) ??
    columns.find((k) => k.path === `out.${text}` || k.path === `axis.${text}`);
  if (c === undefined)
    throw new RangeError(
      `reportSweep: options.${option} '${text}' is not a column of the store (columns: ${columns
        .filter((k) => k.path.includes('.'))
        .map((k) => k.path)
        .join(', ')})`,
    );
  return c;
}

/** Histogram bars: one per integer value when there are few, else equal bins (log10 when the values span > 2 decades). */
function histogram(
  values: number[],
  bins: number,
): { x: number[]; y: number[]; log: boolean; width: string } {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length <= 30 && distinct.every(Number.isInteger)) {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return { x: distinct, y: distinct.map((v) => counts.get(v)!), log: false, width: 'one bar per value' };
  }
  // Deviations and drifts span decades: log10 bins over the positive values when they are most of
  // them (exact zeros, e.g. a flow that was not compared, are counted in the title instead).
  const positive = values.filter((v) => v > 0);
  const pLo = positive.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const pHi = positive.reduce((a, b) => Math.max(a, b), 0);
  if (
    positive.length >= 0.9 * values.length &&
    positive.length > 1 &&
    pHi / pLo > 100 &&
    positive.length < values.length
  ) {
    const h = histogram(positive, bins);
    return { ...h, width: `${h.width}, ${values.length - positive.length} <= 0 left out` };
  }
  const lo = distinct[0]!;
  const hi = distinct[distinct.length - 1]!;
  const log = lo > 0 && hi / lo > 100;
  const f = log ? Math.log10 : (v: number) => v;
  const a = f(lo);
  const b = f(hi);
  const w = (b - a) / bins || 1;
  const y = new Array<number>(bins).fill(0);
  for (const v of values) y[Math.min(bins - 1, Math.floor((f(v) - a) / w))]!++;
  const x = y.map((_, i) => (log ? 10 ** (a + (i + 0.5) * w) : a + (i + 0.5) * w));
  return { x, y, log, width: `${bins} ${log ? 'log ' : ''}bins` };
}

/**
 * The report of a sweep store: a summary table (rows, failures and mean/min/max of each numeric
 * result column, grouped by the axes), the most frequent errors, and figures built with
 * `@idyn/plot` — a histogram of each result column (log-binned when it spans decades, e.g. a
 * deviation), and the mean of each result column against each numeric axis (log–log with the
 * fitted slope when both are positive and span a decade: drift against η, law count against width
 * on linear axes). Generic over the columns: it knows no study.
 *
 * @param store - an open store
 * @param options - group-by, x and y columns, limits
 * @returns the summary and the figures
 * @throws RangeError naming an option whose column is not in the store
 * @example
 * const report = await reportSweep(store, { by: ['axis.width'], y: ['out.laws'] });
 * report.groups[0]; // { key: { 'axis.width': 1 }, rows: 1, failed: 0, stats: { 'out.laws': { mean: 1, … } } }
 */
export async function reportSweep(store: SweepStore, options: ReportSweepOptions = {}): Promise<SweepReport> {
  const columns = await store.columns();
  const maxGroups = options.maxGroups ?? 20;
  const bins = options.bins ?? 20;
  const distinctCount = async (c: StoreColumn) =>
    ((
      await store.query(
        `SELECT count(DISTINCT ${quoteIdent(c.name)})::BIGINT AS n FROM jobs WHERE status = 'done'`,
      )
    )[0]!.n as number) ?? 0;
  const axes = columns.filter((c) => c.path.startsWith('axis.'));
  let by: StoreColumn[];
  if (options.by !== undefined) by = options.by.map((t) => findColumn(columns, t, 'by'));
  else {
    by = [];
    for (const c of axes) if ((await distinctCount(c)) <= maxGroups) by.push(c);
  }
  let y: StoreColumn[];
  if (options.y !== undefined) y = options.y.map((t) => findColumn(columns, t, 'y'));
  else {
    y = [];
    for (const c of columns)
      if (c.path.startsWith('out.') && NUMERIC.has(c.type) && (await distinctCount(c)) >= 2) y.push(c);
    y = y.slice(0, options.maxColumns ?? 8);
  }
  for (const c of y)
    if (!NUMERIC.has(c.type))
      throw new RangeError(`reportSweep: options.y '${c.path}' is not numeric (${c.type})`);
  let x: StoreColumn[];
  if (options.x !== undefined) x = options.x.map((t) => findColumn(columns, t, 'x'));
  else {
    x = [];
    // An axis of seeds (thousands of values) is no abscissa: at most 50 values by default.
    for (const c of axes) {
      const n = NUMERIC.has(c.type) ? await distinctCount(c) : 0;
      if (n >= 2 && n <= 50) x.push(c);
    }
  }
  for (const c of x)
    if (!NUMERIC.has(c.type))
      throw new RangeError(`reportSweep: options.x '${c.path}' is not numeric (${c.type})`);

  const [counts] = await store.query(
    `SELECT count(*) FILTER (WHERE status = 'done')::BIGINT AS done, count(*) FILTER (WHERE status = 'failed')::BIGINT AS failed FROM jobs`,
  );
  const q = (c: StoreColumn) => quoteIdent(c.name);
  const byList = by.map(q).join(', ');
  const stats = y
    .map(
      (c, i) =>
        `count(${q(c)}) FILTER (WHERE status = 'done') AS n${i}, avg(${q(c)}) FILTER (WHERE status = 'done') AS mean${i}, min(${q(c)}) FILTER (WHERE status = 'done') AS min${i}, max(${q(c)}) FILTER (WHERE status = 'done') AS max${i}`,
    )
    .join(', ');
  const rows = await store.query(
    `SELECT ${byList === '' ? '' : `${byList}, `}count(*)::BIGINT AS rows_, count(*) FILTER (WHERE status = 'failed')::BIGINT AS failed_${stats === '' ? '' : `, ${stats}`} FROM jobs${byList === '' ? '' : ` GROUP BY ${byList} ORDER BY ${byList}`}`,
  );
  const groups: ReportGroup[] = rows.map((r) => ({
    key: Object.fromEntries(by.map((c) => [c.path, r[c.name]])),
    rows: r.rows_ as number,
    failed: r.failed_ as number,
    stats: Object.fromEntries(
      y.map((c, i) => [
        c.path,
        {
          n: Number(r[`n${i}`]),
          mean: r[`mean${i}`] as number | null,
          min: r[`min${i}`] as number | null,
          max: r[`max${i}`] as number | null,
        },
      ]),
    ),
  }));
  const errors = (
    await store.query(
      `SELECT error, count(*)::BIGINT AS count FROM jobs WHERE status = 'failed' GROUP BY error ORDER BY count DESC, error LIMIT 5`,
    )
  ).map((r) => ({ error: r.error as string, count: r.count as number }));

  const figures: ReportFigure[] = [];
  for (const c of y) {
    const values = (
      await store.query(`SELECT ${q(c)} AS v FROM jobs WHERE status = 'done' AND ${q(c)} IS NOT NULL`)
    )
      .map((r) => Number(r.v))
      .filter(Number.isFinite);
    if (values.length === 0) continue;
    const h = histogram(values, bins);
    figures.push({
      name: `hist-${slug(c.path)}`,
      kind: 'histogram',
      x: null,
      y: c.path,
      slope: null,
      figure: {
        panels: [
          {
            kind: 'xy',
            title: `${c.path}: ${values.length} jobs, ${h.width}`,
            x: { label: c.path, ...(h.log ? { scale: 'log' as const } : {}) },
            y: { label: 'jobs' },
            series: [{ type: 'bar', x: h.x, y: h.y }],
            legend: 'none',
          },
        ],
      },
    });
  }
  // One line per value of another group-by axis with few values (law count against width, one
  // line per depth); otherwise the mean over everything with its min–max band.
  const hues = new Map<string, StoreColumn | null>();
  for (const xc of x) {
    let hue: StoreColumn | null = null;
    for (const b of by)
      if (b.path !== xc.path && (await distinctCount(b)) <= 8) {
        hue = b;
        break;
      }
    hues.set(xc.path, hue);
  }
  for (const xc of x)
    for (const c of y) {
      const hue = hues.get(xc.path) ?? null;
      const points = (
        await store.query(
          `SELECT ${q(xc)} AS x, ${hue === null ? 'NULL' : q(hue)} AS g, avg(${q(c)}) AS y, min(${q(c)}) AS lo, max(${q(c)}) AS hi FROM jobs WHERE status = 'done' AND ${q(c)} IS NOT NULL AND ${q(xc)} IS NOT NULL GROUP BY 1, 2 ORDER BY 2, 1`,
        )
      ).map((r) => ({ x: Number(r.x), g: r.g, y: Number(r.y), lo: Number(r.lo), hi: Number(r.hi) }));
      if (new Set(points.map((p) => p.x)).size < 2) continue;
      const groups = new Map<string, typeof points>();
      for (const p of points) {
        const k = p.g === null ? '' : String(p.g);
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      const positive = points.every((p) => p.x > 0 && p.lo > 0);
      const spans = (v: number[]) => Math.max(...v) / Math.min(...v) >= 10;
      const logLog = positive && spans(points.map((p) => p.x)) && spans(points.map((p) => p.y));
      // The slope over all points of the means (every group together).
      const slope = logLog
        ? fitLogLogSlope(
            points.map((p) => p.x),
            points.map((p) => p.y),
          ).slope
        : null;
      const series: Series[] = [];
      let k = 0;
      for (const [g, ps] of groups) {
        const px = ps.map((p) => p.x);
        const name = hue === null ? 'mean' : `${hue.path} = ${g}`;
        if (ps.some((p) => p.lo !== p.hi))
          series.push({
            type: 'band',
            x: px,
            lower: ps.map((p) => p.lo),
            upper: ps.map((p) => p.hi),
            colorIndex: k,
            ...(hue === null ? { label: 'min–max' } : {}),
          });
        const groupSlope =
          logLog && ps.length >= 2 && hue !== null
            ? fitLogLogSlope(
                px,
                ps.map((p) => p.y),
              ).slope
            : null;
        series.push({
          type: 'line',
          x: px,
          y: ps.map((p) => p.y),
          marker: 'circle',
          colorIndex: k,
          label:
            groupSlope !== null
              ? `${name} (fitted slope ${groupSlope.toFixed(3)})`
              : slope !== null && hue === null
                ? `${name} (fitted slope ${slope.toFixed(3)})`
                : name,
        });
        k++;
      }
      figures.push({
        name: `${slug(c.path)}-vs-${slug(xc.path)}`,
        kind: 'xy',
        x: xc.path,
        y: c.path,
        slope,
        figure: {
          panels: [
            {
              kind: 'xy',
              title: `${c.path} against ${xc.path}${hue === null ? '' : ` by ${hue.path}`}`,
              x: { label: xc.path, ...(logLog ? { scale: 'log' as const } : {}) },
              y: { label: c.path, ...(logLog ? { scale: 'log' as const } : {}) },
              series,
            },
          ],
        },
      });
    }
  return {
    jobs: { done: counts!.done as number, failed: counts!.failed as number },
    by: by.map((c) => c.path),
    y: y.map((c) => c.path),
    groups,
    errors,
    figures,
  };
}
