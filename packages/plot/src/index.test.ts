import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from './index.js';

describe('@idyn/plot', () => {
  it('exports its name', () => {
    expect(PACKAGE_NAME).toBe('@idyn/plot');
  });
});
