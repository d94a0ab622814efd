/**
 * What a server facing the public needs around the routes: security headers (helmet), CORS only
 * for the origins named, API keys for the operator's routes, per-key / per-address rate limits,
 * compression, and ETag / Cache-Control from the build id (answers change only when a new
 * warehouse or model goes live, i.e. with a new app).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import compress from '@fastify/compress';
import { HttpError } from './errors.js';

export interface SecurityOptions {
  /** API keys; none: every route is open (and /health shows its details) */
  apiKeys?: string[];
  /** every route but the web app's files needs a key */
  requireKey?: boolean;
  /** origins whose pages may call the API from a browser ('*': any); none: CORS off */
  cors?: string[];
  /** requests per minute per API key (or per client address without one); 0: no limit */
  rateLimit?: number;
  /** br/gzip of JSON and text answers (default on; off when a proxy in front compresses) */
  compress?: boolean;
  /** the rate limiter's counts, made once by rateLimitCounts() and given to every app: a hot swap keeps them */
  rateLimitCounts?: RateLimitCounts;
}

/** The rate limiter's own in-memory store (@fastify/rate-limit's LocalStore), opaque here. */
export type RateLimitCounts = { readonly __rateLimitCounts: unique symbol };

/** Counts that outlive an app: the server makes one and hands it to each app it builds. */
export function rateLimitCounts(): RateLimitCounts {
  const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache: number) => object;
  return new LocalStore(false, false, 5000) as RateLimitCounts;
}

/** Routes whose answers are the operator's, not the public's: they need a key once keys exist. */
const OPERATOR_ROUTES = new Set(['/metrics', '/models/:pack']);
/** Answers read per request (uptime, counters, files beside the warehouse): no build-id ETag. */
const NOT_FROM_BUILD = new Set(['/health', '/metrics', '/models/:pack']);
const NO_STORE = new Set(['/health', '/metrics']);

export const MIN_KEY_LENGTH = 16;

/** Keys from RECOPS_API_KEYS (comma-separated) or a file (one a line, # comments); checked for length. */
export function parseApiKeys(text: string | undefined, where: string): string[] {
  const keys = (text ?? '')
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter((k) => k && !k.startsWith('#'));
  const short = keys.findIndex((k) => k.length < MIN_KEY_LENGTH);
  // the key itself is never printed, only its position
  if (short >= 0) throw new Error(`API key #${short + 1} in ${where} is ${keys[short].length} characters long; use keys of at least ${MIN_KEY_LENGTH} (e.g. \`openssl rand -hex 24\`)`);
  if (keys.some((k) => /\s/.test(k))) throw new Error(`an API key in ${where} contains white space; keys are separated by commas or new lines`);
  return keys;
}

/** Origins for --cors: scheme://host[:port], no path; '*' for any. */
export function parseOrigins(origins: string[]): string[] {
  const out: string[] = [];
  for (const raw of origins.flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean)) {
    if (raw === '*') {
      out.push(raw);
      continue;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`--cors: '${raw}' is not an origin; give scheme://host[:port], e.g. https://app.example.com or http://localhost:5173 (or '*' for any)`);
    }
    if (!/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || raw.endsWith('/')) {
      throw new Error(`--cors: '${raw}' is not an origin; give scheme://host[:port] without a path or a trailing slash, e.g. ${url.origin}`);
    }
    out.push(url.origin);
  }
  return out;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * A key check in constant time: the presented key's hash is compared with every configured
 * key's hash (timingSafeEqual needs equal lengths, which hashes have), all of them every time.
 * Returns a short id of the matching key (a hash prefix, for rate-limit buckets), or null.
 */
export function keyChecker(keys: string[]): (presented: string) => string | null {
  const hashes = keys.map(sha256);
  return (presented) => {
    const h = sha256(presented);
    let found = -1;
    for (let i = 0; i < hashes.length; i++) if (timingSafeEqual(h, hashes[i]) && found < 0) found = i;
    return found < 0 ? null : hashes[found].toString('hex').slice(0, 12);
  };
}

/** The key a request carries: `Authorization: Bearer KEY` or `x-api-key: KEY`; undefined: none. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    if (m) return m[1];
  }
  const header = request.headers['x-api-key'];
  return (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
}

type Access = { state: 'open' | 'none' | 'valid' | 'invalid'; keyId: string | null };
const ACCESS = Symbol('recops.access');
type WithAccess = FastifyRequest & { [ACCESS]?: Access };

/** Whether a request may see the operator's details (always, when no keys are configured). */
export function hasOperatorAccess(request: FastifyRequest): boolean {
  const access = (request as WithAccess)[ACCESS];
  return !access || access.state === 'open' || access.state === 'valid';
}

const isWebApp = (request: FastifyRequest) => (request.routeOptions.config as { webApp?: boolean } | undefined)?.webApp === true;

/** Content-Security-Policy of the web app (its own scripts, styles and API; no frames, no plugins). */
export const WEB_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** helmet's headers for a CSP: its middleware run once against a recorder. */
export function securityHeaders(csp: Record<string, string[]>): Record<string, string> {
  const options: HelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives: csp },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // the API may be served on several subdomains by others: only this host is pinned to HTTPS
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  };
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

let swaggerStyles: string[] | null = null;

/**
 * The inline <style> elements Swagger UI's scripts create (its logo, an SVG with its own
 * stylesheet), as CSP hashes: read once from the installed files, so an upgrade brings its own.
 */
export function swaggerUiStyleHashes(): string[] {
  if (swaggerStyles) return swaggerStyles;
  const hashes = new Set<string>();
  const dir = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)) {
      hashes.add(`'sha256-${createHash('sha256').update(JSON.parse(m[1]) as string).digest('base64')}'`);
    }
  }
  swaggerStyles = [...hashes];
  return swaggerStyles;
}

/**
 * Registers the plugins and hooks; call it before any route is added (they attach to routes as
 * they are declared). `buildId` is read per request: the app computes it while loading packs.
 */
export async function registerSecurity(app: FastifyInstance, opts: SecurityOptions, buildId: () => string): Promise<void> {
  const keys = opts.apiKeys ?? [];
  if (opts.requireKey && !keys.length) throw new Error('--require-key needs API keys: set RECOPS_API_KEYS=key1,key2 (or --api-keys-file FILE)');
  const checkKey = keys.length ? keyChecker(keys) : null;
  const access = (request: FastifyRequest): Access => {
    const r = request as WithAccess;
    if (r[ACCESS]) return r[ACCESS];
    let a: Access;
    if (!checkKey) a = { state: 'open', keyId: null };
    else {
      const presented = presentedKey(request);
      const keyId = presented === undefined ? null : checkKey(presented);
      a = { state: presented === undefined ? 'none' : keyId ? 'valid' : 'invalid', keyId };
    }
    r[ACCESS] = a;
    return a;
  };

  // the same headers on every answer, computed once: @fastify/helmet builds helmet's middleware
  // anew for each request, which cost more than the route itself (figures in the README)
  const webHeaders = securityHeaders(WEB_CSP);
  const docsHeaders = securityHeaders({ ...WEB_CSP, styleSrc: ["'self'", ...swaggerUiStyleHashes()] });
  app.addHook('onRequest', (request, reply, done) => {
    // the API docs page (Swagger UI): the web app's policy plus the hashes of its own inline styles
    const url = request.routeOptions.url ?? '';
    reply.headers(url === '/docs' || url.startsWith('/docs/') ? docsHeaders : webHeaders);
    done();
  });

  if (opts.cors?.length) {
    await app.register(cors, {
      origin: opts.cors.includes('*') ? '*' : opts.cors,
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-request-id', 'if-none-match'],
      exposedHeaders: ['x-request-id', 'etag', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      maxAge: 600,
      strictPreflight: true,
    });
  }

  if (opts.rateLimit) {
    const perMinute = opts.rateLimit;
    await app.register(rateLimit, {
      max: perMinute,
      timeWindow: 60_000,
      // a valid key has its own budget; everything else (no key, a wrong one) counts against the address
      keyGenerator: (request) => {
        const a = access(request);
        return a.state === 'valid' ? `key:${a.keyId}` : `ip:${clientNetwork(request.ip)}`;
      },
      allowList: (request) => isWebApp(request),
      // the plugin constructs its store: a constructor that returns the shared one
      ...(opts.rateLimitCounts ? { store: shared(opts.rateLimitCounts) } : {}),
      errorResponseBuilder: (_request, ctx) =>
        new HttpError(429, `too many requests: at most ${perMinute} a minute per API key (or per client address without one); retry in ${Math.ceil(ctx.ttl / 1000)} s (the retry-after header)`),
    });
  }

  if (opts.compress !== false) {
    await app.register(compress, { global: true, encodings: ['br', 'gzip', 'deflate'], threshold: 1024 });
  }

  const tagsOf = (id: string) => [`"${id}"`, `"${id}-br"`, `"${id}-gzip"`, `"${id}-deflate"`];

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'OPTIONS' || isWebApp(request)) return;
    const a = access(request);
    const route = request.routeOptions.url ?? '';
    if (a.state === 'invalid') throw new HttpError(403, 'the API key sent is not valid (keys are compared whole; a revoked key is refused too)');
    // /health stays open (status and version only without a key) so that health checks need none
    if (a.state === 'none' && ((opts.requireKey && route !== '/health') || OPERATOR_ROUTES.has(route))) {
      reply.header('www-authenticate', 'Bearer realm="recops"');
      throw new HttpError(401, `${opts.requireKey ? 'this server' : route} needs an API key: send it as \`Authorization: Bearer KEY\` or \`x-api-key: KEY\``);
    }
  };

  const fromBuild = (request: FastifyRequest) => !NOT_FROM_BUILD.has(request.routeOptions.url ?? '') && !isWebApp(request) && !request.url.startsWith('/docs/static/');

  // answers that have not changed since the client's copy: 304 before any work
  const revalidate = async (request: FastifyRequest, reply: FastifyReply) => {
    const inm = request.headers['if-none-match'];
    if (!inm || !fromBuild(request)) return;
    const current = tagsOf(buildId());
    const matched = inm
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .find((t) => t === '*' || current.includes(t));
    if (!matched) return;
    reply.code(304).header('etag', matched === '*' ? current[0] : matched).header('cache-control', cacheControl(request));
    if (opts.compress !== false) reply.header('vary', 'accept-encoding');
    return reply.send();
  };

  const cacheControl = (request: FastifyRequest) => {
    const route = request.routeOptions.url ?? '';
    if (NO_STORE.has(route)) return 'no-store';
    // with keys the answer is this client's: shared caches must not keep it
    return opts.requireKey || OPERATOR_ROUTES.has(route) ? 'private, no-cache' : 'no-cache';
  };

  const tag = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (isWebApp(request) || reply.hasHeader('cache-control') || reply.statusCode >= 400) return payload;
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
    reply.header('cache-control', cacheControl(request));
    if (reply.statusCode === 200 && fromBuild(request) && !reply.hasHeader('etag')) {
      const encoding = reply.getHeader('content-encoding');
      const id = buildId();
      reply.header('etag', encoding && encoding !== 'identity' ? `"${id}-${encoding}"` : `"${id}"`);
    }
    return payload;
  };

  // errors are never kept by a cache (a 429 or a 401 least of all); unknown paths included
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode >= 400 && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // route-level hooks, added after the rate limiter's and the compressor's: the limit is counted
  // before the key is checked (guessing keys costs requests), and the ETag names the encoding sent
  app.addHook('onRoute', (route: RouteOptions) => {
    route.onRequest = [...toArray(route.onRequest), guard, revalidate];
    route.onSend = [...toArray(route.onSend), tag];
  });
}

/**
 * The rate-limit bucket of an address: IPv4 as is, IPv6 by its /64 (one subscriber's network;
 * a client can take any address inside its own /64 at will).
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

function shared(counts: RateLimitCounts): new () => never {
  return function SharedCounts() {
    return counts;
  } as unknown as new () => never;
}

function toArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

/** For the not-found handler: the rate limit counts unknown paths too (a scan is requests). */
export function notFoundOptions(app: FastifyInstance): { preHandler?: ReturnType<FastifyInstance['rateLimit']> } {
  return typeof app.rateLimit === 'function' ? { preHandler: app.rateLimit() } : {};
}
