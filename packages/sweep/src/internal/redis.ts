import { Redis } from 'ioredis';

/** The default BullMQ queue the coordinator fills and the workers take jobs from. */
export const DEFAULT_QUEUE_NAME = 'idyn-sweep';

/**
 * Checks a Redis URL: `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS).
 * @throws RangeError naming the option and the value
 */
export function checkRedisUrl(fn: string, url: unknown): string {
  if (typeof url !== 'string' || url.length === 0)
    throw new TypeError(`${fn}: options.connection must be a redis:// URL, got ${String(url)}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`${fn}: options.connection '${url}' is not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new RangeError(`${fn}: options.connection '${url}' must start with redis:// or rediss://`);
  if (parsed.hostname === '') throw new RangeError(`${fn}: options.connection '${url}' has no host`);
  return url;
}

/** Checks a BullMQ queue name (no `:`, which BullMQ uses in its keys). */
export function checkQueueName(fn: string, name: unknown): string {
  if (name === undefined) return DEFAULT_QUEUE_NAME;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name))
    throw new RangeError(
      `${fn}: options.queueName must be letters, digits, '_', '.' or '-', got ${String(name)}`,
    );
  return name;
}

/**
 * A Redis client for BullMQ: `maxRetriesPerRequest: null` (commands wait across reconnections,
 * as BullMQ requires), errors reported to `onError` instead of crashing the process.
 */
export function createRedis(url: string, onError: (error: Error) => void): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  client.on('error', onError);
  return client;
}

/**
 * Waits until the server answers PING, or fails after `timeoutMs` (a wrong address would otherwise
 * be retried for ever).
 * @throws RangeError `cannot reach Redis at URL within N s (last error)`
 */
export async function checkReachable(client: Redis, url: string, timeoutMs: number): Promise<void> {
  let last = '';
  const onError = (error: Error) => {
    last = error.message;
  };
  client.on('error', onError);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new RangeError(
                `cannot reach Redis at ${url} within ${timeoutMs / 1000} s${last === '' ? '' : ` (${last})`}`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    client.off('error', onError);
  }
}
