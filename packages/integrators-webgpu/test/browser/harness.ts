// A small describe/it/expect for the in-browser tests: the conformance suite of
// @idyn/integrators/testing registers through it, and so do the WebGPU-specific tests. Tests run
// one after another; each result is logged to the console as a JSON line that run.mjs collects.

export interface TestResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

interface Registered {
  readonly name: string;
  readonly body: () => Promise<void> | void;
  readonly timeout: number;
}

const registered: Registered[] = [];
const prefix: string[] = [];

/** Groups tests under a name. */
export function describe(name: string, body: () => void): void {
  prefix.push(name);
  try {
    body();
  } finally {
    prefix.pop();
  }
}

/** Registers a test. */
export function it(name: string, body: () => Promise<void> | void, timeout = 120_000): void {
  registered.push({ name: [...prefix, name].join(' > '), body, timeout });
}

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v).slice(0, 200);
  } catch {
    return String(v);
  }
}

/** The matchers the suites use; a failed one throws with the actual and expected values. */
export function expect(actual: unknown, label = '') {
  const fail = (what: string, expected: unknown): never => {
    throw new Error(`${label ? `${label}: ` : ''}expected ${show(actual)} ${what} ${show(expected)}`);
  };
  return {
    toBe(expected: unknown) {
      if (!Object.is(actual, expected)) fail('to be', expected);
    },
    toEqual(expected: unknown) {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) fail('to equal', expected);
    },
    toBeLessThan(expected: number) {
      if (!((actual as number) < expected)) fail('to be <', expected);
    },
    toBeLessThanOrEqual(expected: number) {
      if (!((actual as number) <= expected)) fail('to be ≤', expected);
    },
    toBeGreaterThan(expected: number) {
      if (!((actual as number) > expected)) fail('to be >', expected);
    },
    toBeGreaterThanOrEqual(expected: number) {
      if (!((actual as number) >= expected)) fail('to be ≥', expected);
    },
    toContain(expected: string) {
      if (typeof actual !== 'string' || !actual.includes(expected)) fail('to contain', expected);
    },
    async toRejectWith(type: new (...a: never[]) => Error, fragment: string) {
      try {
        await (actual as () => Promise<unknown>)();
      } catch (e) {
        if (!(e instanceof type)) throw new Error(`${label}: threw ${String(e)}, expected a ${type.name}`);
        if (!(e as Error).message.includes(fragment)) {
          throw new Error(
            `${label}: message ${JSON.stringify((e as Error).message)} lacks ${JSON.stringify(fragment)}`,
          );
        }
        return;
      }
      throw new Error(
        `${label}: did not throw, expected a ${type.name} containing ${JSON.stringify(fragment)}`,
      );
    },
  };
}

/** Runs every registered test whose name contains `filter`, logging one JSON line per test. */
export async function runAll(filter = ''): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const t of registered.filter((r) => r.name.includes(filter))) {
    const t0 = performance.now();
    let error: string | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(t.body),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`timed out after ${t.timeout} ms`)), t.timeout),
        ),
      ]);
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    const r: TestResult = {
      name: t.name,
      ok: error === undefined,
      ms: performance.now() - t0,
      ...(error ? { error } : {}),
    };
    results.push(r);
    console.log(`@@result ${JSON.stringify(r)}`);
  }
  return results;
}
