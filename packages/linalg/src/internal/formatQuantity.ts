/**
 * A number or bigint for a message: bytes in KiB/MiB/GiB/TiB, operations in exponent form
 * (3 significant digits), counts as exact integers below 1e16, other numbers to 6 digits.
 */
export function formatQuantity(x: number | bigint, unit: string): string {
  if (typeof x === 'bigint') {
    const s = x.toString();
    const text = s.length <= 24 ? s : `${s[0]}.${s.slice(1, 3)}e${s.length - 1}`;
    return unit ? `${text} ${unit}` : text;
  }
  if (unit === 'bytes') {
    if (!Number.isFinite(x)) return `${x} bytes`;
    const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
    let v = x;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    if (i === units.length - 1 && v >= 1024) return `${x.toExponential(2)} bytes`;
    return i === 0 ? `${Math.round(v)} bytes` : `${v.toPrecision(3)} ${units[i]}`;
  }
  const text = !Number.isFinite(x)
    ? String(x)
    : Number.isInteger(x) && Math.abs(x) < (unit === 'operations' ? 1e7 : 1e16)
      ? String(x)
      : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e7
        ? String(Number(x.toPrecision(6)))
        : x.toPrecision(3);
  return unit ? `${text} ${unit}` : text;
}
