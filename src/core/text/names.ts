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

  /** Up to `n` known names closest to the input (prefix and substring matches first, then edit distance). */
  suggest(input: string, n = 5): string[] {
    const key = nameKey(input).slice(0, 100);
    if (!key) return this.keys.slice(0, n).map((k) => this.byKey.get(k)!.name);
    const scored: { key: string; score: number }[] = [];
    for (const k of this.keys) {
      let score: number;
      if (k.startsWith(key)) score = -2 + k.length / 1000;
      else if (k.includes(key)) score = -1 + k.length / 1000;
      else score = distance(key, k.length > key.length + 20 ? k.slice(0, key.length + 20) : k);
      scored.push({ key: k, score });
    }
    scored.sort((a, b) => a.score - b.score || (a.key < b.key ? -1 : 1));
    return scored.slice(0, n).map((s) => this.byKey.get(s.key)!.name);
  }
}
