/** Formats a number for text output: integers as is, others with 4 significant digits. */
export function fmt(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** Formats a small number (errors, drifts) always in exponent notation. */
export function fmtE(x: number): string {
  return x === 0 ? '0' : x.toExponential(2);
}

/** Yes/no. */
export function yesNo(b: boolean | null): string {
  return b === null ? 'n/a' : b ? 'yes' : 'no';
}

/** Wraps text in an ANSI colour when `on`. */
export function paint(on: boolean, color: 'green' | 'red' | 'yellow' | 'bold' | 'dim', text: string): string {
  if (!on) return text;
  const code = { green: 32, red: 31, yellow: 33, bold: 1, dim: 2 }[color];
  return `\x1b[${code}m${text}\x1b[0m`;
}

/** Visible width of a string (ANSI escapes excluded, code points counted). */
function width(s: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

/** Renders rows as an aligned text table with a header rule. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, j) => Math.max(width(h), ...rows.map((r) => width(r[j] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => (j === cells.length - 1 ? c : c + ' '.repeat((widths[j] as number) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Renders label/value pairs aligned. */
export function keyValues(pairs: readonly (readonly [string, string])[]): string {
  const w = Math.max(...pairs.map(([k]) => width(k)));
  return pairs.map(([k, v]) => `${k}${' '.repeat(w - width(k))}  ${v}`).join('\n');
}
