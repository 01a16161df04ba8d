import { describe, expect, it } from 'vitest';
import { integrate } from './integrate.js';
import type { OdeProblem } from './types.js';

const decay: OdeProblem = {
  dim: 1,
  rhs: (_t, y, dy) => {
    dy[0] = -y[0]!;
  },
};
const growth: OdeProblem = {
  dim: 1,
  rhs: (_t, y, dy) => {
    dy[0] = y[0]!;
  },
};
// y1' = y2, y2' = −y1: y(t) = (cos t, −sin t) from (1, 0).
const oscillator: OdeProblem = {
  dim: 2,
  rhs: (_t, y, dy) => {
    dy[0] = y[1]!;
    dy[1] = -y[0]!;
  },
};

describe('integrate (DOPRI5, adaptive)', () => {
  it('solves y′ = −y at rtol 1e-10 to within 1e-9 relative at the requested times (closed form e^{−t})', () => {
    const times = [0, 0.3, 1, 2.5, 5];
    const r = integrate(decay, [1], { times, rtol: 1e-10, atol: 1e-14 });
    expect(r.status).toBe('success');
    expect(Array.from(r.t)).toEqual(times);
    expect(r.y).toBeAllClose(
      times.map((t) => Math.exp(-t)),
      { rtol: 1e-9 },
    );
    expect(r.shape).toEqual([5, 1]);
  });

  it('follows the harmonic oscillator for 10 periods (closed form (cos t, −sin t))', () => {
    const T = 20 * Math.PI;
    const r = integrate(oscillator, [1, 0], { tEnd: T, rtol: 1e-11, atol: 1e-13 });
    expect(r.status).toBe('success');
    expect(r.yStop).toBeAllClose([Math.cos(T), -Math.sin(T)], { atol: 1e-8 });
  });

  it('dense output at off-grid times is as accurate as the steps (closed form)', () => {
    const times = Array.from({ length: 301 }, (_, i) => (i * 3) / 300);
    const r = integrate(oscillator, [1, 0], { times, rtol: 1e-9, atol: 1e-12 });
    const expected = times.flatMap((t) => [Math.cos(t), -Math.sin(t)]);
    expect(r.y).toBeAllClose(expected, { atol: 2e-8 });
    // Many more outputs than steps: the outputs really come from the continuous extension.
    expect(r.stats.accepted).toBeLessThan(100);
  });

  it('uses six evaluations per step thanks to FSAL (plus two for the initial step selection)', () => {
    const r = integrate(oscillator, [1, 0], { tEnd: 5, rtol: 1e-8 });
    expect(r.stats.nfev).toBe(6 * (r.stats.accepted + r.stats.rejected) + 2);
  });

  it('error scales with rtol: a 1000× smaller rtol gives ≥ 100× smaller error', () => {
    const err = (rtol: number) =>
      Math.abs(integrate(decay, [1], { tEnd: 4, rtol, atol: 0 }).yStop[0]! - Math.exp(-4));
    const e1 = err(1e-5);
    const e2 = err(1e-8);
    expect(e1).toBeLessThan(1e-4);
    expect(e2 * 100).toBeLessThan(e1);
  });

  it('rejects a too-large first step and still meets the tolerance (y′ = −50(y − cos t))', () => {
    const p: OdeProblem = {
      dim: 1,
      rhs: (t, y, dy) => {
        dy[0] = -50 * (y[0]! - Math.cos(t));
      },
    };
    const r = integrate(p, [0], { tEnd: 1, rtol: 1e-8, atol: 1e-10, initialStep: 0.5 });
    // Closed form: y = (2500 cos t + 50 sin t)/2501 − (2500/2501) e^{−50t}.
    const exact = (2500 * Math.cos(1) + 50 * Math.sin(1)) / 2501 - (2500 / 2501) * Math.exp(-50);
    expect(r.yStop[0]).toBeAllClose(exact, { rtol: 1e-7 });
    expect(r.stats.rejected).toBeGreaterThan(0);
  });

  it('calls the observer once per output time, in order', () => {
    const seen: number[] = [];
    integrate(decay, [1], { times: [0, 0.5, 1], observer: (t) => seen.push(t) });
    expect(seen).toEqual([0, 0.5, 1]);
  });
});

describe('integrate (fixed steps)', () => {
  const errAt = (method: 'euler' | 'heun' | 'rk4' | 'dopri5', h: number) =>
    Math.abs(integrate(decay, [1], { tEnd: 1, method, step: h }).yStop[0]! - Math.exp(-1));

  it.each([
    ['euler', 1],
    ['heun', 2],
    ['rk4', 4],
    ['dopri5', 5],
  ] as const)('%s has observed order %d on y′ = −y (halving h divides the error by 2^p)', (method, p) => {
    const h = method === 'dopri5' ? 0.1 : 0.02;
    const order = Math.log2(errAt(method, h) / errAt(method, h / 2));
    expect(order).toBeGreaterThan(p - 0.15);
    expect(order).toBeLessThan(p + 0.3);
  });

  it('takes exactly ceil(T/h) steps and lands on every output time', () => {
    const r = integrate(decay, [1], { times: [0, 0.25, 1], method: 'rk4', step: 0.1 });
    expect(Array.from(r.t)).toEqual([0, 0.25, 1]);
    // 0→0.25: 0.1, 0.1, 0.05; 0.25→1: 0.1 × 7, 0.05.
    expect(r.stats.accepted).toBe(11);
    expect(r.stats.nfev).toBe(4 * 11 + 1);
  });
});

describe('integrate: stops and events', () => {
  it('locates a user event y = 1/2 on y′ = −y at t = ln 2 (closed form)', () => {
    const r = integrate(decay, [1], {
      times: [0, 0.5, 1, 2],
      rtol: 1e-10,
      atol: 1e-12,
      events: [{ name: 'half', g: (_t, y) => y[0]! - 0.5 }],
    });
    expect(r.status).toBe('event');
    expect(r.tStop).toBeAllClose(Math.LN2, { rtol: 1e-9 });
    expect(r.events[0]?.name).toBe('half');
    expect(r.yStop[0]).toBeAllClose(0.5, { rtol: 1e-9 });
    expect(Array.from(r.t)).toEqual([0, 0.5]);
    expect(r.message).toContain('half');
  });

  it('records non-terminal events and respects direction (zeros of cos t on the oscillator)', () => {
    const r = integrate(oscillator, [1, 0], {
      tEnd: 10,
      rtol: 1e-10,
      atol: 1e-12,
      events: [
        { name: 'down', g: (_t, y) => y[0]!, terminal: false, direction: -1 },
        { name: 'any', g: (_t, y) => y[0]!, terminal: false },
      ],
    });
    expect(r.status).toBe('success');
    const down = r.events.filter((e) => e.name === 'down').map((e) => e.t);
    const any = r.events.filter((e) => e.name === 'any').map((e) => e.t);
    // cos t = 0 at π/2 + kπ; falling at π/2, 5π/2.
    expect(down).toBeAllClose([Math.PI / 2, (5 * Math.PI) / 2], { rtol: 1e-9 });
    expect(any).toBeAllClose(
      [0.5, 1.5, 2.5].map((k) => k * Math.PI),
      { rtol: 1e-9 },
    );
  });

  it('detects divergence of y′ = +y at the norm bound 10, at t = ln 10 (closed form)', () => {
    const r = integrate(growth, [1], { tEnd: 5, maxNorm: 10, rtol: 1e-10, atol: 1e-12 });
    expect(r.status).toBe('diverged');
    expect(r.tStop).toBeAllClose(Math.log(10), { rtol: 1e-9 });
    expect(r.message).toMatch(/diverged.*t = 2\.30/);
  });

  it('stops with status non-finite when the right-hand side returns NaN', () => {
    const p: OdeProblem = {
      dim: 1,
      rhs: (t, _y, dy) => {
        dy[0] = t > 0.5 ? Number.NaN : 1;
      },
    };
    for (const method of ['rk4', 'dopri5'] as const) {
      const r = integrate(p, [0], { tEnd: 1, method, step: 0.1 });
      expect(r.status).toBe('non-finite');
      expect(r.tStop).toBeLessThanOrEqual(0.5 + 1e-12);
      expect(r.yStop[0]).toBeAllClose(r.tStop, { atol: 1e-12 });
    }
    const ra = integrate(p, [0], { tEnd: 1 });
    expect(ra.status).toBe('non-finite');
  });

  it('stops after maxSteps with status max-steps', () => {
    const r = integrate(oscillator, [1, 0], { tEnd: 100, rtol: 1e-12, maxSteps: 10 });
    expect(r.status).toBe('max-steps');
    expect(r.stats.accepted + r.stats.rejected).toBe(10);
    expect(r.tStop).toBeLessThan(100);
  });

  it('reports step-too-small for a finite-time blow-up y′ = y² without a bound (y = 1/(1 − t))', () => {
    const p: OdeProblem = {
      dim: 1,
      rhs: (_t, y, dy) => {
        dy[0] = y[0]! ** 2;
      },
    };
    const r = integrate(p, [1], { tEnd: 2, rtol: 1e-8 });
    expect(['step-too-small', 'non-finite']).toContain(r.status);
    expect(r.tStop).toBeAllClose(1, { atol: 1e-3 });
  });
});

describe('integrate: validation', () => {
  it('names the argument and the value in its errors', () => {
    expect(() => integrate(decay, [1, 2], { tEnd: 1 })).toThrow(/y0 has length 2, expected problem.dim = 1/);
    expect(() => integrate(decay, [Number.NaN], { tEnd: 1 })).toThrow(/y0\[0\] must be finite, got NaN/);
    expect(() => integrate(decay, [1], {})).toThrow(TypeError);
    expect(() => integrate(decay, [1], { tEnd: 1, method: 'rk4' })).toThrow(/options.step is required/);
    expect(() => integrate(decay, [1], { tEnd: 1, rtol: -1 })).toThrow(/options.rtol .* got -1/);
    expect(() => integrate(decay, [1], { times: [0, 2, 1] })).toThrow(/nondecreasing/);
    expect(() => integrate(decay, [1], { tEnd: 1, method: 'rk5' as 'rk4' })).toThrow(
      /options.method .* got "rk5"/,
    );
    expect(() => integrate({ dim: 0, rhs: () => {} }, [], { tEnd: 1 })).toThrow(
      /problem.dim must be a positive integer, got 0/,
    );
    expect(() => integrate({ kind: 'linear', dim: 2, A: [1, 2, 3] }, [1, 1], { tEnd: 1 })).toThrow(
      /problem.A has length 3, expected dim² = 4/,
    );
  });
});

describe('integrate: batches and interpolation', () => {
  it('integrates a batched state [batch, dim] as one stacked ODE (closed form e^{−kt} per member)', () => {
    const rates = [1, 2, 3];
    const p: OdeProblem = {
      dim: 1,
      batch: 3,
      rhs: (_t, y, dy) => {
        for (let b = 0; b < 3; b++) dy[b] = -rates[b]! * y[b]!;
      },
    };
    const r = integrate(p, [1, 1, 1], { tEnd: 1, rtol: 1e-10, atol: 1e-12 });
    expect(r.shape).toEqual([2, 3]);
    expect(r.yStop).toBeAllClose(
      rates.map((k) => Math.exp(-k)),
      { rtol: 1e-8 },
    );
    expect(() => integrate(p, [1, 1], { tEnd: 1 })).toThrow(/y0 has length 2, expected dim × batch = 3/);
  });

  it('locates events inside fixed RK4 steps by cubic Hermite interpolation (error O(h⁴))', () => {
    // y = e^{−t} crosses 1/2 at ln 2; with h = 0.1 the interpolant is accurate to ~1e-6.
    const r = integrate(decay, [1], {
      tEnd: 2,
      method: 'rk4',
      step: 0.1,
      events: [{ g: (_t, y) => y[0]! - 0.5 }],
    });
    expect(r.status).toBe('event');
    expect(r.tStop).toBeAllClose(Math.LN2, { atol: 1e-5 });
  });

  it('starts at t0 before the first output time and rejects outputs before t0', () => {
    const r = integrate(decay, [1], { t0: 0, times: [1, 2], rtol: 1e-10, atol: 1e-12 });
    expect(Array.from(r.t)).toEqual([1, 2]);
    expect(r.y).toBeAllClose([Math.exp(-1), Math.exp(-2)], { rtol: 1e-9 });
    expect(() => integrate(decay, [1], { t0: 1, times: [0, 2] })).toThrow(
      /options.times\[0\] = 0 is before t0 = 1/,
    );
  });
});
