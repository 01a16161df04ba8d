import { describe, expect, it } from 'vitest';
import { StudyInputError } from './StudyInputError.js';

describe('StudyInputError', () => {
  const cli = { field: (f: string) => (f === 'net' ? '<net>' : `--${f}`), study: 'idyn flow' };
  it('names the field and the value, or a part of a compound value', () => {
    const e = new StudyInputError('init', 'infeasible lambda', { value: 'relaxed:0.8', study: 'check' });
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("init 'relaxed:0.8': infeasible lambda");
    expect(e.render(cli)).toBe("--init 'relaxed:0.8': infeasible lambda");
    const p = new StudyInputError('init', "must be a number, got 'x'", { value: 'gaussian:x', part: 'seed' });
    expect(p.render(cli)).toBe("--init 'gaussian:x' seed must be a number, got 'x'");
  });
  it('references to other fields and to the study are worded by the front end', () => {
    const e = new StudyInputError('net', "{study} needs a network, got {net} 'poly:x'", {
      study: 'flow',
      standalone: true,
    });
    expect(e.message).toBe("the flow study needs a network, got net 'poly:x'");
    expect(e.render(cli)).toBe("idyn flow needs a network, got <net> 'poly:x'");
  });
  it('the front end may show its own text for the value (a file name), or none', () => {
    const e = new StudyInputError('theta', 'theta has length 3, expected D = 12', { value: [1, 2, 3] });
    expect(e.message).toBe('theta: theta has length 3, expected D = 12');
    expect(e.render({ ...cli, text: () => 'theta.json' })).toBe(
      "--theta 'theta.json': theta has length 3, expected D = 12",
    );
    expect(new StudyInputError('init', 'bad', { value: 'x' }).render({ text: () => null })).toBe('init: bad');
  });
});
