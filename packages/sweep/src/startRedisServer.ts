import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** The `redis-server` executable. @default 'redis-server' (Debian's package puts it on PATH) */
  readonly command?: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Data directory (the append-only file lives here); a fresh temporary one when absent. @default undefined */
  readonly dir?: string;
  /** How long to wait for the server to accept connections, in ms. @default 10000 */
  readonly startTimeoutMs?: number;
}

/** A running `redis-server` started by {@link startRedisServer}. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** The loopback port. */
  readonly port: number;
  /** The data directory (append-only file). */
  readonly dir: string;
  /** The server's process id. */
  pid(): number;
  /**
   * Stops the server (SIGTERM: Redis flushes the append-only file) and waits for it to exit.
   * @returns when the process has exited
   */
  stop(): Promise<void>;
  /**
   * Starts the server again on the same port and directory (it reloads its append-only file).
   * @returns when it accepts connections
   */
  restart(): Promise<void>;
  /**
   * Stops the server and removes the data directory when it was a temporary one.
   * @returns when done
   */
  close(): Promise<void>;
}

/**
 * A free TCP port on 127.0.0.1: the OS picks one for a listener that is closed at once.
 * @returns the port number (free when this returns; another process may take it later)
 * @example
 * const port = await freePort(); // e.g. 40213
 */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function launch(command: string, port: number, dir: string, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    command,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolveChild, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within ${timeoutMs} ms: ${log.slice(-400)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolveChild(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `cannot start '${command}' (${error.message}); install Debian's redis-server (apt-get install redis-server)`,
        ),
      );
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} before it was ready: ${log.slice(-400)}`));
    });
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => child.once('exit', () => resolveExit()));
}

/**
 * Starts a real `redis-server` (Debian's package) on a loopback port with the append-only file on,
 * for tests and benchmarks of the queue: never a mock. Stop it with `close()`.
 *
 * @param options - executable, port, data directory, start timeout
 * @returns the running server: `url`, `stop()`, `restart()`, `close()`
 * @throws Error when the executable is missing or the server does not become ready in time
 * @example
 * const redis = await startRedisServer();
 * redis.url; // 'redis://127.0.0.1:40213'
 * await redis.close();
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServer> {
  const command = options.command ?? 'redis-server';
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const port = options.port !== undefined && options.port !== 0 ? options.port : await freePort();
  const temporary = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'idyn-redis-'));
  let child: ChildProcess | null = await launch(command, port, dir, timeoutMs);
  const stop = async () => {
    const c = child;
    child = null;
    if (c === null) return;
    const exited = waitExit(c);
    c.kill('SIGTERM');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => child?.pid ?? -1,
    stop,
    async restart() {
      await stop();
      child = await launch(command, port, dir, timeoutMs);
    },
    async close() {
      await stop();
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}
