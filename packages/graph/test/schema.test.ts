import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../src/network.schema.json', import.meta.url), 'utf8'));

describe('network.schema.json', () => {
  it('is shipped as the ./schema.json subpath', () => {
    expect(pkg.exports['./schema.json']).toBe('./src/network.schema.json');
    expect(pkg.files).toContain('src');
  });

  it('states the same domains createNetwork enforces', () => {
    expect(schema.required).toEqual(['nodes', 'edges']);
    expect(schema.$defs.node.properties.kind.enum).toEqual(['input', 'hidden', 'output']);
    expect(schema.$defs.node.properties.activation.enum).toEqual(['relu', 'identity', 'maxpool']);
    expect(schema.$defs.id.pattern).toBe('^[A-Za-z_][A-Za-z0-9_]*$');
    expect(schema.properties.theta.items).toEqual({ type: 'number' });
  });
});
