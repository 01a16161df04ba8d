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

/** Splits text into lines of at most `max` visible characters, at spaces where possible. */
export function wrapCell(text: string, max: number): string[] {
  if (width(text) <= max) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (width(w) > max) {
      // A word longer than the column: hard break.
      if (line.length > 0) {
        lines.push(line);
        line = '';
      }
      lines.push([...w].slice(0, max).join(''));
      w = [...w].slice(max).join('');
    }
    if (line.length === 0) line = w;
    else if (width(line) + 1 + width(w) <= max) line = `${line} ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * Renders rows as an aligned text table with a header rule; cells wider than `maxWidths[j]` wrap
 * onto continuation lines.
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  maxWidths: readonly (number | undefined)[] = [],
): string {
  // Continuation lines of the first column are indented so that each row stays recognisable.
  const wrapped = rows.map((r) =>
    r.map((c, j) =>
      wrapCell(c, maxWidths[j] ?? Number.POSITIVE_INFINITY).map((l, k) => (j === 0 && k > 0 ? `  ${l}` : l)),
    ),
  );
  const widths = headers.map((h, j) =>
    Math.max(width(h), ...wrapped.flatMap((r) => (r[j] ?? ['']).map(width))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => (j === cells.length - 1 ? c : c + ' '.repeat(widths[j]! - width(c))))
      .join('  ')
      .trimEnd();
  const out = [line(headers), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of wrapped) {
    const height = Math.max(...r.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(r.map((c) => c[k] ?? '')));
  }
  return out.join('\n');
}

/** Renders label/value pairs aligned. */
export function keyValues(pairs: readonly (readonly [string, string])[]): string {
  const w = Math.max(...pairs.map(([k]) => width(k)));
  return pairs.map(([k, v]) => `${k}${' '.repeat(w - width(k))}  ${v}`).join('\n');
}
