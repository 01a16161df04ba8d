import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from './index.js';

describe('@idyn/poly', () => {
  it('exports its name and resolves @idyn/linalg from source', () => {
    expect(PACKAGE_NAME).toBe('@idyn/poly');
    expect(createRng(1).uniform()).toBeAllClose(createRng(1).uniform(), { rtol: 0, atol: 0 });
  });
});
