// Tick label formatting. Labels must stay short and unambiguous from 1e-12 to 1e12: exponent
// notation ("1e-12", "2.5e-7") outside [1e-3, 1e5), fixed notation with the tick step's decimals
// inside it.

function trimMantissa(m: number): string {
  // 4 significant digits are enough for tick mantissas; trailing zeros removed.
  return String(Number(m.toPrecision(4)));
}

/** Formats `v` in exponent notation: `1e-12`, `2.5e-7`, `-3e5`. */
export function formatExponent(v: number): string {
  if (v === 0) return '0';
  let e = Math.floor(Math.log10(Math.abs(v)));
  let m = v / 10 ** e;
  // Guard against log10 rounding (e.g. 1e-15 giving mantissa 9.9999).
  if (Math.abs(Number(m.toPrecision(4))) >= 10) {
    e += 1;
    m = v / 10 ** e;
  }
  return `${trimMantissa(m)}e${e}`;
}

/**
 * Formats a set of ticks consistently: all in exponent notation when the largest magnitude is
 * outside [1e-3, 1e5), else fixed with as many decimals as the step needs.
 */
export function formatTicks(ticks: readonly number[], log: boolean): string[] {
  const nonzero = ticks.filter((t) => t !== 0).map((t) => Math.abs(t));
  if (nonzero.length === 0) return ticks.map(() => '0');
  const maxAbs = Math.max(...nonzero);
  const minAbs = Math.min(...nonzero);
  const useExp = log ? minAbs < 1e-3 || maxAbs >= 1e5 : maxAbs < 1e-3 || maxAbs >= 1e5;
  if (useExp) return ticks.map(formatExponent);
  if (log) return ticks.map((t) => String(Number(t.toPrecision(6))));
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < ticks.length; i++) step = Math.min(step, Math.abs(ticks[i]! - ticks[i - 1]!));
  if (!Number.isFinite(step) || step === 0) step = maxAbs;
  const decimals = Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9)));
  return ticks.map((t) => {
    const s = t.toFixed(decimals);
    return Number(s) === 0 ? '0' : s;
  });
}

/** Formats a single value for annotations and legends (4 significant digits). */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return formatExponent(v);
  return String(Number(v.toPrecision(4)));
}
