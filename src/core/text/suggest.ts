import { distance } from 'fastest-levenshtein';
import { nameKey, wellFormed } from './names.js';

/**
 * "Did you mean" and autocomplete, one ranking wherever the names are: in this process
 * (NameSuggester, PrefixSuggester, NumericPrefixSuggester below) or in a shared store, which a
 * replica asks instead of holding the names (src/core/store/names.ts). The ranking of names is
 * written once, as steps that ask for data (`rankNames`): the in-process suggester answers each
 * step from its arrays, the store's from Redis, so both give the same names in the same order.
 */

/** Names starting with the input looked at, at most (a one-letter input matches thousands). */
export const PREFIX_LIMIT = 2000;
/** Names containing the input looked at, at most: the first of the rarest trigram's list. */
export const CONTAINING_LIMIT = 5000;
/** The longest key considered (UTF-16 units). */
const MAX_KEY = 100;
/** The longest id prefix considered (UTF-16 units). */
const MAX_ID = 200;

/** `s` cut to `max` UTF-16 units, never between the two halves of a surrogate pair (a half has no UTF-8). */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  return s.slice(0, last >= 0xd800 && last < 0xdc00 ? max - 1 : max);
}

/** What a name ranking looks names up by. */
export const suggestKey = (input: string): string => cut(nameKey(input), MAX_KEY);

/** What an id autocomplete sorts and matches by: lower case, well-formed (see wellFormed). */
export const idKey = (id: string): string => wellFormed(id.toLowerCase());

/** What an id autocomplete looks ids up by. */
export const idPrefix = (input: string): string => cut(idKey(input.trim()), MAX_ID);

const rank = (u: number) => (u < 0xd800 ? u : u < 0xe000 ? u + 0x2000 : u - 0x800);

/**
 * Code point order, which is the order of UTF-8 bytes (Redis sorts members so): `<` on UTF-16
 * differs from it only between an astral character and one of U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

const SURROGATE = /[\ud800-\udfff]/;

/** `less(a, b)` in code point order: `<` itself when no string has an astral character (nearly always, and faster). */
function codePointLess(strings: Iterable<string>): (a: string, b: string) => boolean {
  for (const s of strings) if (SURROGATE.test(s)) return (a, b) => compareCodePoints(a, b) < 0;
  return (a, b) => a < b;
}

/** Indices 0…n-1 in the order of their strings (`less`: codePointLess of them), equal strings in index order. */
function sortedIndices(strings: readonly string[], less: (a: string, b: string) => boolean): Int32Array {
  return Int32Array.from(Array.from(strings.keys()).sort((a, b) => (less(strings[a], strings[b]) ? -1 : less(strings[b], strings[a]) ? 1 : a - b)));
}

// ---- the ranking of names, as steps ------------------------------------------------------------

/** A trigram's names: their indices ascending; with each one's distinct trigram count when the source sends it. */
export interface Posting {
  ids: Int32Array;
  counts: Uint16Array | null;
}

/** What a step of `rankNames` asks; the answer's type is given beside each. */
export type SuggestNeed =
  /** → string[]: the names shown for these indices */
  | { kind: 'names'; ids: number[] }
  /** → Prefixed: the names whose key starts with `key`, in key order (code points, then index), at most `limit` */
  | { kind: 'prefixed'; key: string; limit: number }
  /** → (Posting | null)[]: each trigram's posting (null: no name has it) */
  | { kind: 'postings'; grams: string[] }
  /**
   * → Found: the candidates whose key contains `key`, in candidate order. `lists`: the postings
   * of key's trigrams (each such name is in every one; a source may skip fetching the others)
   */
  | { kind: 'containing'; key: string; candidates: number[]; lists: Int32Array[] }
  /** → string[]: the keys of these indices */
  | { kind: 'keys'; ids: number[] };

export interface Prefixed {
  ids: number[];
  keys: string[];
  /** the names shown, when the source has them at hand */
  names: string[] | null;
}

export interface Found {
  ids: number[];
  keys: string[];
}

/** Per-name counters of one query, all 0 between queries (a query sets and clears what it touches). */
export interface RankScratch {
  /** the query's trigrams each name has */
  hits: Uint8Array | Int32Array;
  /** each name's distinct trigrams (written from postings that carry them) */
  gramCounts: Uint16Array | Int32Array;
}

/** The distinct trigrams of a key padded with a space each side, in order of first appearance. */
export function paddedTrigrams(key: string): string[] {
  const padded = ` ${key} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return [...out];
}

/**
 * Up to n names for an input, as steps (yield a need, get its answer): names starting with the
 * input (shortest first, among the first PREFIX_LIMIT in key order), then names containing it
 * (among the first CONTAINING_LIMIT of its rarest trigram's list), then the nearest by edit
 * distance among the 4n most similar by trigram Dice (ties: smaller index); the whole list sorted
 * by that score, ties by key. An empty key gives the first n names.
 */
export function* rankNames(input: string, n: number, count: number, scratch: () => RankScratch): Generator<SuggestNeed, string[], unknown> {
  const key = suggestKey(input);
  if (!key || count === 0) {
    const first = Array.from({ length: Math.min(n, count) }, (_, i) => i);
    return first.length ? ((yield { kind: 'names', ids: first }) as string[]) : [];
  }
  const scored = new Map<number, number>();
  const keys = new Map<number, string>();
  const shown = new Map<number, string>();
  const pre = (yield { kind: 'prefixed', key, limit: PREFIX_LIMIT }) as Prefixed;
  pre.ids.forEach((i, j) => {
    scored.set(i, -2 + pre.keys[j].length / 1000);
    keys.set(i, pre.keys[j]);
    if (pre.names) shown.set(i, pre.names[j]);
  });
  if (scored.size < n) {
    const grams = paddedTrigrams(key);
    const lists = (yield { kind: 'postings', grams }) as (Posting | null)[];
    const byGram = new Map(grams.map((g, j) => [g, lists[j]]));
    // names containing the input elsewhere have every trigram of it: the rarest one's list holds them all
    if (key.length >= 3) {
      let rarest: Int32Array | null = null;
      const interior: Int32Array[] = [];
      for (let p = 0; p + 3 <= key.length; p++) {
        const list = byGram.get(key.slice(p, p + 3));
        if (!list) {
          rarest = null; // a trigram no name has: nothing contains the input
          break;
        }
        interior.push(list.ids);
        if (!rarest || list.ids.length < rarest.length) rarest = list.ids;
      }
      const candidates: number[] = [];
      for (let j = 0; rarest && j < rarest.length && j < CONTAINING_LIMIT; j++) if (!scored.has(rarest[j])) candidates.push(rarest[j]);
      if (candidates.length) {
        const found = (yield { kind: 'containing', key, candidates, lists: interior }) as Found;
        found.ids.forEach((i, j) => {
          scored.set(i, -1 + found.keys[j].length / 1000);
          keys.set(i, found.keys[j]);
        });
      }
    }
    if (scored.size < n) {
      const fresh = similar(grams.length, lists, 4 * n, scratch()).filter((i) => !scored.has(i));
      const unknown = fresh.filter((i) => !keys.has(i));
      if (unknown.length) {
        const got = (yield { kind: 'keys', ids: unknown }) as string[];
        unknown.forEach((i, j) => keys.set(i, got[j]));
      }
      for (const i of fresh) scored.set(i, distance(key, keys.get(i)!));
    }
  }
  const top = [...scored]
    .sort((a, b) => a[1] - b[1] || (keys.get(a[0])! < keys.get(b[0])! ? -1 : 1))
    .slice(0, n)
    .map(([i]) => i);
  const unnamed = top.filter((i) => !shown.has(i));
  if (unnamed.length) {
    const got = (yield { kind: 'names', ids: unnamed }) as string[];
    unnamed.forEach((i, j) => shown.set(i, got[j]));
  }
  return top.map((i) => shown.get(i)!);
}

/**
 * The `limit` names with the highest trigram Dice similarity to a key of `grams` distinct
 * trigrams, from its trigrams' postings (ties: smaller index). Counted into the scratch arrays,
 * only the best kept in a small sorted array (sorting every candidate was most of a miss's time).
 */
function similar(grams: number, lists: readonly (Posting | null)[], limit: number, scratch: RankScratch): number[] {
  const { hits, gramCounts } = scratch;
  const touched: number[] = [];
  for (const list of lists) {
    if (!list) continue;
    const { ids, counts } = list;
    for (let j = 0; j < ids.length; j++) {
      const i = ids[j];
      if (hits[i]++ === 0) {
        touched.push(i);
        if (counts) gramCounts[i] = counts[j];
      }
    }
  }
  const best: { i: number; dice: number }[] = [];
  for (const i of touched) {
    const dice = (2 * hits[i]) / (grams + gramCounts[i]);
    hits[i] = 0;
    if (best.length === limit && (dice < best[limit - 1].dice || (dice === best[limit - 1].dice && i > best[limit - 1].i))) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1].dice < dice || (best[at - 1].dice === dice && best[at - 1].i > i))) at--;
    best.splice(at, 0, { i, dice });
    if (best.length > limit) best.pop();
  }
  return best.map((b) => b.i);
}

/** Runs a ranking's steps, answering each at once (an in-process source). */
export function runSteps<T>(steps: Generator<SuggestNeed, T, unknown>, answer: (need: SuggestNeed) => unknown): T {
  let step = steps.next();
  while (!step.done) step = steps.next(answer(step.value));
  return step.value;
}

// ---- in this process ---------------------------------------------------------------------------

/**
 * "Did you mean" over up to a few hundred thousand names (134 k actors at full size) in well
 * under a millisecond, from a sorted key array (prefixes) and CSR trigram postings on typed
 * arrays (the rest), answering rankNames' steps.
 */
export class NameSuggester {
  /**
   * The names and their keys, each packed into one string with offsets: a string per name costs
   * a V8 header and an array slot for every one of a few hundred thousand names; a name is
   * sliced out only when looked at (a few thousand per request at most).
   */
  private readonly nameText: string;
  private readonly nameAt: Int32Array;
  private readonly keyText: string;
  private readonly keyAt: Int32Array;
  private readonly count: number;
  /** key indices in key order (code points), for prefix search */
  private readonly sorted: Int32Array;
  private readonly less: (a: string, b: string) => boolean;
  /**
   * Trigram ids: three UTF-16 units all under 1,024 (nearly every key's) by one small integer
   * made from their codes, so that building makes no string per trigram; others by their text.
   */
  private readonly smallGrams = new Map<number, number>();
  private readonly otherGrams = new Map<string, number>();
  private gramCount = 0;
  private readonly offsets: Int32Array;
  private readonly postings: Int32Array;
  /** distinct trigrams per key, and per-key shared-trigram counts of the current query (reset after each) */
  private readonly scratch: RankScratch;

  /** `keys`: the names' nameKey()s when the caller has them already (a NameIndex does): not made twice */
  constructor(names: readonly string[], givenKeys?: readonly string[]) {
    // the keys as strings while building (sorting and trigrams), packed once built
    const keys = givenKeys ?? names.map((n) => nameKey(n));
    this.count = keys.length;
    [this.nameText, this.nameAt] = pack(names);
    [this.keyText, this.keyAt] = pack(keys);
    this.less = codePointLess(keys);
    this.sorted = sortedIndices(keys, this.less);
    // every key's distinct trigram ids, flat (one allocation for all keys, not an array each)
    // sized once (a key of length L has L trigrams, padded): no growing copies while building
    const flat = new Int32Array(this.keyAt[keys.length]);
    const starts = new Int32Array(keys.length + 1);
    let used = 0;
    keys.forEach((k, i) => {
      const from = used;
      const padded = ` ${k} `;
      for (let p = 0; p + 3 <= padded.length; p++) flat[used++] = this.gramAt(padded, p, true);
      used = from + dedupe(flat.subarray(from, used));
      starts[i + 1] = used;
    });
    const counts = new Int32Array(this.gramCount + 1);
    for (let j = 0; j < used; j++) counts[flat[j] + 1]++;
    for (let g = 1; g < counts.length; g++) counts[g] += counts[g - 1];
    this.offsets = counts;
    this.postings = new Int32Array(used);
    const fill = counts.slice(0, -1);
    for (let i = 0; i < keys.length; i++) for (let j = starts[i]; j < starts[i + 1]; j++) this.postings[fill[flat[j]]++] = i;
    this.scratch = { gramCounts: Int32Array.from({ length: keys.length }, (_, i) => starts[i + 1] - starts[i]), hits: new Int32Array(keys.length) };
  }

  get size(): number {
    return this.count;
  }

  name(i: number): string {
    return this.nameText.slice(this.nameAt[i], this.nameAt[i + 1]);
  }

  key(i: number): string {
    return this.keyText.slice(this.keyAt[i], this.keyAt[i + 1]);
  }

  /** the i-th name in key order (a store writes them in that order) */
  sortedAt(j: number): number {
    return this.sorted[j];
  }

  /** the i-th name's distinct trigrams */
  gramsOf(i: number): number {
    return this.scratch.gramCounts[i];
  }

  /** Every trigram with the names that have it (ascending): what a store keeps per trigram. */
  *trigrams(): Generator<[gram: string, ids: Int32Array]> {
    for (const [code, id] of this.smallGrams) yield [String.fromCharCode(code >> 20, (code >> 10) & 1023, code & 1023), this.postings.subarray(this.offsets[id], this.offsets[id + 1])];
    for (const [gram, id] of this.otherGrams) yield [gram, this.postings.subarray(this.offsets[id], this.offsets[id + 1])];
  }

  /** the id of the trigram s[p, p + 3); a new one when `add`, else -1 for one no key has */
  private gramAt(s: string, p: number, add: boolean): number {
    const a = s.charCodeAt(p);
    const b = s.charCodeAt(p + 1);
    const c = s.charCodeAt(p + 2);
    let id: number | undefined;
    if ((a | b | c) < 1024) {
      const code = (a << 20) | (b << 10) | c;
      id = this.smallGrams.get(code);
      if (id === undefined && add) this.smallGrams.set(code, (id = this.gramCount++));
    } else {
      const g = s.slice(p, p + 3);
      id = this.otherGrams.get(g);
      if (id === undefined && add) this.otherGrams.set(g, (id = this.gramCount++));
    }
    return id ?? -1;
  }

  /** Up to n names: starting with the input (shortest first), containing it, then nearest (see rankNames). */
  suggest(input: string, n = 5): string[] {
    return runSteps(rankNames(input, n, this.count, () => this.scratch), (need) => this.answer(need));
  }

  private answer(need: SuggestNeed): unknown {
    switch (need.kind) {
      case 'names':
        return need.ids.map((i) => this.name(i));
      case 'keys':
        return need.ids.map((i) => this.key(i));
      case 'prefixed': {
        const lo = firstNot(this.sorted.length, (j) => this.less(this.key(this.sorted[j]), need.key));
        const out: Prefixed = { ids: [], keys: [], names: null };
        for (let j = lo; j < this.sorted.length && j < lo + need.limit; j++) {
          const k = this.key(this.sorted[j]);
          if (!k.startsWith(need.key)) break;
          out.ids.push(this.sorted[j]);
          out.keys.push(k);
        }
        return out;
      }
      case 'postings':
        return need.grams.map((g): Posting | null => {
          const id = this.gramAt(g, 0, false);
          return id < 0 ? null : { ids: this.postings.subarray(this.offsets[id], this.offsets[id + 1]), counts: null };
        });
      case 'containing': {
        const out: Found = { ids: [], keys: [] };
        for (const i of need.candidates) {
          const k = this.key(i);
          if (k.includes(need.key)) out.ids.push(i), out.keys.push(k);
        }
        return out;
      }
    }
  }
}

/** The strings joined into one, and where each starts (offsets[i] to offsets[i + 1]). */
function pack(strings: readonly string[]): [string, Int32Array] {
  const offsets = new Int32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = offsets[i] + strings[i].length;
  // join makes a flat string of its own (a + b would keep a rope of the pieces alive)
  return [strings.join(''), offsets];
}

/** Sorts a few ids in place and moves the distinct ones to the front; returns how many. */
function dedupe(ids: Int32Array): number {
  ids.sort();
  let n = 0;
  for (let j = 0; j < ids.length; j++) if (j === 0 || ids[j] !== ids[j - 1]) ids[n++] = ids[j];
  return n;
}

/**
 * Autocomplete over ids (user names such as 'doctr' or '76561197970982479'): the ids that start
 * with the input, case-insensitive, shortest first, equal lengths in order of their lower-cased
 * spelling (code points, then index). Keeps only a sorted Int32Array beside the caller's array
 * (no trigram index: ids are typed from their start, and 70 k ids cost 280 KB).
 */
export class PrefixSuggester {
  private readonly sorted: Int32Array;
  private readonly less: (a: string, b: string) => boolean;

  constructor(private readonly ids: readonly string[]) {
    const lower = ids.map(idKey);
    this.less = codePointLess(lower);
    this.sorted = sortedIndices(lower, this.less);
  }

  /** the ids, in the order given */
  list(): readonly string[] {
    return this.ids;
  }

  /** the j-th id in order of their lower-cased spelling */
  sortedAt(j: number): number {
    return this.sorted[j];
  }

  suggest(input: string, n = 5): string[] {
    const key = idPrefix(input);
    const lo = firstNot(this.sorted.length, (j) => this.less(idKey(this.ids[this.sorted[j]]), key));
    // the n shortest of the ids starting with key (one range of the sorted order), in that order among equal lengths
    const best: number[] = [];
    for (let j = lo; j < this.sorted.length; j++) {
      const id = this.ids[this.sorted[j]];
      if (!idKey(id).startsWith(key)) break;
      if (best.length === n && id.length >= this.ids[best[n - 1]].length) continue;
      let at = best.length;
      while (at > 0 && this.ids[best[at - 1]].length > id.length) at--;
      best.splice(at, 0, this.sorted[j]);
      if (best.length > n) best.pop();
    }
    return best.map((i) => this.ids[i]);
  }
}

/**
 * Autocomplete over integer ids (streaming's users): the ids whose decimal form starts with the
 * input, shortest first. Each length is one range of a sorted Int32Array ('12' → 12, 120–129,
 * 1200–1299, …), so there is no string per id.
 */
export class NumericPrefixSuggester {
  private readonly sorted: Int32Array;

  constructor(ids: Iterable<number>) {
    this.sorted = Int32Array.from(ids).sort();
  }

  get maxDigits(): number {
    return String(this.sorted[this.sorted.length - 1] ?? 0).length;
  }

  /** every id that can be suggested (the non-negative ones), ascending */
  suggestable(): Int32Array {
    return this.sorted.subarray(lowerBound(this.sorted, 0));
  }

  suggest(input: string, n = 5): string[] {
    const found: string[] = [];
    for (const { len, q } of numericLengths(input, this.maxDigits)) {
      const scale = 10 ** (len - q.length);
      const base = q === '' ? 0 : Number(q) * scale;
      // ids of exactly `len` digits starting with q (a leading zero starts none of them)
      const lo = Math.max(base, len === 1 ? 0 : 10 ** (len - 1));
      const hi = Math.min(q === '' ? 10 ** len : base + scale, 10 ** len);
      for (let j = lowerBound(this.sorted, lo); j < this.sorted.length && this.sorted[j] < hi && found.length < n; j++) found.push(String(this.sorted[j]));
      if (found.length >= n) break;
    }
    return found;
  }
}

/** The digit counts whose ids may start with the input (shortest first), and the digits typed; none for other input. */
export function numericLengths(input: string, maxDigits: number): { len: number; q: string }[] {
  const q = input.trim();
  if (!/^\d{0,10}$/.test(q)) return [];
  const out: { len: number; q: string }[] = [];
  for (let len = Math.max(q.length, 1); len <= maxDigits; len++) {
    if (q.startsWith('0') && len > 1) break;
    out.push({ len, q });
  }
  return out;
}

/** The first j of 0…count−1 for which `before(j)` is false, `before` being true then false along j (binary search). */
function firstNot(count: number, before: (j: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of an ascending list whose value is ≥ x. */
export function lowerBound(a: Int32Array, x: number): number {
  return firstNot(a.length, (j) => a[j] < x);
}
