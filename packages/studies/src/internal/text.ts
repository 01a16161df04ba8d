/** Collapses a (possibly multi-line) message to one line. */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .join('; ')
    .replace(/:;/g, ':');
}

/** Formats a small number (errors, drifts) in exponent notation with 3 significant digits. */
export function fmtE(x: number): string {
  return x === 0 ? '0' : x.toExponential(2);
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `text` is a plain decimal number (no hex, no `Infinity`, no trailing garbage). */
export function isNumberText(text: string): boolean {
  return NUMBER_RE.test(text.trim());
}
