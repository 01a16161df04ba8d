import type { Rational } from '@idyn/linalg';
import type { FormatStyle } from '../formatPolynomial.js';
import type { PolynomialTerm } from '../Polynomial.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A name the formatters may decorate: letters, then an index made of digits and underscores. */
const SIMPLE = /^([A-Za-z]+)([0-9][0-9_]*)?$/;

export const toSubscript = (s: string): string => s.replace(/[0-9]/g, (d) => SUB[Number(d)]!);
export const toSuperscript = (s: string): string => s.replace(/[0-9]/g, (d) => SUP[Number(d)]!);

function unicodeName(name: string): string {
  const m = SIMPLE.exec(name);
  return m === null ? name : m[1]! + toSubscript(m[2] ?? '');
}

function latexEscape(s: string): string {
  return s.replace(/[\\{}_^#$%&~]/g, (c) => (c === '\\' ? '\\backslash{}' : `\\${c}`)).replace(/→/g, '\\to ');
}

function latexName(name: string): string {
  const m = SIMPLE.exec(name);
  if (m === null) return `\\mathrm{${latexEscape(name)}}`;
  const base = m[1]!.length === 1 ? m[1]! : `\\mathrm{${m[1]}}`;
  const index = m[2];
  return index === undefined ? base : `${base}_{${index.split('_').filter(Boolean).join(',')}}`;
}

function coefficientText(abs: Rational, style: FormatStyle): string {
  if (abs.den === 1n) return abs.num.toString();
  return style === 'latex' ? `\\frac{${abs.num}}{${abs.den}}` : `${abs.num}/${abs.den}`;
}

/** Formats sparse terms (already in display order) with the given variable names. */
export function formatTerms(
  terms: readonly PolynomialTerm[],
  names: readonly string[],
  style: FormatStyle,
): string {
  const times = style === 'ascii' ? '*' : style === 'unicode' ? '·' : ' ';
  const minus = style === 'unicode' ? '−' : '-';
  const display = names.map(
    style === 'ascii' ? (n: string) => n : style === 'unicode' ? unicodeName : latexName,
  );
  const parts: string[] = [];
  terms.forEach((term, t) => {
    const c = term.coefficient;
    const neg = c.num < 0n;
    const abs: Rational = neg ? { num: -c.num, den: c.den } : c;
    const factors = term.variables.map((v, k) => {
      const e = term.exponents[k]!;
      const n = display[v]!;
      if (e === 1) return n;
      if (style === 'ascii') return `${n}^${e}`;
      if (style === 'unicode') return n + toSuperscript(String(e));
      return `${n}^{${e}}`;
    });
    const isOne = abs.num === 1n && abs.den === 1n;
    const cs = coefficientText(abs, style);
    const body = factors.length === 0 ? cs : isOne ? factors.join(times) : [cs, ...factors].join(times);
    parts.push(t === 0 ? (neg ? `${minus}${body}` : body) : `${neg ? minus : '+'} ${body}`);
  });
  return parts.length === 0 ? '0' : parts.join(' ');
}
