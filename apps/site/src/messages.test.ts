import { BudgetError } from '@idyn/linalg';
import { lawsStudy } from '@idyn/studies';
import { describe, expect, it } from 'vitest';
import { errorLine, explainMessage, NETWORK_FORMS } from './messages.js';
import { readSpec } from './netEdit.js';

async function studyError(input: Parameters<typeof lawsStudy.run>[0]): Promise<unknown> {
  try {
    await lawsStudy.run(input);
  } catch (error) {
    return error;
  }
  throw new Error('expected the study to refuse');
}

describe('messages in the page language', () => {
  it('an unknown preset keeps its reason and lists every valid form (not "valid forms:" and nothing)', () => {
    const r = readSpec('relu:2-x');
    expect(r.spec).toBeNull();
    const e = explainMessage(r.error!);
    expect(e.text).toBe(
      'Unknown network "relu:2-x": width 1 "x" is not a positive integer. The page reads these forms:',
    );
    expect(e.forms).toEqual([...NETWORK_FORMS]);
    expect(e.forms!.some((f) => f.startsWith('conv2d:'))).toBe(true);
    expect(e.forms!.some((f) => f.startsWith('attention:'))).toBe(true);
  });

  it('drops function prefixes and option names of the packages', async () => {
    expect(errorLine(new RangeError('createNetwork: the graph has a cycle a → b → a'))).toBe(
      'The graph has a cycle a → b → a',
    );
    const budget = await studyError({ net: 'relu:3-4-4-3', formulas: true, degree: 4 });
    expect(budget).toBeInstanceOf(BudgetError);
    const line = errorLine(budget);
    expect(line).not.toMatch(/maxUnknowns|findLaws|options\./);
    expect(line).toMatch(/123410 unknown coefficients .*\(the formula solver's limit\)$/);
    const bad = await studyError({ net: '{"nodes":[{"id":{"a":1},"kind":"input"}],"edges":[]}' });
    expect(errorLine(bad)).toBe('Network: neuron 0.id must be a string, got an object');
  });

  it('names the lifting in words, not by its internal name', () => {
    expect(errorLine(new RangeError('pathLifting: path[7 nodes, 12 edges] has 3 laws'))).toBe(
      'The path-lifting (7 neurons, 12 edges) has 3 laws',
    );
  });
});
