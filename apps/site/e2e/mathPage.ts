/**
 * docs/MATH.md as a plain HTML page for the site (math.html): the text as written, in a readable
 * column, each section heading with an anchor `s<number>` (`## 4.` → `#s4`, `### 4.3` → `#s4-3`)
 * so that the pages' explanations link to their section. No Markdown renderer: the file is
 * written to be read as text.
 */
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML page of a MATH.md text. */
export function mathPage(markdown: string): string {
  const body = markdown
    .split('\n')
    .map((line) => {
      const m = /^(#{1,4})\s+(?:(\d+(?:\.\d+)*)\.?\s+)?(.*)$/.exec(line);
      if (m === null) return escapeHtml(line);
      const level = Math.min(4, m[1]!.length + 1);
      const id = m[2] ? ` id="s${m[2].replace(/\./g, '-')}"` : '';
      return `</pre><h${level}${id}>${escapeHtml(`${m[2] ? `${m[2]}. ` : ''}${m[3]}`)}</h${level}><pre>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>MATH.md · intrinsic-dynamics</title><style>body{font-family:system-ui,sans-serif;max-width:52em;margin:auto;padding:12px;color:#1d2330}pre{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:0.85rem}h2,h3,h4{margin:1.2em 0 0.3em}</style></head><body><p><a href="./">← back to the site</a></p><pre>${body}</pre></body></html>`;
}
