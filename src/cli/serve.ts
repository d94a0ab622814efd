import type { Command } from 'commander';
import { appForWarehouses } from '../core/server/serve.js';
import { LiveServer } from '../core/server/live.js';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { readFileSync } from 'node:fs';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from '../core/server/http-limits.js';
import { parseApiKeys, parseOrigins, rateLimitCounts, type SecurityOptions } from '../core/server/security.js';
import { parseStoreUrl } from '../core/store/store.js';
import { packOfWarehouse } from '../core/server/serve.js';
import { UsageError } from './usage.js';

export interface ServeOptions {
  db: string[];
  port: string;
  host: string;
  log?: boolean;
  poll?: string;
  /** commander: --no-web sets false, --web-dir sets the folder */
  web?: boolean;
  webDir?: string;
  cors?: string[];
  requireKey?: boolean;
  apiKeysFile?: string;
  rateLimit?: string;
  trustProxy?: string;
  /** commander: --no-compress sets false */
  compress?: boolean;
  requestTimeout?: string;
  headersTimeout?: string;
  keepAliveTimeout?: string;
  idleTimeout?: string;
  maxConnections?: string;
  /** a shared store (redis://HOST:PORT): the packs ported to it are answered from there */
  store?: string;
}

/** a value the core refused (an API key, an origin) is the caller's wrong usage: exit 2, like the flags' own checks */
function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
}

const seconds = (v: string | undefined, flag: string, fallbackMs: number): number => {
  if (v === undefined) return fallbackMs;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number of seconds > 0, got '${v}'`);
  return Math.round(n * 1000);
};

const count = (v: string | undefined, flag: string, fallback: number, min: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${v}'`);
  return n;
};

/** The limits, keys, CORS and rate limit a serve command asked for, checked before any warehouse is opened. */
export function serverSettings(opts: ServeOptions, env: NodeJS.ProcessEnv = process.env): { limits: HttpLimits; security: SecurityOptions; trustProxy: boolean | string } {
  const limits: HttpLimits = {
    requestTimeoutMs: seconds(opts.requestTimeout, '--request-timeout', DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    headersTimeoutMs: seconds(opts.headersTimeout, '--headers-timeout', DEFAULT_HTTP_LIMITS.headersTimeoutMs),
    keepAliveTimeoutMs: seconds(opts.keepAliveTimeout, '--keep-alive-timeout', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    idleTimeoutMs: seconds(opts.idleTimeout, '--idle-timeout', DEFAULT_HTTP_LIMITS.idleTimeoutMs),
    maxConnections: count(opts.maxConnections, '--max-connections', DEFAULT_HTTP_LIMITS.maxConnections, 1),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new UsageError(`--headers-timeout (${limits.headersTimeoutMs / 1000} s) must not exceed --request-timeout (${limits.requestTimeoutMs / 1000} s)`);
  const fromEnv = asUsage(() => parseApiKeys(env.RECOPS_API_KEYS, 'RECOPS_API_KEYS'));
  let fromFile: string[] = [];
  if (opts.apiKeysFile) {
    let text: string;
    try {
      text = readFileSync(opts.apiKeysFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--api-keys-file: cannot read ${opts.apiKeysFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give a file with one key a line`);
    }
    fromFile = asUsage(() => parseApiKeys(text, opts.apiKeysFile!));
    if (!fromFile.length) throw new UsageError(`--api-keys-file: ${opts.apiKeysFile} holds no key; one key a line (# starts a comment)`);
  }
  const apiKeys = [...new Set([...fromEnv, ...fromFile])];
  if (opts.requireKey && !apiKeys.length) throw new UsageError('--require-key needs API keys: set RECOPS_API_KEYS=key1,key2 or give --api-keys-file FILE');
  const rateLimit = count(opts.rateLimit, '--rate-limit', 0, 0);
  const tp = opts.trustProxy?.trim();
  // Fastify 5 ignores hop counts (it cannot tell a proxy from a client that forges hops): addresses only
  if (tp && /^\d+$/.test(tp)) throw new UsageError(`--trust-proxy: give the proxies' addresses, not a hop count: e.g. 10.0.0.2, 10.0.0.0/8, or uniquelocal (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, linklocal`);
  const trustProxy = !tp || tp === 'false' ? false : tp === 'true' ? true : tp;
  return { limits, security: { apiKeys, requireKey: opts.requireKey ?? false, cors: asUsage(() => parseOrigins(opts.cors ?? [])), rateLimit, compress: opts.compress !== false }, trustProxy };
}

/**
 * RECOPS_MEMORY_STEPS=1: the process's memory after each start step on stderr (bench:scale reads
 * it to say where a replica's memory goes).
 */
const memoryStep = (step: string) => {
  if (process.env.RECOPS_MEMORY_STEPS !== '1') return;
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1e6);
  log(`memory after ${step}: rss ${mb(m.rss)} MB, heap used ${mb(m.heapUsed)} MB of ${mb(m.heapTotal)}, external ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)})`);
};

/**
 * The Node flags a replica (`serve --store`) is meant to run with, in NODE_OPTIONS (docker-compose.yml
 * sets them; bench:scale starts its replicas with them). V8's young generation otherwise grows to
 * 16 MB a semi-space (32 MB resident) under the first load and keeps it; and with the old generation
 * capped at a size V8 treats as memory-constrained it collects before growing far past what is live
 * (a replica's live heap is a few tens of MB, so the cap is a ceiling, not a squeeze). README
 * "Scaling out" has the figures. They can only be given when Node starts, not set by the running process.
 */
export const REPLICA_NODE_OPTIONS = '--max-semi-space-size=2 --max-old-space-size=256';

/** whether this process was started with both generations of its heap sized (by the flags above, or the user's own) */
export function replicaHeapSized(execArgv: string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): boolean {
  const flags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  const given = (re: RegExp) => flags.some((flag) => re.test(flag));
  if (given(/^--(max-heap-size|max_heap_size)\b/)) return true;
  return given(/^--(max-semi-space-size|max_semi_space_size)\b/) && given(/^--(max-old-space-size|max_old_space_size)\b/);
}

export async function serve(opts: ServeOptions): Promise<void> {
  memoryStep('loading the code');
  if (opts.store && !replicaHeapSized()) log(`memory: a replica is much smaller started with NODE_OPTIONS='${REPLICA_NODE_OPTIONS}' (V8's heap otherwise grows well past what is live; README "Scaling out" has the figures)`);
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer 0-65535, got '${opts.port}'`);
  const pollSeconds = Number(opts.poll ?? '5');
  if (!(pollSeconds >= 0)) throw new UsageError(`--poll must be a number of seconds ≥ 0, got '${opts.poll}'`);
  const { limits, security, trustProxy } = serverSettings(opts);
  // one set of rate-limit counts for every app this server builds: a hot swap does not reset them
  if (security.rateLimit) security.rateLimitCounts = rateLimitCounts();
  const started = Date.now();
  const dbs = opts.db ?? [];
  let store: { serving: import('../core/store/redis.js').RedisServing; packs: typeof PACKS } | undefined;
  if (opts.store) {
    const url = parseStoreUrl(opts.store);
    const packs = PACKS.filter((p) => p.store);
    for (const db of dbs) {
      const pack = await packOfWarehouse(db, PACKS);
      if (pack.store) throw new UsageError(`${db} is a ${pack.name} warehouse, and ${pack.name} is served from the shared store with --store: drop this --db (publish it with \`recops publish ${pack.name} --db ${db} --store ${opts.store}\`)`);
      log(`${pack.name}: served in-process from ${db} (this pack is not yet served from a shared store)`);
    }
    // loaded only with --store: a server without one never loads the Redis client
    const { RedisServing, isClusterStore } = await import('../core/store/redis.js');
    const serving = new RedisServing(url, { log, cluster: (await isClusterStore(url)) ?? false });
    memoryStep('loading the Redis client');
    for (const p of packs) serving.add(p.name, p.store!);
    await serving.start();
    memoryStep('loading the live versions (what replicas keep local)');
    store = { serving, packs };
    for (const p of packs) log(`${p.name}: served from the shared store ${serving.shown} (${serving.versionOf(p.name) ?? 'nothing published yet: its routes answer 503 until a publish'})`);
  }
  const live = await LiveServer.start({
    build: () => appForWarehouses(dbs, PACKS, opts.log ?? true, opts.web === false ? false : opts.webDir, { security, trustProxy, store }),
    dbs,
    pollMs: pollSeconds * 1000,
    log,
    limits,
  });
  memoryStep('building the app (Fastify, OpenAPI, routes)');
  await new Promise<void>((resolve, reject) => {
    live.server.once('error', reject);
    live.server.listen(port, opts.host, () => resolve());
  });
  const a = live.server.address();
  const address = typeof a === 'string' ? a : `http://${a?.family === 'IPv6' ? `[${a.address}]` : a?.address}:${a?.port}`;
  log(`recops API listening on ${address} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s); web app: ${address}/ ; OpenAPI page: ${address}/docs`);
  log(`new warehouses and promoted models are picked up without a restart (checked every ${pollSeconds} s; SIGHUP: now)`);
  const guarded = security.apiKeys?.length ? `${security.apiKeys.length} API key(s); ${security.requireKey ? 'every route but the web app and /health needs one' : '/metrics, /models/* and /health details need one'}` : 'no API keys (RECOPS_API_KEYS): every route is open';
  log(`${guarded}; CORS ${security.cors?.length ? `for ${security.cors.join(', ')}` : 'off'}; rate limit ${security.rateLimit ? `${security.rateLimit}/min per key or address` : 'off'}; timeouts: headers ${limits.headersTimeoutMs / 1000} s, request ${limits.requestTimeoutMs / 1000} s, keep-alive ${limits.keepAliveTimeoutMs / 1000} s, idle ${limits.idleTimeoutMs / 1000} s; at most ${limits.maxConnections} connections`);
  process.on('SIGHUP', () => void live.reload());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: closing`);
      void live.close().then(async () => {
        await store?.serving.close();
        process.exit(0);
      });
    });
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the REST API (its OpenAPI page at /docs, the web app at /) over one or more warehouses, read-only')
    .option('--db <file...>', 'warehouse file(s); each is served under the pack that built it (env RECOPS_DB, comma-separated)', process.env.RECOPS_DB?.split(',').filter(Boolean))
    .option('--port <port>', 'TCP port (env PORT)', process.env.PORT ?? '8000')
    .option('--host <host>', 'interface to listen on (env HOST); the default is this machine only: 0.0.0.0 (the Docker image sets it) listens on every interface', process.env.HOST ?? '127.0.0.1')
    .option('--no-log', 'no request logs (by default: one JSON line per request on stdout, pino, with its x-request-id)')
    .option('--log', 'request logs on stdout (the default; kept for scripts that pass it)')
    .option('--web-dir <dir>', 'the built web app to serve at / (default: dist/web of this install, made by `npm run build`)')
    .option('--no-web', 'the API only: nothing served at /')
    .option('--poll <seconds>', 'how often to look for a replaced warehouse or a promoted model (0: only on SIGHUP)', '5')
    .option('--api-keys-file <file>', 'API keys, one a line (added to env RECOPS_API_KEYS=k1,k2; keys are never given as flags: ps shows them). With keys, /metrics and /models/* need one and /health shows only status and version without one', process.env.RECOPS_API_KEYS_FILE)
    .option('--require-key', 'every route needs a key, but the web app\'s own files and /health (status and version only); env RECOPS_REQUIRE_KEY=1', ['1', 'true'].includes(process.env.RECOPS_REQUIRE_KEY ?? ''))
    .option('--rate-limit <n>', 'requests per minute per API key, or per client address without one (0: no limit; env RECOPS_RATE_LIMIT); over it: 429 with retry-after', process.env.RECOPS_RATE_LIMIT)
    .option('--cors <origin...>', 'let pages on these origins call the API from a browser, e.g. https://app.example.com (\'*\': any; default: none; env RECOPS_CORS, comma-separated)', process.env.RECOPS_CORS?.split(',').filter(Boolean))
    .option('--trust-proxy <proxies>', "read the client address (for rate limits and logs) from x-forwarded-for when the peer is one of these proxies: addresses or CIDRs, comma-separated, or 'uniquelocal' (private networks), 'loopback', 'true' (any peer: only when nothing else can reach the server); env RECOPS_TRUST_PROXY; default: none", process.env.RECOPS_TRUST_PROXY)
    .option('--no-compress', 'no br/gzip of answers (when a proxy in front compresses)')
    .option('--store <url>', `answer the packs that can be served from a shared store (now: ${PACKS.filter((p) => p.store).map((p) => p.name).join(', ')}) from Redis, redis://HOST:PORT (a Cluster: redis://H1:P1,H2:P2,…), as published there by \`recops publish\`; other packs are served in-process from their --db (env RECOPS_STORE)`, process.env.RECOPS_STORE)
    .option('--request-timeout <s>', `seconds a client has to send a whole request (env RECOPS_REQUEST_TIMEOUT)`, process.env.RECOPS_REQUEST_TIMEOUT ?? String(DEFAULT_HTTP_LIMITS.requestTimeoutMs / 1000))
    .option('--headers-timeout <s>', `seconds a client has to send its headers; a slower one gets a 408 and is closed (env RECOPS_HEADERS_TIMEOUT)`, process.env.RECOPS_HEADERS_TIMEOUT ?? String(DEFAULT_HTTP_LIMITS.headersTimeoutMs / 1000))
    .option('--keep-alive-timeout <s>', `seconds an idle keep-alive connection stays open; keep it below the proxy's own (env RECOPS_KEEP_ALIVE_TIMEOUT)`, process.env.RECOPS_KEEP_ALIVE_TIMEOUT ?? String(DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs / 1000))
    .option('--idle-timeout <s>', `seconds a connection may pass with no traffic either way (env RECOPS_IDLE_TIMEOUT)`, process.env.RECOPS_IDLE_TIMEOUT ?? String(DEFAULT_HTTP_LIMITS.idleTimeoutMs / 1000))
    .option('--max-connections <n>', `open connections at most; more are closed at once (env RECOPS_MAX_CONNECTIONS)`, process.env.RECOPS_MAX_CONNECTIONS ?? String(DEFAULT_HTTP_LIMITS.maxConnections))
    .addHelpText(
      'after',
      `
Security: the server listens on 127.0.0.1 unless --host says otherwise. Every answer carries
security headers (CSP, x-frame-options, nosniff, referrer-policy). API keys come from the
environment (RECOPS_API_KEYS=k1,k2) or --api-keys-file, each at least 16 characters; a client
sends one as "Authorization: Bearer KEY" or "x-api-key: KEY" (401 without, 403 with a wrong one).
Answers are compressed (br/gzip) and carry an ETag that changes only when a new warehouse or
model goes live (If-None-Match: 304).

Examples:
  recops serve --db data/steam.duckdb
  HOST=0.0.0.0 RECOPS_API_KEYS=$(openssl rand -hex 24) recops serve --db data/steam.duckdb --rate-limit 600
  recops serve --db data/steam.duckdb --cors https://app.example.com --trust-proxy 10.0.0.2
  recops serve --store redis://127.0.0.1:6379 --port 8001   every published pack from Redis (a replica)

Shared store (--store): the server reads the published version's answers from Redis and
switches to a new one when \`recops publish\` announces it, without a restart. While Redis is
unreachable those routes answer 503 and /health says "degraded"; the server reconnects by
itself. Only ${PACKS.filter((p) => p.store).map((p) => p.name).join(', ')} can be served this way so far. A Redis Cluster is named by its seed nodes: --store redis://H1:P1,H2:P2,H3:P3.
Start replicas with NODE_OPTIONS='${REPLICA_NODE_OPTIONS}': much less memory each (docker-compose.yml does; README "Scaling out").`,
    )
    .action(async (opts: Partial<ServeOptions>) => {
      if (!opts.db?.length && !opts.store) throw new UsageError('no warehouse given: pass --db FILE (or set RECOPS_DB); build one with `recops ingest steam --from DIR --db FILE`');
      if (opts.store) asUsage(() => parseStoreUrl(opts.store!));
      // flags checked before the warehouses are opened (a mistake costs no start time)
      serverSettings(opts as ServeOptions);
      await serve(opts as ServeOptions);
    });
}
