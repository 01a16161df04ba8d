import { createRng } from '@idyn/linalg';
import type { SweepAxis } from '../SweepSpec.js';
import { SweepSpecError } from '../SweepSpecError.js';

/** Number of values of a range, or a SweepSpecError (paths relative to the axis). */
function rangeCount(range: NonNullable<SweepAxis['range']>): number {
  const step = range.step ?? 1;
  if (step === 0) throw new SweepSpecError('range.step', 'must not be 0');
  // Every value start + i·step is on the start side of stop, computed as it will be produced (so
  // 0.1 to 0.4 by 0.1 gives 3 values even though (0.4 − 0.1) / 0.1 rounds above 3).
  let n = Math.ceil((range.stop - range.start) / step);
  while (
    n > 0 &&
    (step > 0 ? range.start + (n - 1) * step >= range.stop : range.start + (n - 1) * step <= range.stop)
  )
    n--;
  if (!(n > 0))
    throw new SweepSpecError(
      'range',
      `is empty: no value from ${range.start} towards ${range.stop} by steps of ${step} (stop is excluded)`,
    );
  if (!Number.isSafeInteger(n)) throw new SweepSpecError('range', `has too many values (${n})`);
  return n;
}

/**
 * Number of values of an axis (checks what the schema cannot: non-empty ranges, min < max).
 * @throws SweepSpecError with a path relative to the axis
 */
export function axisValueCount(axis: SweepAxis): number {
  if (axis.values !== undefined) return axis.values.length;
  if (axis.range !== undefined) return rangeCount(axis.range);
  if (axis.linspace !== undefined) return axis.linspace.count;
  if (axis.logspace !== undefined) return axis.logspace.count;
  const r = axis.random!;
  const pair = r.uniform ?? r.loguniform ?? r.integer;
  const kind = r.uniform ? 'uniform' : r.loguniform ? 'loguniform' : 'integer';
  if (pair !== undefined) {
    const [lo, hi] = pair;
    if (kind === 'integer' && (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo))
      throw new SweepSpecError(
        'random.integer',
        `must be integers [min, max] with min <= max, got [${lo}, ${hi}]`,
      );
    if (kind !== 'integer' && !(lo < hi))
      throw new SweepSpecError(`random.${kind}`, `needs min < max, got [${lo}, ${hi}]`);
    if (kind === 'loguniform' && !(lo > 0))
      throw new SweepSpecError('random.loguniform', `needs min > 0, got ${lo}`);
  }
  return r.count;
}

/**
 * The values of an axis, in order: the list, the range (start + i·step, not accumulated, so no
 * rounding drift), linspace, logspace, or `count` draws of `createRng(seed)` (@idyn/linalg).
 */
export function axisValues(axis: SweepAxis): unknown[] {
  const n = axisValueCount(axis);
  if (axis.values !== undefined) return [...axis.values];
  if (axis.range !== undefined) {
    const { start } = axis.range;
    const step = axis.range.step ?? 1;
    return Array.from({ length: n }, (_, i) => start + i * step);
  }
  if (axis.linspace !== undefined) {
    const { start, stop } = axis.linspace;
    return Array.from({ length: n }, (_, i) =>
      n === 1 ? start : i === n - 1 ? stop : start + ((stop - start) * i) / (n - 1),
    );
  }
  if (axis.logspace !== undefined) {
    const { start, stop } = axis.logspace;
    const a = Math.log(start);
    const b = Math.log(stop);
    return Array.from({ length: n }, (_, i) =>
      n === 1 ? start : i === 0 ? start : i === n - 1 ? stop : Math.exp(a + ((b - a) * i) / (n - 1)),
    );
  }
  const r = axis.random!;
  const rng = createRng(r.seed);
  return Array.from({ length: n }, () => {
    if (r.uniform) return r.uniform[0] + (r.uniform[1] - r.uniform[0]) * rng.uniform();
    if (r.loguniform) {
      const [lo, hi] = r.loguniform;
      return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.uniform());
    }
    if (r.integer) return rng.integer(r.integer[0], r.integer[1]);
    const choice = r.choice!;
    return choice[rng.integer(0, choice.length - 1)];
  });
}
