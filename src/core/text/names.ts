import { distance } from 'fastest-levenshtein';

/**
 * Looking names up the way people type them: case-, accent- and surrounding-space-insensitive
 * ('ubisoft montreal' finds 'Ubisoft Montréal'), with "did you mean" suggestions when nothing matches.
 */
export function nameKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface NameEntry<T> {
  /** the spelling shown to users (as in the data) */
  name: string;
  value: T;
}

export class NameIndex<T> {
  private readonly byKey = new Map<string, NameEntry<T>>();
  private keys: string[] = [];

  /**
   * Adds a value under a spelling. Spellings that share a key ('Ubisoft Montreal' and
   * 'Ubisoft Montréal') are one entry: `merge` folds the values, `prefer` picks the spelling shown.
   */
  add(name: string, value: T, merge: (a: T, b: T) => T, prefer: (a: NameEntry<T>, b: NameEntry<T>) => boolean = () => false): void {
    const key = nameKey(name);
    if (!key) return;
    const old = this.byKey.get(key);
    if (!old) {
      this.byKey.set(key, { name, value });
      this.keys.push(key);
      return;
    }
    const incoming = { name, value };
    const shown = prefer(incoming, old) ? name : old.name;
    this.byKey.set(key, { name: shown, value: merge(old.value, value) });
  }

  get(input: string): NameEntry<T> | undefined {
    return this.byKey.get(nameKey(input));
  }

  get size(): number {
    return this.byKey.size;
  }

  names(): string[] {
    return this.keys.map((k) => this.byKey.get(k)!.name);
  }

  /**
   * Up to `n` known names closest to the input: names that start with it, then names that
   * contain it, then the nearest by edit distance. Edit distance is computed only for the names
   * sharing the most character bigrams with the input (an inverted index), so a miss costs
   * well under a millisecond even over tens of thousands of names.
   */
  suggest(input: string, n = 5): string[] {
    const key = nameKey(input).slice(0, 100);
    if (!key) return this.keys.slice(0, n).map((k) => this.byKey.get(k)!.name);
    const scored = new Map<number, number>();
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (k.startsWith(key)) scored.set(i, -2 + k.length / 1000);
      else if (k.includes(key)) scored.set(i, -1 + k.length / 1000);
    }
    if (scored.size < n) {
      for (const i of this.similarByBigrams(key, 4 * n)) {
        if (!scored.has(i)) scored.set(i, distance(key, this.keys[i]));
      }
    }
    return [...scored]
      .sort((a, b) => a[1] - b[1] || (this.keys[a[0]] < this.keys[b[0]] ? -1 : 1))
      .slice(0, n)
      .map(([i]) => this.byKey.get(this.keys[i])!.name);
  }

  private postings: Map<string, number[]> | null = null;

  /** Indices of the `limit` keys with the highest bigram Dice similarity to `key`. */
  private similarByBigrams(key: string, limit: number): number[] {
    if (!this.postings || this.postingsSize !== this.keys.length) {
      this.postings = new Map();
      this.keys.forEach((k, i) => {
        for (const g of new Set(bigrams(k))) {
          const list = this.postings!.get(g);
          if (list) list.push(i);
          else this.postings!.set(g, [i]);
        }
      });
      this.gramCounts = this.keys.map((k) => new Set(bigrams(k)).size);
      this.postingsSize = this.keys.length;
    }
    const grams = new Set(bigrams(key));
    const common = new Map<number, number>();
    for (const g of grams) for (const i of this.postings.get(g) ?? []) common.set(i, (common.get(i) ?? 0) + 1);
    return [...common]
      .map(([i, c]) => [i, (2 * c) / (grams.size + this.gramCounts[i])] as const)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([i]) => i);
  }

  private gramCounts: number[] = [];
  private postingsSize = -1;
}

function bigrams(s: string): string[] {
  const padded = ` ${s} `;
  const out: string[] = [];
  for (let i = 0; i + 2 <= padded.length; i++) out.push(padded.slice(i, i + 2));
  return out;
}
