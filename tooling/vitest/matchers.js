// Close-to matchers for numbers and typed arrays. On failure they print input index, actual,
// expected, the difference and the tolerance, so a numerical regression reads at a glance.
// A value passes when |actual - expected| <= atol + rtol * |expected| (numpy's allclose rule).
// NaN never passes; +-Infinity passes only when equal.

function toArray(x) {
  if (typeof x === 'number') return [x];
  if (ArrayBuffer.isView(x) || Array.isArray(x)) return Array.from(x);
  if (x && typeof x.to1DArray === 'function') return x.to1DArray();
  return null;
}

function shapeOf(x) {
  if (x && typeof x.rows === 'number' && typeof x.columns === 'number') return [x.rows, x.columns];
  if (ArrayBuffer.isView(x) || Array.isArray(x)) return [x.length];
  return [];
}

export function closeToReport(actual, expected, { rtol = 1e-9, atol = 1e-12 } = {}) {
  const a = toArray(actual);
  const e = toArray(expected);
  if (a === null)
    return { pass: false, message: `actual is not a number, array or matrix: ${String(actual)}` };
  if (e === null)
    return { pass: false, message: `expected is not a number, array or matrix: ${String(expected)}` };
  if (a.length !== e.length) {
    return {
      pass: false,
      message: `length mismatch: actual ${a.length} (shape ${shapeOf(actual)}), expected ${e.length} (shape ${shapeOf(expected)})`,
    };
  }
  let worst = -1;
  let worstRatio = 0;
  let failures = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    const ei = e[i];
    let ok;
    let ratio;
    if (Number.isNaN(ai) || Number.isNaN(ei)) {
      ok = false;
      ratio = Number.POSITIVE_INFINITY;
    } else if (!Number.isFinite(ei) || !Number.isFinite(ai)) {
      ok = ai === ei;
      ratio = ok ? 0 : Number.POSITIVE_INFINITY;
    } else {
      const tol = atol + rtol * Math.abs(ei);
      const diff = Math.abs(ai - ei);
      ok = diff <= tol;
      ratio = tol > 0 ? diff / tol : diff > 0 ? Number.POSITIVE_INFINITY : 0;
    }
    if (!ok) failures++;
    if (ratio > worstRatio || worst < 0) {
      worstRatio = ratio;
      worst = i;
    }
  }
  const i = worst;
  const detail =
    a.length === 0
      ? 'empty arrays'
      : `worst at index ${i}: actual ${a[i]}, expected ${e[i]}, |diff| ${Math.abs(a[i] - e[i])}, tolerance ${atol} + ${rtol}*|expected| = ${atol + rtol * Math.abs(e[i])}`;
  return {
    pass: failures === 0,
    message:
      failures === 0
        ? `expected values not to be close (rtol ${rtol}, atol ${atol}); ${detail}`
        : `${failures} of ${a.length} value(s) not close (rtol ${rtol}, atol ${atol}); ${detail}`,
  };
}

export const matchers = {
  /** expect(x).toBeAllClose(y, { rtol, atol }) for numbers, arrays, typed arrays, ml-matrix. */
  toBeAllClose(received, expected, tolerance) {
    const r = closeToReport(received, expected, tolerance);
    return { pass: r.pass, message: () => r.message, actual: received, expected };
  },
};
