import { createServer, type Server } from 'node:http';
import { statSync } from 'node:fs';
import { fullGc } from './gc.js';
import type { FastifyInstance } from 'fastify';
import { Registry, modelsDirFor } from '../registry/registry.js';
import { DEFAULT_HTTP_LIMITS, answerClientError, applyServerLimits, checkLimits, serverOptions, type HttpLimits } from './http-limits.js';

export interface LiveServerOptions {
  /** builds a ready-to-serve app from the current warehouses and live models */
  build: () => Promise<FastifyInstance>;
  /** warehouse files whose replacement (and whose registries' promotions) trigger a reload */
  dbs: string[];
  /** how often to look for a change, ms (0: never; `reload()` or SIGHUP still work) */
  pollMs?: number;
  /** the longest the previous app stays open for requests already inside it, ms (it closes as soon as they are answered) */
  drainMs?: number;
  log?: (message: string) => void;
  /** timeouts and the connection cap of the listening server (default DEFAULT_HTTP_LIMITS) */
  limits?: Partial<HttpLimits>;
}

/**
 * One HTTP server in front of a replaceable app: when a warehouse file is replaced or a model is
 * promoted (seen by polling their modification times, or on `reload()` / SIGHUP), a new app is
 * built beside the running one — warehouses reopened, live models loaded, answers prepared — and
 * only then swapped in, in one assignment. A request is handed whole to the app current when it
 * arrives, so none fails during a swap; the old app is closed as soon as the requests it holds
 * are answered (at most drainMs), and a few full collections follow so that its memory goes.
 * Memory holds both apps while the new one is built, then goes back to one app's (`npm run
 * bench:swap` measures the swap's time and memory; the README has the figures).
 */
export class LiveServer {
  readonly server: Server;
  private current!: FastifyInstance;
  private stamp = '';
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<boolean> | null = null;
  /** how many swaps happened (for tests and logs) */
  swaps = 0;
  /** requests each app is answering now */
  private readonly inFlight = new Map<FastifyInstance, number>();
  /** apps swapped out, each closed when its last request is answered */
  private readonly retiring = new Map<FastifyInstance, () => void>();

  private constructor(private readonly opts: LiveServerOptions) {
    const limits = { ...DEFAULT_HTTP_LIMITS, ...opts.limits };
    checkLimits(limits);
    this.server = createServer(serverOptions(limits), (req, res) => {
      const app = this.current;
      this.inFlight.set(app, (this.inFlight.get(app) ?? 0) + 1);
      res.once('close', () => {
        const left = this.inFlight.get(app)! - 1;
        this.inFlight.set(app, left);
        if (left === 0) this.retiring.get(app)?.();
      });
      app.server.emit('request', req, res);
    });
    applyServerLimits(this.server, limits, opts.log);
    // requests Node's parser refuses never reach an app: answered here in the apps' error shape
    this.server.on('clientError', answerClientError);
  }

  /** Closes a swapped-out app once it answers no request (or after drainMs, whichever first). */
  private retire(old: FastifyInstance): void {
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      this.retiring.delete(old);
      this.inFlight.delete(old);
      const since = Date.now() - swappedAt;
      void old.close().then(() => {
        this.opts.log?.(`the previous version is closed (${since} ms after the swap)`);
        collectAfterSwap();
      });
    };
    const swappedAt = Date.now();
    const timer = setTimeout(close, this.opts.drainMs ?? 30_000);
    timer.unref();
    this.retiring.set(old, close);
    if (!this.inFlight.get(old)) close();
  }

  static async start(opts: LiveServerOptions): Promise<LiveServer> {
    const live = new LiveServer(opts);
    live.stamp = live.readStamp();
    live.current = await opts.build();
    await live.current.ready();
    if (opts.pollMs) {
      live.timer = setInterval(() => {
        if (live.readStamp() !== live.stamp) void live.reload();
      }, opts.pollMs);
      live.timer.unref();
    }
    return live;
  }

  get app(): FastifyInstance {
    return this.current;
  }

  /** Modification times of the warehouses and their registries: a change means a reload. */
  private readStamp(): string {
    const mtime = (p: string) => {
      try {
        return statSync(p).mtimeMs;
      } catch {
        return 0;
      }
    };
    return this.opts.dbs.map((db) => `${mtime(db)}:${mtime(new Registry(modelsDirFor(db)).path)}`).join('|');
  }

  /** Builds a new app and swaps it in; false (and the old app kept) if the build fails. */
  reload(): Promise<boolean> {
    this.reloading ??= (async () => {
      const stamp = this.readStamp();
      const started = Date.now();
      try {
        const next = await this.opts.build();
        await next.ready();
        const old = this.current;
        this.current = next;
        this.stamp = stamp;
        this.swaps++;
        this.opts.log?.(`reloaded in ${((Date.now() - started) / 1000).toFixed(1)} s: new warehouse or model versions are live`);
        this.retire(old);
        return true;
      } catch (err) {
        this.stamp = stamp; // do not retry the same broken state every poll
        this.opts.log?.(`reload failed, still serving the previous version: ${(err as Error).message}`);
        return false;
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await new Promise<void>((done) => this.server.close(() => done()));
    await this.current.close();
  }
}

let collecting: NodeJS.Timeout | null = null;

/**
 * A few full collections in the seconds after a swap. A server that swapped is quiet again: it
 * allocates little, so V8 would not run a full collection for a long time and the previous app
 * (hundreds of MB at full scale) would stay in memory: a minute after a swap the heap was still
 * twice one app's (`npm run bench:swap`). V8 also keeps the hidden classes that optimised
 * code used alive for several full collections, so one is not enough: 6, spread over ~30 s.
 */
function collectAfterSwap(): void {
  if (collecting) clearTimeout(collecting);
  const delays = [500, 1000, 2000, 4000, 8000, 16000];
  const next = (i: number) => {
    collecting = i < delays.length ? setTimeout(() => (fullGc(), next(i + 1)), delays[i]) : null;
    collecting?.unref();
  };
  next(0);
}
