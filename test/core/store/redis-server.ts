/**
 * A real redis-server on a free loopback port for tests (Debian's package: `.ci/run` installs it).
 * Absent: the tests skip and say so loudly; with RECOPS_REQUIRE_REDIS=1 its absence fails them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { Redis } from 'ioredis';

export const REDIS_SERVER = process.env.RECOPS_REDIS_SERVER ?? '/usr/bin/redis-server';

/** null when redis-server can run here, else why not */
export function redisMissing(): string | null {
  const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const why = `${REDIS_SERVER} cannot run (${r.error?.message ?? r.stderr.trim()}): install Debian's redis-server (apt-get install -y redis-server)`;
    if (process.env.RECOPS_REQUIRE_REDIS === '1') throw new Error(`RECOPS_REQUIRE_REDIS=1 but ${why}`);
    process.stderr.write(`\n*** SKIPPED: the Redis tests need a real redis-server; ${why} ***\n\n`);
    return why;
  }
  return null;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

export class RedisProcess {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly dir: string,
    /** more redis-server arguments (e.g. --cluster-enabled yes) */
    private readonly extra: string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (loading dump.rdb from its folder when there is one) and waits until it answers. */
  async start(): Promise<void> {
    this.child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', ...this.extra], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not answer within 10 s`);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        probe.disconnect();
      }
    }
  }

  /** Writes its data to dump.rdb (so a restart keeps it), then kills it hard. */
  async kill(opts: { save: boolean }): Promise<void> {
    if (opts.save) {
      const c = new Redis(this.url);
      await c.save();
      c.disconnect();
    }
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

/** Runs `run` with the process's stderr silenced (publish and serve log their progress there). */
export async function quietStderr<T>(run: () => Promise<T>): Promise<T> {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await run();
  } finally {
    process.stderr.write = write;
  }
}
