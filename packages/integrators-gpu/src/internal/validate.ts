/** Formats a value for an error message without dumping large arrays. */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    return `array of length ${(value as ArrayLike<unknown>).length}`;
  }
  if (typeof value === 'function') return 'a function';
  return typeof value;
}

export function isArrayLikeNumbers(value: unknown): value is ArrayLike<number> {
  return (ArrayBuffer.isView(value) && !(value instanceof DataView)) || Array.isArray(value);
}

export function assertPositiveInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: ${name} must be a positive integer, got ${show(value)}`);
  }
  return value;
}

export function assertPositiveFinite(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}

export function assertFiniteNumber(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${show(value)}`);
  }
  return value;
}

/** Copies an array of numbers into a Float64Array, checking length and finiteness. */
export function finiteVector(
  fn: string,
  name: string,
  value: unknown,
  expectedLength?: number,
  expectedWhat?: string,
): Float64Array {
  if (!isArrayLikeNumbers(value)) {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${show(value)}`);
  }
  if (expectedLength !== undefined && value.length !== expectedLength) {
    throw new RangeError(
      `${fn}: ${name} has length ${value.length}, expected ${expectedWhat ? `${expectedWhat} = ` : ''}${expectedLength}`,
    );
  }
  const out = Float64Array.from(value);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${value[i]}`);
    }
  }
  return out;
}
