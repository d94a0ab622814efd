/**
 * Name lists in a shared store: the names behind "did you mean" (404s for unknown names) and
 * `/suggest` autocomplete, kept in Redis beside a version's answers so a replica holds none of
 * them (movies alone has 223 k names). A replica ranks a query as the in-process server does
 * (the same steps, rankNames in src/core/text/suggest.ts), fetching only what the query needs.
 *
 * A list published under answer key `names:{kind}` of pack P, version V lives under
 * `recops:P:V:n:{P:V:names:{kind}}`, the part in braces a Redis Cluster hash tag, so that
 * every key a query reads sits on one slot (one MGET, one node):
 *   …:m            what the list is: its kind, its size, the id lengths it has (JSON)
 *   …:z            sorted set, all scores 0, so members sort by their bytes (= code points):
 *                  names:   `{key}\0{index, 8 digits}{name}`   (prefix search, names at hand)
 *                  ids:     `{length, 4 digits}{lower-cased id}\0{index, 8 digits}{id}`
 *                  (a name or id as `={text}`, or `j{JSON}` when it has a lone surrogate, which
 *                  UTF-8 cannot carry)
 *                  numeric: `{digits, 2 digits}{id}`
 *   …:b:{block}    names: the names and keys of indices 16·block … 16·block + 15 (JSON; null: the key is the name)
 *   …:g:{trigram}  names: how many names have the trigram, their indices (ascending, each as
 *                  its difference from the one before), then each one's distinct trigram count,
 *                  all as unsigned LEB128 varints (2–3 bytes a name instead of 6: a miss reads
 *                  its trigrams' lists whole); the trigram as the hex of its three UTF-16 units
 * A query reads the list's meta once per version, then: a prefix is one ZRANGEBYLEX; a miss
 * also one MGET of its trigrams' postings and one MGET of the blocks of the few names it ranks.
 */
import { HttpError } from '../server/errors.js';
import type { Suggests } from '../server/suggest.js';
import {
  NameSuggester,
  NumericPrefixSuggester,
  PrefixSuggester,
  idKey,
  idPrefix,
  lowerBound,
  numericLengths,
  rankNames,
  type Found,
  type Posting,
  type Prefixed,
  type RankScratch,
  type SuggestNeed,
} from '../text/suggest.js';

/** names per block (a miss reads the blocks of some 20 names: ~16 × 40 bytes each) */
const BLOCK = 16;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const LONE_SURROGATE = /\p{Cs}/u;
/** a name as the tail of a member: as it is, or as JSON (which escapes a lone surrogate) */
const tail = (name: string) => (LONE_SURROGATE.test(name) ? `j${JSON.stringify(name)}` : `=${name}`);
const fromTail = (t: string): string => (t[0] === '=' ? t.slice(1) : (JSON.parse(t.slice(1)) as string));

/**
 * A list of names as a value of a pack's prepared answers (PackStore.prepare): published as the
 * structures above, served by `suggester()` in this process (MemoryServing) or by StoreNames.
 */
export class NameList {
  private constructor(
    readonly kind: 'text' | 'ids' | 'numeric',
    private readonly make: () => NameSuggester | PrefixSuggester | NumericPrefixSuggester,
  ) {}

  /** names ranked as a NameIndex ranks them (`keys`: their nameKey()s, when at hand) */
  static text(names: readonly string[], keys?: readonly string[]): NameList {
    return new NameList('text', () => new NameSuggester(names, keys));
  }

  /** ids completed from their start, case-insensitive (PrefixSuggester) */
  static ids(ids: readonly string[]): NameList {
    return new NameList('ids', () => new PrefixSuggester(ids));
  }

  /** integer ids completed from their first digits (NumericPrefixSuggester) */
  static numeric(ids: Iterable<number>): NameList {
    const list = Int32Array.from(ids);
    return new NameList('numeric', () => new NumericPrefixSuggester(list));
  }

  private built: NameSuggester | PrefixSuggester | NumericPrefixSuggester | null = null;

  /** the in-process suggester over the list (built once) */
  suggester(): NameSuggester | PrefixSuggester | NumericPrefixSuggester {
    return (this.built ??= this.make());
  }
}

interface ListMeta {
  kind: NameList['kind'];
  count: number;
  /** ids: the shortest and longest id (UTF-16 units); numeric: the digits of the largest id */
  minLen: number;
  maxLen: number;
}

/** The keys of a list: `prefix` is the version's (recops:P:V), `list` the answer key (names:…). */
export function listBase(prefix: string, pack: string, version: string, list: string): string {
  return `${prefix}:n:{${pack}:${version}:${list}}`;
}

const gramKey = (base: string, gram: string) => `${base}:g:${[0, 1, 2].map((i) => gram.charCodeAt(i).toString(16).padStart(4, '0')).join('')}`;

/** A trigram's posting as varints: the count, the index deltas, the names' trigram counts (at most 65,535). */
export function encodePosting(ids: Int32Array, gramsOf: (i: number) => number): Buffer {
  const out = Buffer.allocUnsafe(5 * (2 * ids.length + 1));
  let at = 0;
  const put = (x: number) => {
    while (x >= 0x80) {
      out[at++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    out[at++] = x;
  };
  put(ids.length);
  for (let j = 0; j < ids.length; j++) put(ids[j] - (j ? ids[j - 1] : 0));
  for (let j = 0; j < ids.length; j++) put(Math.min(gramsOf(ids[j]), 0xffff));
  return Buffer.from(out.subarray(0, at));
}

/** Where the postings of one query are decoded: reused from query to query (a miss decodes some 50,000 entries). */
interface Arena {
  ids: Int32Array;
  counts: Uint16Array;
}

/** free arenas: as many as queries ran at once, at most a few kept */
const arenas: Arena[] = [];

function takeArena(size: number): Arena {
  const free = arenas.pop();
  if (free && free.ids.length >= size) return free;
  return { ids: new Int32Array(Math.max(size, 2 * (free?.ids.length ?? 0))), counts: new Uint16Array(Math.max(size, 2 * (free?.ids.length ?? 0))) };
}

function giveBack(arena: Arena): void {
  if (arenas.length < 4) arenas.push(arena);
}

/** Decodes postings into one arena (taken here, given back by the caller when the query is done). */
export function decodePostings(raw: readonly (Buffer | null)[]): { postings: (Posting | null)[]; arena: Arena } {
  let size = 0;
  for (const b of raw) {
    cursor = 0;
    if (b) size += varint(b);
  }
  const arena = takeArena(size);
  let from = 0;
  const postings = raw.map((b): Posting | null => {
    if (!b) return null;
    cursor = 0;
    const n = varint(b);
    const ids = arena.ids.subarray(from, from + n);
    const counts = arena.counts.subarray(from, from + n);
    from += n;
    for (let j = 0, last = 0; j < n; j++) ids[j] = last += varint(b);
    for (let j = 0; j < n; j++) counts[j] = varint(b);
    return { ids, counts };
  });
  return { postings, arena };
}

/** where varint() reads next (decoding runs without awaiting, so one cursor serves every query) */
let cursor = 0;

function varint(b: Buffer): number {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = b[cursor++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}

/** One write of a publish: its key and what it stores (a zset is written in chunks of members). */
export type NameWrite = { set: string; value: string | Buffer } | { zadd: string; members: string[] };

/** Everything a list is stored as, in writes of bounded size. */
export function* nameWrites(base: string, list: NameList): Generator<NameWrite> {
  const s = list.suggester();
  const members: string[] = [];
  const flush = function* (): Generator<NameWrite> {
    if (members.length) yield { zadd: `${base}:z`, members: members.splice(0) };
  };
  let meta: ListMeta;
  if (s instanceof NameSuggester) {
    meta = { kind: 'text', count: s.size, minLen: 0, maxLen: 0 };
    for (let j = 0; j < s.size; j++) {
      const i = s.sortedAt(j);
      members.push(`${s.key(i)}\0${pad(i, 8)}${tail(s.name(i))}`);
      if (members.length === 1000) yield* flush();
    }
    yield* flush();
    for (let from = 0; from < s.size; from += BLOCK) {
      // a key spelled as its name is null
      const block: (string | null)[] = [];
      for (let i = from; i < Math.min(from + BLOCK, s.size); i++) {
        const [name, key] = [s.name(i), s.key(i)];
        block.push(name, key === name ? null : key);
      }
      yield { set: `${base}:b:${from / BLOCK}`, value: JSON.stringify(block) };
    }
    for (const [gram, ids] of s.trigrams()) {
      yield { set: gramKey(base, gram), value: encodePosting(ids, (i) => s.gramsOf(i)) };
    }
  } else if (s instanceof PrefixSuggester) {
    const ids = s.list();
    let [minLen, maxLen] = [Infinity, 0];
    for (let j = 0; j < ids.length; j++) {
      const i = s.sortedAt(j);
      const id = ids[i];
      if (id.length > 9999) throw new Error(`an id of ${id.length} characters cannot be published (at most 9,999): '${id.slice(0, 50)}…'`);
      [minLen, maxLen] = [Math.min(minLen, id.length), Math.max(maxLen, id.length)];
      members.push(`${pad(id.length, 4)}${idKey(id)}\0${pad(i, 8)}${tail(id)}`);
      if (members.length === 1000) yield* flush();
    }
    yield* flush();
    meta = { kind: 'ids', count: ids.length, minLen: ids.length ? minLen : 0, maxLen };
  } else {
    const ids = s.suggestable();
    for (const id of ids) {
      members.push(`${pad(String(id).length, 2)}${id}`);
      if (members.length === 1000) yield* flush();
    }
    yield* flush();
    meta = { kind: 'numeric', count: ids.length, minLen: 1, maxLen: s.maxDigits };
  }
  // written last: a list without its meta reads as absent
  yield { set: `${base}:m`, value: JSON.stringify(meta) };
}

/** The few Redis commands a replica's queries use (a single Redis or a Cluster: every key of one query on one slot). */
export interface NamesClient {
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  mgetBuffer(keys: string[]): Promise<(Buffer | null)[]>;
  zrangebylex(key: string, min: Buffer, max: Buffer, limit: 'LIMIT', offset: number, count: number): Promise<string[]>;
}

/** `[prefix` to `[prefix\xff`: the members starting with prefix (no UTF-8 has the byte 0xff). */
const lexRange = (prefix: string): [Buffer, Buffer] => {
  const bytes = Buffer.from(prefix);
  return [Buffer.concat([Buffer.from('['), bytes]), Buffer.concat([Buffer.from('['), bytes, Buffer.from([0xff])])];
};

/** Per-name counters of a query, shared by every list of the process (a query counts without awaiting, so one at a time). */
let shared: RankScratch = { hits: new Uint8Array(0), gramCounts: new Uint16Array(0) };
function scratchFor(count: number): RankScratch {
  // a query's trigrams (at most 102) fit a byte
  if (shared.hits.length < count) shared = { hits: new Uint8Array(count), gramCounts: new Uint16Array(count) };
  return shared;
}

/** What one query has read: name blocks, its postings' arena. */
interface Query {
  blocks: Map<number, (string | null)[]>;
  arena: Arena | null;
}

/** A place to keep answers already given (the replica's bounded hot-key cache). */
export interface AnswerCache {
  get(key: string): { value: unknown } | undefined;
  set(key: string, value: unknown): void;
}

/**
 * One published list of one version, asked in Redis. Answers are kept in the replica's hot-key
 * cache (by version, list, n and input); a Redis error is the store's 503.
 */
export class StoreNames implements Suggests {
  private metaRead: Promise<ListMeta | null> | null = null;

  constructor(
    private readonly redis: NamesClient,
    private readonly base: string,
    private readonly cache: AnswerCache,
    private readonly unreachable: () => HttpError,
  ) {}

  async suggest(input: string, n: number): Promise<string[]> {
    const cacheKey = `${this.base}\0${n}\0${input}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit.value as string[];
    let out: string[];
    try {
      out = await this.compute(input, n);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw this.unreachable();
    }
    this.cache.set(cacheKey, out);
    return out;
  }

  private meta(): Promise<ListMeta | null> {
    this.metaRead ??= this.redis.get(`${this.base}:m`).then(
      (json) => (json === null ? null : (JSON.parse(json) as ListMeta)),
      (err) => {
        this.metaRead = null;
        throw err;
      },
    );
    return this.metaRead;
  }

  private async compute(input: string, n: number): Promise<string[]> {
    const meta = await this.meta();
    if (!meta) return [];
    const z = `${this.base}:z`;
    if (meta.kind === 'ids') {
      // per length (shortest first) the first n of that length in key order
      const key = idPrefix(input);
      const lengths = Array.from({ length: Math.max(0, meta.maxLen - meta.minLen + 1) }, (_, i) => meta.minLen + i);
      const found = await Promise.all(lengths.map((len) => this.redis.zrangebylex(z, ...lexRange(`${pad(len, 4)}${key}`), 'LIMIT', 0, n)));
      return found.flat().slice(0, n).map((m) => fromTail(m.slice(m.indexOf('\0') + 9)));
    }
    if (meta.kind === 'numeric') {
      const found = await Promise.all(numericLengths(input, meta.maxLen).map(({ len, q }) => this.redis.zrangebylex(z, ...lexRange(`${pad(len, 2)}${q}`), 'LIMIT', 0, n)));
      return found.flat().slice(0, n).map((m) => m.slice(2));
    }
    const query: Query = { blocks: new Map(), arena: null };
    try {
      const steps = rankNames(input, n, meta.count, () => scratchFor(meta.count));
      let step = steps.next();
      while (!step.done) step = steps.next(await this.answer(step.value, query));
      return step.value;
    } finally {
      if (query.arena) giveBack(query.arena);
    }
  }

  private async answer(need: SuggestNeed, query: Query): Promise<unknown> {
    const { blocks } = query;
    switch (need.kind) {
      case 'names':
        await this.readBlocks(need.ids, blocks);
        return need.ids.map((i) => blocks.get(Math.floor(i / BLOCK))![(i % BLOCK) * 2]);
      case 'keys':
        await this.readBlocks(need.ids, blocks);
        return need.ids.map((i) => keyIn(blocks, i));
      case 'prefixed': {
        const members = await this.redis.zrangebylex(`${this.base}:z`, ...lexRange(need.key), 'LIMIT', 0, need.limit);
        const out: Prefixed = { ids: [], keys: [], names: [] };
        for (const m of members) {
          const z = m.indexOf('\0');
          out.ids.push(Number(m.slice(z + 1, z + 9)));
          out.keys.push(m.slice(0, z));
          out.names!.push(fromTail(m.slice(z + 9)));
        }
        return out;
      }
      case 'postings': {
        const raw = await this.redis.mgetBuffer(need.grams.map((g) => gramKey(this.base, g)));
        const { postings, arena } = decodePostings(raw);
        query.arena = arena;
        return postings;
      }
      case 'containing': {
        // only the candidates in every trigram's list can contain the key: their keys are read to check
        const likely = need.candidates.filter((i) => need.lists.every((list) => has(list, i)));
        await this.readBlocks(likely, blocks);
        const out: Found = { ids: [], keys: [] };
        for (const i of likely) {
          const k = keyIn(blocks, i);
          if (k.includes(need.key)) out.ids.push(i), out.keys.push(k);
        }
        return out;
      }
    }
  }

  /** Reads the blocks of `ids` not read yet by this query (one MGET). */
  private async readBlocks(ids: number[], blocks: Map<number, (string | null)[]>): Promise<void> {
    const wanted = [...new Set(ids.map((i) => Math.floor(i / BLOCK)))].filter((b) => !blocks.has(b));
    if (!wanted.length) return;
    const raw = await this.redis.mget(wanted.map((b) => `${this.base}:b:${b}`));
    wanted.forEach((b, j) => {
      if (raw[j] === null) throw new HttpError(503, `the published names are incomplete (${this.base}:b:${b} is missing): publish again`, {});
      blocks.set(b, JSON.parse(raw[j]!) as (string | null)[]);
    });
  }
}

const keyIn = (blocks: Map<number, (string | null)[]>, i: number): string => {
  const block = blocks.get(Math.floor(i / BLOCK))!;
  const at = (i % BLOCK) * 2;
  return block[at + 1] ?? block[at]!;
};

/** whether an ascending list has x */
function has(list: Int32Array, x: number): boolean {
  const at = lowerBound(list, x);
  return at < list.length && list[at] === x;
}
