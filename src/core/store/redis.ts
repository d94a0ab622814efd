/**
 * The pack answers in Redis. Keys of one pack live under `recops:{pack}:`:
 *   live                 the live version (the one pointer a publish flips), also the pub/sub channel
 *   seq                  the last version number handed out
 *   versions             sorted set of every version written (partial ones included), by number
 *   {version}:meta       what was published (warehouse, build time, key count), written last
 *   {version}:k:{key}    one answer, JSON
 * A publish writes a whole new version, then flips `live` and announces it; a replica reads the
 * pointer, builds what it keeps local for that version, then switches in one assignment.
 * In a Redis Cluster the answers of a version spread over every slot (each key on its own): a
 * request reads one or two keys, and reads of several keys go out as single GETs.
 */

/** A single Redis or a Cluster: the commands used here exist on both. */
export type StoreClient = Redis | Cluster;
const cmd = (c: StoreClient) => c as Redis;
const isCluster = (c: StoreClient): c is Cluster => c instanceof Cluster;
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { fullGc } from '../server/gc.js';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { HttpError } from '../server/errors.js';
import { shownUrl, storeUnavailable, type AnswerStore, type PackStore, type StoreHealth, type StoreServing, type StoreView } from './store.js';
import { NameList, StoreNames, listBase, nameWrites, type NamesClient } from './names.js';
import type { Suggests } from '../server/suggest.js';

export const keyPrefix = (pack: string) => `recops:${pack}`;
export const liveKey = (pack: string) => `${keyPrefix(pack)}:live`;
const seqKey = (pack: string) => `${keyPrefix(pack)}:seq`;
const versionsKey = (pack: string) => `${keyPrefix(pack)}:versions`;
const metaKey = (pack: string, version: string) => `${keyPrefix(pack)}:${version}:meta`;
export const answerKey = (pack: string, version: string, key: string) => `${keyPrefix(pack)}:${version}:k:${key}`;

export interface PublishMeta {
  pack: string;
  version: string;
  publishedAt: string;
  db: string;
  builtAt: string | null;
  keys: number;
}

/** commands sent per pipeline flush while publishing */
const BATCH = 2000;

export interface PublishResult {
  version: string;
  previous: string | null;
  keys: number;
  bytes: number;
  seconds: number;
  removed: string[];
}

/**
 * Writes `answers` as a new version of `pack`, then makes it live: one SET of the pointer and one
 * PUBLISH, in a MULTI. Until then nothing a replica reads changes, so a publish killed midway
 * leaves the live version whole; its keys are listed in `versions` and removed by the next
 * publish, which keeps only the new version and the one it replaced (still read by requests and
 * replicas that have not switched yet).
 */
export async function publishToRedis(
  client: StoreClient,
  pack: string,
  answers: Map<string, unknown>,
  source: { db: string; builtAt: string | null },
  log: (message: string) => void = () => {},
  /** for tests: called after this many keys are written, before the pointer flips */
  afterKeys?: { count: number; run: () => Promise<void> },
): Promise<PublishResult> {
  const started = Date.now();
  const redis = cmd(client);
  const number = await redis.incr(seqKey(pack));
  const version = `v${number}`;
  // listed before any key is written: a publish killed midway leaves keys the next one can find
  await redis.zadd(versionsKey(pack), number, version);
  let bytes = 0;
  let written = 0;
  // auto-pipelined (the client sends what is queued in one write per node): a Cluster's
  // pipelines would need every key on one slot
  let batch: Promise<unknown>[] = [];
  const send = async (command: Promise<unknown>) => {
    batch.push(command);
    if (batch.length === BATCH) {
      await Promise.all(batch);
      written += batch.length;
      batch = [];
      if (written % 50_000 < BATCH) log(`${pack} ${version}: ${written.toLocaleString('en-US')} keys written (${answers.size.toLocaleString('en-US')} answers)`);
      if (afterKeys && written >= afterKeys.count) await afterKeys.run();
    }
  };
  for (const [key, value] of answers) {
    if (value instanceof NameList) {
      // a name list: a sorted set, blocks and trigram postings (see names.ts)
      for (const w of nameWrites(listBase(`${keyPrefix(pack)}:${version}`, pack, version, key), value)) {
        if ('set' in w) {
          bytes += w.value.length;
          await send(redis.set(w.set, w.value));
        } else {
          bytes += w.members.reduce((sum, m) => sum + m.length, 0);
          await send(redis.zadd(w.zadd, ...w.members.flatMap((m) => [0, m])));
        }
      }
      continue;
    }
    const json = JSON.stringify(value);
    bytes += json.length;
    await send(redis.set(answerKey(pack, version, key), json));
  }
  await Promise.all(batch);
  const meta: PublishMeta = { pack, version, publishedAt: new Date().toISOString(), db: source.db, builtAt: source.builtAt, keys: answers.size };
  await redis.set(metaKey(pack, version), JSON.stringify(meta));
  const previous = await redis.get(liveKey(pack));
  await redis.multi().set(liveKey(pack), version).publish(liveKey(pack), version).exec();
  const removed = await removeOldVersions(client, pack, new Set([version, ...(previous ? [previous] : [])]));
  return { version, previous, keys: answers.size, bytes, seconds: (Date.now() - started) / 1000, removed };
}

/** Removes every version of the pack but `keep` (the versions the last publish did not finish included). */
export async function removeOldVersions(client: StoreClient, pack: string, keep: Set<string>): Promise<string[]> {
  const redis = cmd(client);
  const removed: string[] = [];
  // SCAN sees one node's keys: every master of a Cluster is scanned
  const nodes = isCluster(client) ? client.nodes('master') : [client];
  for (const version of await redis.zrange(versionsKey(pack), 0, -1)) {
    if (keep.has(version)) continue;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${keyPrefix(pack)}:${version}:*`, 'COUNT', 1000);
        // one key a command (auto-pipelined): in a Cluster, one UNLINK may not span slots
        await Promise.all(keys.map((k) => redis.unlink(k)));
        cursor = next;
      } while (cursor !== '0');
    }
    await redis.zrem(versionsKey(pack), version);
    removed.push(version);
  }
  return removed;
}

const nodeOptions = (url: URL): RedisOptions => ({
  username: url.username ? decodeURIComponent(url.username) : undefined,
  password: url.password ? decodeURIComponent(url.password) : undefined,
  tls: url.protocol === 'rediss:' ? {} : undefined,
});

/** A client of one node, or of a Cluster named by its seed nodes. */
function client(urls: URL[], cluster: boolean, options: RedisOptions, retry: ((times: number) => number | null) | null): StoreClient {
  if (!cluster) return new Redis(urls[0].href, { ...options, retryStrategy: retry ?? (() => null) });
  const clusterOptions: ClusterOptions = {
    lazyConnect: options.lazyConnect,
    enableAutoPipelining: options.enableAutoPipelining,
    enableOfflineQueue: options.enableOfflineQueue,
    clusterRetryStrategy: retry ?? (() => null),
    redisOptions: { ...nodeOptions(urls[0]), connectTimeout: options.connectTimeout, commandTimeout: options.commandTimeout, maxRetriesPerRequest: options.maxRetriesPerRequest },
  };
  return new Cluster(
    urls.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) })),
    clusterOptions,
  );
}

/** a client that reconnects forever (at most 2 s apart) and fails commands at once while it is down */
export function connect(urls: URL[], opts: { lazy?: boolean; cluster?: boolean } = {}): StoreClient {
  return client(
    urls,
    opts.cluster ?? urls.length > 1,
    { lazyConnect: opts.lazy ?? false, enableAutoPipelining: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 2000 },
    (times) => Math.min(100 * times, 2000),
  );
}

/**
 * Whether the store is a Cluster: several seed nodes are; one node is when it says it is a cluster
 * member (INFO cluster). null: the node does not answer (a replica starts anyway).
 */
export async function isClusterStore(urls: URL[]): Promise<boolean | null> {
  if (urls.length > 1) return true;
  const probe = new Redis(urls[0].href, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return /cluster_enabled:1/.test(await probe.info('cluster'));
  } catch {
    return null;
  } finally {
    probe.disconnect();
  }
}

/** Checks the store answers before the long work of a publish; an error that says how to fix it. */
export async function checkReachable(urls: URL[]): Promise<StoreClient> {
  const cluster = (await isClusterStore(urls)) ?? false;
  const redis = client(urls, cluster, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, enableAutoPipelining: true }, null);
  redis.on('error', () => {});
  try {
    await redis.connect();
    await cmd(redis).ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${shownUrl(urls)} (${(err as Error).message}); start one (e.g. redis-server --port ${urls[0].port || 6379}) or fix --store`);
  }
}

/** Values read recently, by version: a bounded map (least recently used out first). */
class HotCache {
  private readonly map = new Map<string, unknown>();
  constructor(private readonly max: number) {}

  get(key: string): { value: unknown } | undefined {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, value);
    return { value };
  }

  set(key: string, value: unknown): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }

  clear(): void {
    this.map.clear();
  }
}

/** JSON null is stored for nothing; absent keys are cached as this */
const ABSENT = Symbol('absent');

/** bytes a piecewise read asks at a time */
const PIECE = 32 * 1024;

/**
 * Values read in pieces of PIECE bytes (STRLEN, then GETRANGEs, auto-pipelined), null for an
 * absent key. For the large values a replica keeps local (a model's files, its factors): ioredis'
 * reply parser keeps a buffer of three times the largest reply it has assembled for as long as
 * the process lives; pieces keep it to a few pieces' size (README "Scaling out").
 */
async function readInPieces(redis: StoreClient, keys: string[]): Promise<(Buffer | null)[]> {
  const r = cmd(redis);
  const lengths = await Promise.all(keys.map((k) => r.strlen(k)));
  return Promise.all(
    keys.map(async (k, i) => {
      const n = lengths[i];
      // a stored answer is JSON, never empty: length 0 is an absent key
      if (n === 0) return null;
      const parts = await Promise.all(Array.from({ length: Math.ceil(n / PIECE) }, (_, j) => r.getrangeBuffer(k, j * PIECE, Math.min(n, (j + 1) * PIECE) - 1)));
      return Buffer.concat(parts, n);
    }),
  );
}

/** One version of one pack, read from Redis through the hot cache. */
class RedisVersion implements AnswerStore {
  private readonly lists = new Map<string, StoreNames>();

  constructor(
    private readonly redis: StoreClient,
    private readonly pack: string,
    readonly version: string,
    private readonly cache: HotCache,
    private readonly unreachable: () => HttpError,
    /** values read in pieces (see readInPieces): for what is read once to keep local */
    private readonly inPieces = false,
  ) {}

  names(key: string): Suggests {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = new StoreNames(cmd(this.redis) as unknown as NamesClient, listBase(`${keyPrefix(this.pack)}:${this.version}`, this.pack, this.version, key), this.cache, this.unreachable)));
    return list;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.mget<T>([key]))[0];
  }

  async mget<T>(keys: string[]): Promise<(T | undefined)[]> {
    const out: (T | undefined)[] = new Array(keys.length);
    const missing: number[] = [];
    keys.forEach((k, i) => {
      const hit = this.cache.get(`${this.version}\0${k}`);
      if (hit) out[i] = hit.value === ABSENT ? undefined : (hit.value as T);
      else missing.push(i);
    });
    if (!missing.length) return out;
    let raw: (string | null)[];
    try {
      const full = missing.map((i) => answerKey(this.pack, this.version, keys[i]));
      // a Cluster's MGET may not span slots: single GETs, auto-pipelined per node
      raw = this.inPieces
        ? (await readInPieces(this.redis, full)).map((b) => b && b.toString())
        : isCluster(this.redis)
          ? await Promise.all(full.map((k) => cmd(this.redis).get(k)))
          : await cmd(this.redis).mget(full);
    } catch {
      throw this.unreachable();
    }
    missing.forEach((i, j) => {
      const value = raw[j] === null ? undefined : (JSON.parse(raw[j]!) as T);
      this.cache.set(`${this.version}\0${keys[i]}`, value === undefined ? ABSENT : value);
      out[i] = value;
    });
    return out;
  }
}

interface Served<L> {
  pack: string;
  store: PackStore<L>;
  version: string | null;
  meta: PublishMeta | null;
  local: L;
  view: RedisVersion | null;
  /** the keys \`local\` read for the live version, and a digest of their stored JSON */
  localKeys: string[] | null;
  localDigest: string | null;
}

/** An AnswerStore that notes the keys read through it (what a pack's \`local\` depends on). */
function recording(store: AnswerStore): { store: AnswerStore; keys: Set<string> } {
  const keys = new Set<string>();
  return {
    keys,
    store: {
      version: store.version,
      get: (key) => (keys.add(key), store.get(key)),
      mget: (list) => (list.forEach((k) => keys.add(k)), store.mget(list)),
      names: (key) => store.names(key),
    },
  };
}

export interface RedisServingOptions {
  log?: (message: string) => void;
  /** hot keys kept in this process per replica (all packs together) */
  cacheEntries?: number;
  /** the store is a Redis Cluster (default: when several seed nodes are given; see isClusterStore) */
  cluster?: boolean;
}

/**
 * A replica's side: one connection for reads (auto-pipelined), one subscribed to the packs'
 * announcements. On an announcement, and on every (re)connection (announcements missed while
 * away), it reads each pack's pointer and, when it moved, builds the new version's local part and
 * switches. Redis down: every read answers 503 with what is wrong; the clients reconnect by
 * themselves; nothing throws out of here.
 */
export class RedisServing implements StoreServing {
  private readonly redis: StoreClient;
  private readonly sub: StoreClient;
  private readonly cache: HotCache;
  private readonly served = new Map<string, Served<unknown>>();
  private refreshing: Promise<void> = Promise.resolve();
  private downSince: number | null = null;
  private started = false;
  private closed = false;
  /** per request (see \`within\`): the view each pack gave it first */
  private readonly pins = new AsyncLocalStorage<Map<string, StoreView<unknown>>>();
  readonly shown: string;

  constructor(
    url: URL | URL[],
    private readonly opts: RedisServingOptions = {},
  ) {
    const urls = Array.isArray(url) ? url : [url];
    this.shown = shownUrl(urls);
    this.cache = new HotCache(opts.cacheEntries ?? 10_000);
    this.redis = connect(urls, { lazy: true, cluster: opts.cluster });
    this.sub = connect(urls, { lazy: true, cluster: opts.cluster });
    const log = opts.log ?? (() => {});
    for (const client of [this.redis, this.sub]) {
      client.on('error', (err: Error) => {
        if (this.downSince === null && !this.closed) {
          this.downSince = Date.now();
          log(`the shared store ${this.shown} is unreachable (${err.message}): its packs answer 503 until it is back; reconnecting`);
        }
      });
    }
    this.redis.on('ready', () => {
      if (this.downSince !== null) log(`the shared store ${this.shown} is reachable again (after ${((Date.now() - this.downSince) / 1000).toFixed(1)} s)`);
      this.downSince = null;
      void this.refresh();
    });
    // subscribed on every connection, the first included: a replica started while Redis was
    // down never subscribed before, and ioredis only renews subscriptions it had
    this.sub.on('ready', () => {
      if (this.served.size) this.sub.subscribe(...[...this.served.keys()].map(liveKey)).catch(() => {});
      void this.refresh();
    });
    this.sub.on('message', () => void this.refresh());
  }

  /** Serves `pack` from the store (before `start`). */
  add<L>(pack: string, store: PackStore<L>): { view: () => StoreView<L>; local: () => L } {
    const known = this.accessors.get(pack);
    if (known) return known as { view: () => StoreView<L>; local: () => L };
    const s: Served<L> = { pack, store, version: null, meta: null, local: store.emptyLocal(), view: null, localKeys: null, localDigest: null };
    this.served.set(pack, s as Served<unknown>);
    const accessors = {
      view: () => {
        const pins = this.pins.getStore();
        const pinned = pins?.get(pack) as StoreView<L> | undefined;
        if (pinned) return pinned;
        if (this.redis.status !== 'ready') throw this.unreachable();
        if (!s.view) throw storeUnavailable(`nothing is published for ${pack} in the shared store ${this.shown}: run \`recops publish ${pack} --db FILE --store ${this.shown}\``);
        const v = { answers: s.view, local: s.local };
        pins?.set(pack, v);
        return v;
      },
      // routes that need only the local part (autocomplete) pin the version too: their ETag names it
      local: () => {
        const pins = this.pins.getStore();
        const pinned = pins?.get(pack) as StoreView<L> | undefined;
        if (pinned) return pinned.local;
        if (pins && s.view) pins.set(pack, { answers: s.view, local: s.local });
        return s.local;
      },
    };
    this.accessors.set(pack, accessors);
    if (this.started) {
      this.sub.subscribe(liveKey(pack)).catch(() => {});
      void this.refresh();
    }
    return accessors;
  }

  private readonly accessors = new Map<string, unknown>();

  private unreachable = () => storeUnavailable(`the shared store ${this.shown} is unreachable: this answer comes from it; the server reconnects by itself, retry shortly`);

  /** Connects (without waiting for Redis: a replica starts, and answers 503, while it is down). */
  async start(): Promise<void> {
    this.started = true;
    this.redis.connect().catch(() => {});
    this.sub.connect().catch(() => {});
    // a version already live is loaded before the server listens, when Redis answers
    await Promise.race([new Promise<void>((r) => this.redis.once('ready', () => r())), new Promise((r) => setTimeout(r, 3000))]);
    await this.refresh();
  }

  /** Reads every pointer and switches the packs whose version moved (one refresh at a time). */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.refreshNow()).catch((err: Error) => {
      // Redis went away meanwhile: the next (re)connection refreshes again
      if (!this.closed) this.opts.log?.(`store refresh failed: ${err.message}`);
    });
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    if (this.closed || this.redis.status !== 'ready') return;
    for (const s of this.served.values()) {
      const version = await cmd(this.redis).get(liveKey(s.pack));
      if (!version || version === s.version) continue;
      const started = Date.now();
      const metaJson = await cmd(this.redis).get(metaKey(s.pack, version));
      // reads that fill no hot-cache entry: the cache is for requests, these values are read once
      const view = new RedisVersion(this.redis, s.pack, version, new HotCache(1), this.unreachable, true);
      // what is kept local is built from a few keys (the names): when the new version stores
      // them byte for byte as the live one does (a promotion of new models over the same
      // catalogue), the live local part is kept: no rebuild, no memory spike, switched at once
      let local: unknown;
      let localKeys = s.localKeys;
      let localDigest = localKeys ? await this.digest(s.pack, version, localKeys) : null;
      const kept = localDigest !== null && localDigest === s.localDigest;
      if (kept) local = s.local;
      else {
        const r = recording(view);
        local = await s.store.local(r.store);
        localKeys = [...r.keys];
        localDigest = await this.digest(s.pack, version, localKeys);
      }
      // one assignment each, no await between: a request sees the old version or the new one
      const old = s.version;
      s.meta = metaJson ? (JSON.parse(metaJson) as PublishMeta) : null;
      s.local = local;
      s.view = new RedisVersion(this.redis, s.pack, version, this.cache, this.unreachable);
      s.version = version;
      [s.localKeys, s.localDigest] = [localKeys, localDigest];
      // the previous local part and the new one's construction garbage go now, not at V8's leisure:
      // a replica's memory stays flat across switches
      if (!kept) fullGc();
      this.opts.log?.(`${s.pack}: serving ${version} from ${this.shown}${old ? ` (was ${old})` : ''}, ready in ${Date.now() - started} ms${kept ? ' (what it keeps local unchanged: kept)' : ''}`);
    }
  }

  /** A digest of the stored JSON of \`keys\` in \`version\` (null: a key is absent). */
  private async digest(pack: string, version: string, keys: string[]): Promise<string | null> {
    const full = keys.map((k) => answerKey(pack, version, k));
    const raw = await readInPieces(this.redis, full);
    const hash = createHash('sha256');
    for (const [i, value] of raw.entries()) {
      if (value === null) return null;
      hash.update(keys[i]).update('\0').update(value).update('\0');
    }
    return hash.digest('base64url');
  }

  /** The live versions, for the ETag: answers change when one does. */
  stamp(): string {
    const pins = this.pins.getStore();
    return [...this.served.values()].map((s) => `${s.pack}=${pins?.get(s.pack)?.answers.version ?? s.version ?? ''}`).join(',');
  }

  within(next: () => void): void {
    this.pins.run(new Map(), next);
  }

  health(): StoreHealth {
    const packs: StoreHealth['packs'] = {};
    for (const s of this.served.values()) packs[s.pack] = { version: s.version, publishedAt: s.meta?.publishedAt ?? null, db: s.meta?.db ?? null, builtAt: s.meta?.builtAt ?? null, keys: s.meta?.keys ?? null };
    return { url: this.shown, reachable: this.redis.status === 'ready', packs };
  }

  versionOf(pack: string): string | null {
    return this.served.get(pack)?.version ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.redis.disconnect();
    this.sub.disconnect();
  }
}
