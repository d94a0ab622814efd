import { distance } from 'fastest-levenshtein';
import { nameKey } from './names.js';

/**
 * "Did you mean" over up to a few hundred thousand names (134 k actors at full size) in well
 * under a millisecond: names starting with the input (shortest first), then names containing
 * it, then the nearest by edit distance among the most similar by trigrams. A sorted key array
 * serves prefixes; CSR trigram postings on typed arrays, counted into a reused Int32Array with
 * only the best candidates kept, serve the rest. (A first version counted bigrams in a Map and
 * sorted every candidate: 25–120 ms per miss over 35–134 k names, more than the lookup itself.)
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
  /** key indices in key order, for prefix search */
  private readonly sorted: Int32Array;
  /**
   * Trigram ids: three UTF-16 units all under 1,024 (nearly every key's) by one small integer
   * made from their codes, so that building makes no string per trigram; others by their text.
   */
  private readonly smallGrams = new Map<number, number>();
  private readonly otherGrams = new Map<string, number>();
  private gramCount = 0;
  private readonly offsets: Int32Array;
  private readonly postings: Int32Array;
  /** distinct trigrams per key */
  private readonly gramCounts: Int32Array;
  /** per-key shared-trigram counts of the current query (reset after each) */
  private readonly hits: Int32Array;

  /** `keys`: the names' nameKey()s when the caller has them already (a NameIndex does): not made twice */
  constructor(names: string[], givenKeys?: string[]) {
    // the keys as strings while building (sorting and trigrams), packed once built
    const keys = givenKeys ?? names.map((n) => nameKey(n));
    this.count = keys.length;
    [this.nameText, this.nameAt] = pack(names);
    [this.keyText, this.keyAt] = pack(keys);
    const byKey = Array.from(keys.keys()).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    this.sorted = Int32Array.from(byKey);
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
    this.gramCounts = Int32Array.from({ length: keys.length }, (_, i) => starts[i + 1] - starts[i]);
    this.hits = new Int32Array(keys.length);
  }

  get size(): number {
    return this.count;
  }

  private name(i: number): string {
    return this.nameText.slice(this.nameAt[i], this.nameAt[i + 1]);
  }

  private key(i: number): string {
    return this.keyText.slice(this.keyAt[i], this.keyAt[i + 1]);
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

  private posting(g: string): Int32Array | null {
    const id = this.gramAt(g, 0, false);
    return id < 0 ? null : this.postings.subarray(this.offsets[id], this.offsets[id + 1]);
  }

  /** Up to n names: starting with the input (shortest first), containing it, then nearest. */
  suggest(input: string, n = 5): string[] {
    const key = nameKey(input).slice(0, 100);
    if (!key || this.count === 0) return Array.from({ length: Math.min(n, this.count) }, (_, i) => this.name(i));
    const scored = new Map<number, number>();
    this.prefixed(key, scored);
    if (scored.size < n) this.containing(key, scored);
    if (scored.size < n) for (const i of this.similar(key, 4 * n)) if (!scored.has(i)) scored.set(i, distance(key, this.key(i)));
    return [...scored]
      .sort((a, b) => a[1] - b[1] || (this.key(a[0]) < this.key(b[0]) ? -1 : 1))
      .slice(0, n)
      .map(([i]) => this.name(i));
  }

  /** Keys starting with key (at most 2,000 looked at: a one-letter input matches thousands). */
  private prefixed(key: string, scored: Map<number, number>): void {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.key(this.sorted[mid]) < key) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo; j < this.sorted.length && j < lo + 2000; j++) {
      const k = this.key(this.sorted[j]);
      if (!k.startsWith(key)) break;
      scored.set(this.sorted[j], -2 + k.length / 1000);
    }
  }

  /** Keys containing key elsewhere: every such key has all of key's trigrams, so the rarest one's posting list holds them all. */
  private containing(key: string, scored: Map<number, number>): void {
    if (key.length < 3) return;
    let rarest: Int32Array | null = null;
    for (let p = 0; p + 3 <= key.length; p++) {
      const list = this.posting(key.slice(p, p + 3));
      if (!list) return; // a trigram no key has: nothing contains the input
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    for (let j = 0; rarest && j < rarest.length && j < 5000; j++) {
      const i = rarest[j];
      if (!scored.has(i)) {
        const k = this.key(i);
        if (k.includes(key)) scored.set(i, -1 + k.length / 1000);
      }
    }
  }

  /** The `limit` keys with the highest trigram Dice similarity to key (ties: smaller index). */
  private similar(key: string, limit: number): number[] {
    const grams = [...new Set(trigrams(key))];
    const touched: number[] = [];
    for (const g of grams) {
      const list = this.posting(g);
      if (!list) continue;
      for (let j = 0; j < list.length; j++) if (this.hits[list[j]]++ === 0) touched.push(list[j]);
    }
    // keep the best `limit` in a small array sorted by score, best first
    const best: { i: number; dice: number }[] = [];
    for (const i of touched) {
      const dice = (2 * this.hits[i]) / (grams.length + this.gramCounts[i]);
      this.hits[i] = 0;
      if (best.length === limit && (dice < best[limit - 1].dice || (dice === best[limit - 1].dice && i > best[limit - 1].i))) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1].dice < dice || (best[at - 1].dice === dice && best[at - 1].i > i))) at--;
      best.splice(at, 0, { i, dice });
      if (best.length > limit) best.pop();
    }
    return best.map((b) => b.i);
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

function trigrams(key: string): string[] {
  const padded = ` ${key} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/**
 * Autocomplete over ids (user names such as 'doctr' or '76561197970982479'): the ids that start
 * with the input, case-insensitive, shortest first. Keeps only a sorted Int32Array beside the
 * caller's array (no trigram index: ids are typed from their start, and 70 k ids cost 280 KB).
 */
export class PrefixSuggester {
  private readonly sorted: Int32Array;

  constructor(private readonly ids: string[]) {
    const lower = ids.map((s) => s.toLowerCase());
    this.sorted = Int32Array.from(Array.from(ids.keys()).sort((a, b) => (lower[a] < lower[b] ? -1 : lower[a] > lower[b] ? 1 : 0)));
  }

  suggest(input: string, n = 5): string[] {
    const key = input.trim().toLowerCase().slice(0, 200);
    // the ids starting with key are one range of the sorted order: [first ≥ key, first ≥ key + U+FFFF)
    const bound = (x: string) => {
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.ids[this.sorted[mid]].toLowerCase() < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const from = bound(key);
    const to = bound(key + '\uffff');
    // the n shortest of the range, in range (alphabetical) order among equal lengths
    const best: number[] = [];
    for (let j = from; j < to; j++) {
      const len = this.ids[this.sorted[j]].length;
      if (best.length === n && len >= this.ids[this.sorted[best[n - 1]]].length) continue;
      let at = best.length;
      while (at > 0 && this.ids[this.sorted[best[at - 1]]].length > len) at--;
      best.splice(at, 0, j);
      if (best.length > n) best.pop();
    }
    return best.map((j) => this.ids[this.sorted[j]]);
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

  suggest(input: string, n = 5): string[] {
    const q = input.trim();
    if (!/^\d{0,10}$/.test(q)) return [];
    const found: string[] = [];
    const maxLen = String(this.sorted[this.sorted.length - 1] ?? 0).length;
    for (let len = Math.max(q.length, 1); len <= maxLen && found.length < n; len++) {
      const scale = 10 ** (len - q.length);
      const base = q === '' ? 0 : Number(q) * scale;
      // ids of exactly `len` digits starting with q (a leading zero starts none of them)
      const lo = Math.max(base, len === 1 ? 0 : 10 ** (len - 1));
      const hi = Math.min(q === '' ? 10 ** len : base + scale, 10 ** len);
      if (q.startsWith('0') && len > 1) break;
      for (let j = lowerBound(this.sorted, lo); j < this.sorted.length && this.sorted[j] < hi && found.length < n; j++) found.push(String(this.sorted[j]));
    }
    return found;
  }
}

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
