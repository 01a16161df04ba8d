import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from './index.js';

describe('@idyn/integrators', () => {
  it('exports its name', () => {
    expect(PACKAGE_NAME).toBe('@idyn/integrators');
  });
});
