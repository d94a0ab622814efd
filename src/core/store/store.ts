/**
 * Where a server reads the prepared answers of a pack served from a store: one version of
 * key → JSON values, read through `get`/`mget`. A request takes one `AnswerStore` (one version)
 * for its whole answer, so an answer never mixes two versions. Two implementations: `MemoryStore`
 * (a map in this process) and the Redis one (redis.ts), shared by every replica.
 */
import type { FastifyInstance } from 'fastify';
import type { Warehouse } from '../warehouse/warehouse.js';
import { HttpError } from '../server/errors.js';
import type { Suggests } from '../server/suggest.js';
import { NameList } from './names.js';

export interface AnswerStore {
  /** the version every read of this view comes from */
  readonly version: string;
  get<T>(key: string): Promise<T | undefined>;
  mget<T>(keys: string[]): Promise<(T | undefined)[]>;
  /** the names published as a NameList under `key`, for "did you mean" and autocomplete (none: an empty list) */
  names(key: string): Suggests;
}

const NO_NAMES: Suggests = { suggest: () => [] };

/** One version's answers in this process: plain values, no serialisation (name lists as their in-process suggesters). */
export class MemoryStore implements AnswerStore {
  constructor(
    private readonly values: Map<string, unknown>,
    readonly version = 'local',
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    return this.values.get(key) as T | undefined;
  }

  async mget<T>(keys: string[]): Promise<(T | undefined)[]> {
    return keys.map((k) => this.values.get(k) as T | undefined);
  }

  names(key: string): Suggests {
    const list = this.values.get(key);
    return list instanceof NameList ? list.suggester() : NO_NAMES;
  }
}

/** What a request of a store-served pack reads: the live version's answers and what is kept local for it. */
export interface StoreView<L> {
  answers: AnswerStore;
  local: L;
}

/**
 * The name list published under `key`, asked of the version each call reads (`view()`: the
 * request's): for routes registered once that find names, such as autocomplete. A 503 when the
 * store cannot answer, like any read of it.
 */
export function viewNames(view: () => StoreView<unknown>, key: string): Suggests {
  return { suggest: (q, n) => view().answers.names(key).suggest(q, n) };
}

/**
 * A pack that can be served from a store declares how its answers are prepared (at publish) and
 * how its routes read them (at serve). `local` is what a replica keeps in memory per version (a
 * few settings, models a request runs), built from the version's answers before the version goes
 * live; the names behind "did you mean" and autocomplete stay in the store (`answers.names`).
 */
export interface PackStore<L = unknown> {
  /** every answer a request may need, as key → JSON-able value or NameList, from a (read-only) warehouse */
  prepare(wh: Warehouse): Promise<Map<string, unknown>>;
  local(answers: AnswerStore): Promise<L>;
  /** `local` before any version is loaded (Redis unreachable at start): no names */
  emptyLocal(): L;
  /** registers the pack's routes; `view()` gives the live version (or throws a 503 HttpError) */
  routes(app: FastifyInstance, view: () => StoreView<L>, localNow: () => L): Promise<void>;
}

/** The answer when the store cannot serve: what is wrong and what to do. */
export function storeUnavailable(message: string): HttpError {
  return new HttpError(503, message, {});
}

/** The part of `/health` a store-served pack adds. */
export interface StoreHealth {
  url: string;
  reachable: boolean;
  /** per pack: the live version served, when it was published, the warehouse it came from */
  packs: Record<string, { version: string | null; publishedAt: string | null; db: string | null; builtAt: string | null; keys: number | null }>;
}

/**
 * Parses `--store`: a redis:// or rediss:// URL of one node, or a Redis Cluster's seed nodes
 * separated by commas (`redis://h1:p1,h2:p2,h3:p3`; credentials given once, on the first).
 */
export function parseStoreUrl(raw: string): URL[] {
  const s = raw.trim();
  const scheme = /^([a-z]+):\/\//i.exec(s)?.[1]?.toLowerCase();
  const parts = scheme ? s.slice(scheme.length + 3).split(',') : [s];
  const urls: URL[] = [];
  for (const [i, part] of parts.entries()) {
    let url: URL;
    try {
      if (!scheme) throw new Error('no scheme');
      url = new URL(`${scheme}://${part.trim()}`);
    } catch {
      throw new Error(`--store '${s.slice(0, 200)}' is not a URL; give redis://HOST:PORT (e.g. redis://127.0.0.1:6379), or a cluster's nodes as redis://H1:P1,H2:P2,H3:P3`);
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`--store '${s.slice(0, 200)}': only redis:// and rediss:// URLs are accepted, e.g. redis://127.0.0.1:6379`);
    if (!url.hostname) throw new Error(`--store '${s.slice(0, 200)}' names no host; e.g. redis://127.0.0.1:6379`);
    if (i > 0 && urls[0]) [url.username, url.password] = [urls[0].username, urls[0].password];
    urls.push(url);
  }
  return urls;
}

/** The URL(s) without the password, for logs and /health. */
export function shownUrl(urls: URL | URL[]): string {
  const list = Array.isArray(urls) ? urls : [urls];
  return list
    .map((url, i) => {
      const u = new URL(url.href);
      if (u.password) u.password = '***';
      const text = u.href.replace(/\/$/, '');
      return i === 0 ? text : text.replace(/^[a-z]+:\/\/([^@]*@)?/i, '');
    })
    .join(',');
}

/** What the server needs of a shared store (RedisServing): routes read through it, /health and the ETag ask it. */
export interface StoreServing {
  /** serves the pack from the store; calling it again for the same pack gives the same accessors */
  add<L>(pack: string, store: PackStore<L>): { view: () => StoreView<L>; local: () => L };
  /** the live versions, for the ETag; inside \`within\`, the versions this request reads */
  stamp(): string;
  health(): StoreHealth;
  /**
   * Runs \`next\` (the rest of one request) so that every \`view()\` of a pack inside it gives the
   * version the first one gave, and \`stamp()\` names those versions: an answer and its ETag come
   * from one version even when a publish lands in the middle of the request.
   */
  within?(next: () => void): void;
}

/**
 * The serving side over `MemoryStore`s: one process, versions switched by `publish`. Values are
 * kept as their JSON would be read back (as from Redis), so a pack's prepared answers can be
 * checked against its in-process routes without a Redis server.
 */
export class MemoryServing implements StoreServing {
  private readonly served = new Map<string, { store: PackStore<unknown>; answers: MemoryStore | null; local: unknown; accessors: { view: () => StoreView<unknown>; local: () => unknown } }>();
  private seq = 0;

  add<L>(pack: string, store: PackStore<L>): { view: () => StoreView<L>; local: () => L } {
    const known = this.served.get(pack);
    if (known) return known.accessors as { view: () => StoreView<L>; local: () => L };
    const s = {
      store: store as PackStore<unknown>,
      answers: null as MemoryStore | null,
      local: store.emptyLocal() as unknown,
      accessors: {
        view: () => {
          if (!s.answers) throw storeUnavailable(`nothing is published for ${pack} in this process`);
          return { answers: s.answers, local: s.local };
        },
        local: () => s.local,
      },
    };
    this.served.set(pack, s);
    return s.accessors as { view: () => StoreView<L>; local: () => L };
  }

  /** Makes `values` the live version of `pack` (added before). */
  async publish(pack: string, values: Map<string, unknown>): Promise<string> {
    const s = this.served.get(pack);
    if (!s) throw new Error(`pack '${pack}' is not served here`);
    const answers = new MemoryStore(new Map([...values].map(([k, v]) => [k, v instanceof NameList ? v : JSON.parse(JSON.stringify(v))])), `v${++this.seq}`);
    const local = await s.store.local(answers);
    [s.answers, s.local] = [answers, local];
    return answers.version;
  }

  stamp(): string {
    return [...this.served].map(([pack, s]) => `${pack}=${s.answers?.version ?? ''}`).join(',');
  }

  health(): StoreHealth {
    const packs: StoreHealth['packs'] = {};
    for (const [pack, s] of this.served) packs[pack] = { version: s.answers?.version ?? null, publishedAt: null, db: null, builtAt: null, keys: null };
    return { url: 'memory', reachable: true, packs };
  }
}
