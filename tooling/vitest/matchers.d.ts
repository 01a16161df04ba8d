import 'vitest';

export interface Tolerance {
  /** relative tolerance, default 1e-9 */
  rtol?: number;
  /** absolute tolerance, default 1e-12 */
  atol?: number;
}
export declare function closeToReport(
  actual: unknown,
  expected: unknown,
  tolerance?: Tolerance,
): { pass: boolean; message: string };

declare module 'vitest' {
  interface Matchers<T = any> {
    /**
     * Passes when every |actual - expected| <= atol + rtol * |expected| (defaults rtol 1e-9,
     * atol 1e-12). Works on numbers, arrays, typed arrays and ml-matrix matrices; NaN never passes.
     */
    toBeAllClose(expected: unknown, tolerance?: Tolerance): T;
  }
}
