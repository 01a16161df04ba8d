import type { CostEstimate, Rational } from '@idyn/linalg';
import { BudgetError, rational, rationalDiv } from '@idyn/linalg';
import { Polynomial } from '../Polynomial.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;

/** A parsed sub-expression, as a polynomial over the final variables. */
type Value = Polynomial;

class ParseError extends SyntaxError {}

/**
 * Recursive-descent parser. Grammar (whitespace ignored):
 *   expr   := sign? term (('+' | '-') term)*
 *   term   := factor (('*' | '/') factor)*
 *   factor := ('+' | '-') factor | power
 *   power  := atom (('^' | '**') integer | superscript digits)?
 *   atom   := number | name | '(' expr ')'
 * '·' and '×' read as '*', '−' as '-'. Subscript digits in names read as digits.
 */
export function parse(
  text: string,
  variables: readonly string[] | undefined,
  limits: { maxDepth: number; maxTerms: number } = { maxDepth: 1000, maxTerms: 1_000_000 },
): { polynomial: Polynomial; variables: string[] } {
  const fn = 'parsePolynomial';
  const fail = (msg: string, pos: number): never => {
    throw new ParseError(`${fn}: ${msg} at column ${pos + 1} in ${excerpt(text, pos)}`);
  };
  const refuse = (option: 'maxDepth' | 'maxTerms', value: number, pos: number): never => {
    const estimate: CostEstimate = {
      task: 'parsePolynomial',
      action:
        option === 'maxDepth'
          ? `parsing a polynomial with brackets nested this deep (at column ${pos + 1})`
          : `expanding the polynomial (at column ${pos + 1})`,
      memoryBytes: option === 'maxTerms' ? 100 * value : 0,
      work: option === 'maxTerms' ? 100 * value : text.length,
      sizes: option === 'maxTerms' ? { terms: value } : { depth: value, length: text.length },
    };
    throw new BudgetError({
      option,
      quantity: option === 'maxDepth' ? 'nesting levels' : 'terms',
      value,
      limit: limits[option],
      estimate,
    });
  };
  let depth = 0;
  const enter = (p: number) => {
    if (++depth > limits.maxDepth) refuse('maxDepth', depth, p);
  };
  // Pass 1: names, in order, to fix nvars before building polynomials.
  const names: string[] = variables ? [...variables] : [];
  const byLength = variables ? [...variables].sort((a, b) => b.length - a.length) : [];
  let pos = 0;
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const readName = (): string | undefined => {
    for (const v of byLength)
      if (v.length > 0 && text.startsWith(v, pos)) {
        pos += v.length;
        return v;
      }
    if (pos < text.length && IDENT_START.test(text[pos]!)) {
      let s = '';
      while (pos < text.length && (IDENT_PART.test(text[pos]!) || SUB.includes(text[pos]!))) {
        const ch = text[pos]!;
        if (SUP.includes(ch)) break;
        const k = SUB.indexOf(ch);
        s += k >= 0 ? String(k) : ch;
        pos++;
      }
      return s;
    }
    return undefined;
  };

  interface Token {
    kind: 'num' | 'name' | 'op' | 'sup' | 'end';
    text: string;
    pos: number;
    value?: Rational;
  }
  const tokens: Token[] = [];
  const found = new Set<string>();
  for (;;) {
    skip();
    if (pos >= text.length) {
      tokens.push({ kind: 'end', text: 'end of input', pos });
      break;
    }
    const start = pos;
    const ch = text[pos]!;
    if (/[0-9.]/.test(ch)) {
      const m = /^(\d+)(?:\.(\d*))?|^\.(\d+)/.exec(text.slice(pos));
      if (m === null) fail(`unexpected '${ch}'`, pos);
      const lit = m![0];
      const intPart = m![1] ?? '0';
      const frac = m![2] ?? m![3] ?? '';
      pos += lit.length;
      tokens.push({
        kind: 'num',
        text: lit,
        pos: start,
        value: rational(BigInt(intPart + frac), 10n ** BigInt(frac.length)),
      });
      continue;
    }
    if (SUP.includes(ch)) {
      let s = '';
      while (pos < text.length && SUP.includes(text[pos]!)) s += String(SUP.indexOf(text[pos++]!));
      tokens.push({ kind: 'sup', text: s, pos: start });
      continue;
    }
    if (text.startsWith('**', pos)) {
      pos += 2;
      tokens.push({ kind: 'op', text: '^', pos: start });
      continue;
    }
    const op = ch === '·' || ch === '×' ? '*' : ch === '−' ? '-' : ch;
    if ('+-*/^()'.includes(op)) {
      pos++;
      tokens.push({ kind: 'op', text: op, pos: start });
      continue;
    }
    const name = readName();
    if (name === undefined) fail(`unexpected '${ch}'`, start);
    if (variables && !variables.includes(name!)) {
      fail(`unknown variable '${name}' (expected one of ${variables.join(', ')})`, start);
    }
    found.add(name!);
    tokens.push({ kind: 'name', text: name!, pos: start });
  }
  if (!variables) names.push(...[...found].sort(naturalCompare));
  const nvars = names.length;
  const index = new Map(names.map((n, i) => [n, i]));

  let at = 0;
  const peek = () => tokens[at]!;
  const describe = (t: Token) => (t.kind === 'end' ? 'end of input' : `'${t.text}'`);
  const isOp = (s: string) => peek().kind === 'op' && peek().text === s;

  const expr = (): Value => {
    let v = term();
    while (isOp('+') || isOp('-')) {
      const op = tokens[at++]!.text;
      const r = term();
      v = op === '+' ? v.add(r) : v.sub(r);
    }
    return v;
  };
  const term = (): Value => {
    let v = factor();
    while (isOp('*') || isOp('/')) {
      const t = tokens[at++]!;
      const startPos = peek().pos;
      const r = factor();
      if (t.text === '*') {
        if (v.size * r.size > limits.maxTerms) refuse('maxTerms', v.size * r.size, t.pos);
        v = v.mul(r);
      } else {
        if (r.degree > 0) fail('division by a non-constant expression', startPos);
        if (r.isZero) fail('division by zero', startPos);
        const c = r._data.coef[0]!;
        v = v.scale(rationalDiv(rational(1), c));
      }
    }
    return v;
  };
  const factor = (): Value => {
    // a run of signs is read without recursion: its parity decides
    let negate = false;
    while (isOp('-') || isOp('+')) {
      if (peek().text === '-') negate = !negate;
      at++;
    }
    const v = power();
    return negate ? v.neg() : v;
  };
  const power = (): Value => {
    const base = atom();
    if (isOp('^')) {
      at++;
      const t = peek();
      if (t.kind !== 'num' || !/^\d+$/.test(t.text))
        fail(`expected a non-negative integer exponent, got ${describe(t)}`, t.pos);
      at++;
      return raise(base, Number(t.text), t.pos);
    }
    if (peek().kind === 'sup') {
      const t = tokens[at++]!;
      return raise(base, Number(t.text), t.pos);
    }
    return base;
  };
  const raise = (b: Value, k: number, p: number): Value => {
    if (!Number.isSafeInteger(k) || k > 0xffff) fail(`exponent ${k} is too large`, p);
    if (b.size > 1 && k > 1) {
      // at most size^k products, and at most the monomials of degree <= k·deg in its variables
      const vars = new Set(b._data.vars).size;
      const bound = Math.min(b.size ** k, monomialsUpTo(vars, k * Math.max(b.degree, 0)));
      if (bound > limits.maxTerms) refuse('maxTerms', bound, p);
    }
    return b.pow(k);
  };
  const atom = (): Value => {
    const t = peek();
    if (t.kind === 'num') {
      at++;
      return Polynomial.constant(nvars, t.value!);
    }
    if (t.kind === 'name') {
      at++;
      return Polynomial.variable(nvars, index.get(t.text)!);
    }
    if (isOp('(')) {
      enter(t.pos);
      at++;
      const v = expr();
      if (!isOp(')')) fail(`expected ')' but found ${describe(peek())}`, peek().pos);
      at++;
      depth--;
      return v;
    }
    return fail(t.kind === 'end' ? 'unexpected end of input' : `unexpected ${describe(t)}`, t.pos);
  };

  if (tokens.length === 1) fail('empty expression', 0);
  const polynomial = expr();
  if (peek().kind !== 'end') fail(`unexpected ${describe(peek())}`, peek().pos);
  return { polynomial, variables: names };
}

/** Natural order: `x2 < x10`; digit runs compare numerically. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const c = Number(BigInt(x) - BigInt(y));
      if (c !== 0) return c < 0 ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

/** The text for a message: whole when short, else 60 characters around `pos` with ellipses. */
export function excerpt(text: string, pos: number): string {
  if (text.length <= 80) return JSON.stringify(text);
  const a = Math.max(0, pos - 30);
  const b = Math.min(text.length, pos + 30);
  return `${a > 0 ? '…' : ''}${JSON.stringify(text.slice(a, b))}${b < text.length ? '…' : ''} (${text.length} characters)`;
}

/** C(v + k, k): monomials of degree at most k in v variables (Infinity when huge). */
function monomialsUpTo(v: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k && Number.isFinite(r); i++) r = (r * (v + i)) / i;
  return r;
}
