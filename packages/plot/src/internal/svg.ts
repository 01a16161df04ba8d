// Minimal SVG string building. Every text and attribute value goes through escapeXml, so labels
// such as "a < b & c" can never break the document.

/** Escapes the five XML special characters and strips characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing characters XML forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** Rounds a coordinate to 2 decimals so output is compact and identical across platforms. */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export type Attrs = Record<string, string | number | undefined>;

function attrString(attrs: Attrs): string {
  let s = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    s += ` ${k}="${escapeXml(typeof v === 'number' ? num(v) : v)}"`;
  }
  return s;
}

/** An element with children (already-serialised strings). */
export function el(name: string, attrs: Attrs, children: readonly string[] = []): string {
  if (children.length === 0) return `<${name}${attrString(attrs)}/>`;
  return `<${name}${attrString(attrs)}>${children.join('')}</${name}>`;
}

/** A text element whose content is escaped. */
export function text(content: string, attrs: Attrs): string {
  return `<text${attrString(attrs)}>${escapeXml(content)}</text>`;
}

/** Approximate rendered width of a string (sans-serif average advance ~0.58 em). */
export function textWidth(content: string, fontSize: number): number {
  return content.length * fontSize * 0.58;
}
