// A strict, minimal XML well-formedness checker for the SVG the renderer emits (test-only).
// It accepts: elements with double- or single-quoted attributes, self-closing tags, text, comments,
// and the predefined/numeric entities. It rejects: unbalanced or mismatched tags, unquoted or
// duplicate attributes, raw '<' or '&' in text or attributes, unknown entities, text outside the
// root, and more than one root element.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function decode(raw: string, where: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '<') throw new Error(`raw '<' in ${where}`);
    if (c === '&') {
      const m = ENTITY.exec(raw.slice(i));
      if (!m) throw new Error(`bad entity in ${where}: ${raw.slice(i, i + 10)}`);
      const e = m[0];
      out +=
        e === '&amp;'
          ? '&'
          : e === '&lt;'
            ? '<'
            : e === '&gt;'
              ? '>'
              : e === '&quot;'
                ? '"'
                : e === '&apos;'
                  ? "'"
                  : String.fromCodePoint(
                      e[2] === 'x'
                        ? Number.parseInt(e.slice(3, -1), 16)
                        : Number.parseInt(e.slice(2, -1), 10),
                    );
      i += e.length - 1;
    } else out += c;
  }
  return out;
}

/** Parses `src`, throwing an Error describing the first well-formedness violation. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const skipWs = () => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < src.length) {
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
    } else if (src.startsWith('</', i)) {
      i += 2;
      const m = NAME.exec(src.slice(i));
      if (!m) throw new Error(`bad closing tag at ${i}`);
      i += m[0].length;
      skipWs();
      if (src[i] !== '>') throw new Error(`bad closing tag </${m[0]} at ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== m[0])
        throw new Error(`mismatched </${m[0]}>, open is <${open?.name ?? 'none'}>`);
    } else if (src[i] === '<') {
      i++;
      const m = NAME.exec(src.slice(i));
      if (!m) throw new Error(`bad tag name at ${i}`);
      i += m[0].length;
      const elm: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
      for (;;) {
        const before = i;
        skipWs();
        if (src.startsWith('/>', i)) {
          i += 2;
          break;
        }
        if (src[i] === '>') {
          i++;
          break;
        }
        if (i === before) throw new Error(`missing space before attribute in <${elm.name}> at ${i}`);
        const a = NAME.exec(src.slice(i));
        if (!a) throw new Error(`bad attribute name in <${elm.name}> at ${i}`);
        i += a[0].length;
        if (src[i] !== '=') throw new Error(`attribute ${a[0]} in <${elm.name}> has no '='`);
        i++;
        const q = src[i];
        if (q !== '"' && q !== "'") throw new Error(`attribute ${a[0]} in <${elm.name}> is not quoted`);
        const end = src.indexOf(q, i + 1);
        if (end < 0) throw new Error(`unterminated attribute ${a[0]} in <${elm.name}>`);
        if (a[0] in elm.attrs) throw new Error(`duplicate attribute ${a[0]} in <${elm.name}>`);
        elm.attrs[a[0]] = decode(src.slice(i + 1, end), `attribute ${a[0]} of <${elm.name}>`);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(elm);
      else if (root) throw new Error(`second root element <${elm.name}>`);
      else root = elm;
      if (src[i - 2] !== '/') stack.push(elm);
    } else {
      const end = src.indexOf('<', i);
      const raw = src.slice(i, end < 0 ? src.length : end);
      const parent = stack[stack.length - 1];
      if (!parent) {
        if (raw.trim() !== '') throw new Error(`text outside the root element: ${raw.slice(0, 20)}`);
      } else parent.text += decode(raw, `text of <${parent.name}>`);
      i = end < 0 ? src.length : end;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** All descendants (and the element itself) matching `pred`, in document order. */
export function findAll(e: XmlElement, pred: (x: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (x: XmlElement) => {
    if (pred(x)) out.push(x);
    for (const c of x.children) walk(c);
  };
  walk(e);
  return out;
}

/** Elements whose class attribute contains `cls` as a word. */
export function byClass(e: XmlElement, cls: string): XmlElement[] {
  return findAll(e, (x) => (x.attrs.class ?? '').split(/\s+/).includes(cls));
}
