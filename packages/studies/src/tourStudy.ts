import type { FigureSpec } from '@idyn/plot';
import inputSchema from '../schemas/tour.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/tour.schema.json' with { type: 'json' };
import { StudyInputError } from './StudyInputError.js';
import { defineStudy } from './internal/defineStudy.js';
import { type TourContext, type TourRow, tourChecks } from './internal/tourChecks.js';

/** Input of the `tour` study (schemas/tour.input.schema.json). */
export interface TourInput {
  /** 401 instead of 2001 Simpson points, depths L = 25, 50, 100. @default false */
  readonly quick?: boolean;
  /** Run only the rows whose id contains this text. @default undefined (every row) */
  readonly only?: string;
  /** Return the report's figures. @default false */
  readonly figures?: boolean;
}

/** One row of the tour: a reference value of MATH.md §5 or §7 recomputed. */
export interface TourResultRow {
  /** Stable identifier, e.g. `laws.two-layer.2-1-2`. */
  readonly id: string;
  /** `law counts`, `flows`, `neural ODE`, `path-norm`, `invariances` or `discrete steps`. */
  readonly group: string;
  /** What is checked. */
  readonly name: string;
  /** What was measured, as text. */
  readonly measured: string;
  /** The reference value of MATH.md §5 or §7, as text. */
  readonly reference: string;
  /** The pass criterion, as text. */
  readonly tolerance: string;
  /** Whether the row passes. */
  readonly pass: boolean;
  /** The main measured number (null when the check threw). */
  readonly value: number | null;
}

/** A figure of the tour's report: a plot spec of `@idyn/plot` with a title and a caption. */
export interface TourFigure {
  /** Heading of the figure. */
  readonly title: string;
  /** What the figure shows. */
  readonly caption: string;
  /** The plot (render with `renderSvg`). */
  readonly figure: FigureSpec;
}

/** Result of the `tour` study: the `idyn.tour/1` document (schemas/tour.schema.json). */
export interface TourResult {
  /** `idyn.tour/1`. */
  readonly schema: 'idyn.tour/1';
  /** `quick` or `full`. */
  readonly profile: 'quick' | 'full';
  /** One row per check, in the order of MATH.md §5, then §7. */
  readonly rows: readonly TourResultRow[];
  /** Rows that pass. */
  readonly passed: number;
  /** Rows that fail. */
  readonly failed: number;
  /** Rows in all. */
  readonly total: number;
  /** Wall time of the checks. */
  readonly seconds: number;
  /** Path of the report written by a front end (null from the study). */
  readonly report: string | null;
  /** The report's figures (with `figures`). */
  readonly figures?: readonly TourFigure[];
}

const ID_PREFIXES = 'laws., flows., criteria., metrics., ode., pathnorm., invariance., steps.';

/**
 * The `tour` study: recomputes every reference value of MATH.md §5 — law-count tables (blind
 * exact counts), linear and ReLU flows and metrics, kernel inclusion, the neural ODE and ResNet
 * convergence, path-norms against enumeration, invariances — and of §7 — the conv 1-D and
 * attention-head law counts, a residual block against the block without its skip, the
 * discrete-step identity — one row each with measured, reference, tolerance and pass. A check that
 * throws is a failed row with its message.
 *
 * @example
 * const r = await tourStudy.run({ quick: true });
 * // r.total 38, r.failed 0
 * @see MATH.md §5, §7
 */
export const tourStudy = defineStudy<TourInput, TourResult>({
  name: 'tour',
  summary:
    'reproduce every reference value of MATH.md §5 and §7: one pass/fail row per value, and the figures',
  inputSchema,
  resultSchema,
  units: (input) => tourChecks().filter((c) => input.only === undefined || c.id.includes(input.only)).length,
  describe: (input) =>
    `tour${input.quick ? ' --quick' : ''}${input.only === undefined ? '' : ` --only ${input.only}`}`,
  async compute(input, steps) {
    const start = performance.now();
    const only = input.only;
    const checks = tourChecks().filter((c) => only === undefined || c.id.includes(only));
    if (checks.length === 0)
      throw new StudyInputError('only', `{only} '${only}' matches no row (ids start with ${ID_PREFIXES})`, {
        study: 'tour',
        standalone: true,
      });
    const ctx: TourContext = { quick: input.quick === true, figures: [] };
    const rows: TourRow[] = [];
    for (const c of checks) {
      await steps.next(c.name);
      try {
        rows.push({ id: c.id, group: c.group, name: c.name, ...c.run(ctx) });
      } catch (error) {
        // A check that throws is a failed row, reported with its message, not a crash.
        rows.push({
          id: c.id,
          group: c.group,
          name: c.name,
          measured: `error: ${(error as Error).message.split('\n')[0]}`,
          reference: '',
          tolerance: '',
          pass: false,
          value: Number.NaN,
        });
      }
    }
    const failed = rows.filter((r) => !r.pass).length;
    return {
      schema: 'idyn.tour/1',
      profile: ctx.quick ? 'quick' : 'full',
      rows: rows.map((r) => ({ ...r, value: Number.isFinite(r.value) ? r.value : null })),
      passed: rows.length - failed,
      failed,
      total: rows.length,
      seconds: (performance.now() - start) / 1000,
      report: null,
      ...(input.figures ? { figures: ctx.figures } : {}),
    };
  },
});
