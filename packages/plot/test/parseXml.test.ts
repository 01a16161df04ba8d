import { describe, expect, it } from 'vitest';
import { parseXml } from './parseXml.js';

describe('parseXml (the well-formedness checker used by the SVG tests)', () => {
  it('accepts a well-formed document and decodes entities', () => {
    const root = parseXml('<svg a="1" b=\'x &amp; y\'><g><text>a &lt; b &#955;</text></g><rect/></svg>');
    expect(root.name).toBe('svg');
    expect(root.attrs.b).toBe('x & y');
    expect(root.children[0]?.children[0]?.text).toBe('a < b λ');
    expect(root.children.length).toBe(2);
  });
  it.each([
    ['<svg><g></svg>', /mismatched/],
    ['<svg><g>', /unclosed/],
    ['<svg a=1/>', /not quoted/],
    ['<svg a="1" a="2"/>', /duplicate/],
    ['<svg><text>a & b</text></svg>', /bad entity/],
    ['<svg><text>a < b</text></svg>', /bad tag name/],
    ['<svg/><svg/>', /second root/],
    ['<svg a="x<y"/>', /raw '<'/],
    ['<svg a="1"b="2"/>', /missing space/],
  ])('rejects %s', (src, message) => {
    expect(() => parseXml(src)).toThrow(message);
  });
});
