/**
 * A deep copy of `value` as plain JSON: typed arrays become arrays, BigInts decimal strings. A
 * non-finite number is an error (JSON would print it as null and hide a bug).
 * @throws RangeError naming the path of a non-finite number
 */
export function toJson<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (ArrayBuffer.isView(v) && !(v instanceof DataView))
        return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === 'number' && !Number.isFinite(v))
        throw new RangeError(`JSON output: non-finite number ${v}${key === '' ? '' : ` in "${key}"`}`);
      return v;
    }),
  ) as T;
}
