/**
 * A short description of any value for an error message, without dumping large arrays: numbers,
 * booleans and bigints as written, strings quoted (cut after 40 characters), `null`,
 * `undefined (missing)` (an absent field is the usual cause),
 * `an array of length n`, `a Float64Array of length n`, `a function`, `a Matrix` (the class of
 * other objects) or `an object`. The one formatter of the `got …` part of every `@idyn` message.
 *
 * @param x - any value
 * @returns the description
 * @example
 * describeValue(3); // '3'
 * describeValue('rk9'); // '"rk9"'
 * describeValue([1, 2, 3]); // 'an array of length 3'
 * describeValue(new Float64Array(2)); // 'a Float64Array of length 2'
 * @see MATH.md §6 (numerical advice: errors name the argument and the value)
 */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(x);
    case 'undefined':
      return 'undefined (missing)';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      break;
  }
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) {
    const len = (x as unknown as { length?: unknown }).length;
    return typeof len === 'number' ? `a ${x.constructor.name} of length ${len}` : `a ${x.constructor.name}`;
  }
  const ctor = (x as object).constructor;
  return typeof ctor === 'function' && ctor !== Object && ctor.name ? `a ${ctor.name}` : 'an object';
}
