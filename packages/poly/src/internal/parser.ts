import type { Rational } from '@idyn/linalg';
import { rational, rationalDiv } from '@idyn/linalg';
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
): { polynomial: Polynomial; variables: string[] } {
  const fn = 'parsePolynomial';
  const fail = (msg: string, pos: number): never => {
    throw new ParseError(`${fn}: ${msg} at column ${pos + 1} in ${JSON.stringify(text)}`);
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
      if (t.text === '*') v = v.mul(r);
      else {
        if (r.degree > 0) fail('division by a non-constant expression', startPos);
        if (r.isZero) fail('division by zero', startPos);
        const c = r._data.coef[0]!;
        v = v.scale(rationalDiv(rational(1), c));
      }
    }
    return v;
  };
  const factor = (): Value => {
    if (isOp('-')) {
      at++;
      return factor().neg();
    }
    if (isOp('+')) {
      at++;
      return factor();
    }
    return power();
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
      at++;
      const v = expr();
      if (!isOp(')')) fail(`expected ')' but found ${describe(peek())}`, peek().pos);
      at++;
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
