import { ticks as d3ticks } from 'd3-array';
import { formatTicks } from './format.js';

export interface Tick {
  value: number;
  label: string;
  /** Minor ticks get a short mark and no label. */
  minor: boolean;
}

/** Major ticks (labelled) and minor ticks of a linear axis over [lo, hi]. */
export function linearTicks(lo: number, hi: number, count: number): Tick[] {
  const values = d3ticks(lo, hi, count);
  const labels = formatTicks(values, false);
  return values.map((value, i) => ({ value, label: labels[i] as string, minor: false }));
}

/**
 * Ticks of a log axis over [lo, hi] (lo > 0): powers of ten (every k-th decade when there are many
 * decades), with unlabelled 2..9 minor ticks when few decades are shown, and labelled 2 and 5
 * multiples when the axis spans at most two decades.
 */
export function logTicks(lo: number, hi: number, count: number): Tick[] {
  const e0 = Math.ceil(Math.log10(lo) - 1e-9);
  const e1 = Math.floor(Math.log10(hi) + 1e-9);
  const decades = Math.log10(hi) - Math.log10(lo);
  const out: { value: number; minor: boolean }[] = [];
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  if (decades <= 2 + 1e-9) {
    // Few decades: label 1, 2, 5 multiples; minor marks at the other integers.
    for (let e = e0 - 1; e <= e1; e++) {
      for (let m = 1; m <= 9; m++) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (inside(v)) out.push({ value: v, minor: !(m === 1 || m === 2 || m === 5) });
      }
    }
  } else {
    const step = Math.max(1, Math.ceil((e1 - e0 + 1) / count));
    for (let e = e0; e <= e1; e++) {
      const major = (e - e0) % step === 0;
      out.push({ value: Number((10 ** e).toPrecision(12)), minor: !major });
      if (step === 1 && decades <= 6) {
        for (let m = 2; m <= 9; m++) {
          const v = Number((m * 10 ** e).toPrecision(12));
          if (inside(v)) out.push({ value: v, minor: true });
        }
      }
    }
    if (step === 1 && decades <= 6) {
      for (let m = 2; m <= 9; m++) {
        const v = Number((m * 10 ** (e0 - 1)).toPrecision(12));
        if (inside(v)) out.push({ value: v, minor: true });
      }
    }
  }
  out.sort((a, b) => a.value - b.value);
  const majors = out.filter((t) => !t.minor).map((t) => t.value);
  const labels = formatTicks(majors, true);
  let k = 0;
  return out.map((t) => ({ value: t.value, minor: t.minor, label: t.minor ? '' : (labels[k++] as string) }));
}
