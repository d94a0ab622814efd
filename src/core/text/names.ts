import { decodeHTMLStrict } from 'entities';
import { NameSuggester } from './suggest.js';

/**
 * Names scraped from web pages carry HTML character references ('Animation &amp; Modeling',
 * '&gt;observer_', 'What&#146;s New'), some escaped twice ('What&amp;#146;s'): decoded until
 * nothing changes, to the text a reader of the store saw. Strict mode: only references closed by
 * ';' count, so 'AT&T' or 'Tom&amplifier' stay as written; numeric references in 128–159 follow
 * the HTML rule (Windows-1252: &#146; is ’).
 */
export function decodeEntities(s: string): string {
  for (let round = 0; round < 3 && s.includes('&'); round++) {
    const decoded = decodeHTMLStrict(s);
    if (decoded === s) break;
    s = decoded;
  }
  return s;
}

/**
 * NUL and lone surrogates (broken UTF-16 in the data) out of a key: a key is then text whose
 * UTF-8 bytes sort as its code points do, which is how a store serves names in order (Redis
 * compares members byte by byte); a lone surrogate reads as U+FFFD, as its UTF-8 would.
 */
const WELL_FORMED = /[\0\p{Cs}]/gu;

/**
 * Looking names up the way people type them: case-, accent- and surrounding-space-insensitive
 * ('ubisoft montreal' finds 'Ubisoft Montréal'), HTML references read as their characters, with
 * "did you mean" suggestions when nothing matches.
 */
export function nameKey(s: string): string {
  // the raw spelling ('Animation &amp; Modeling') finds the decoded name too
  return wellFormed(
    decodeEntities(s)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** `s` without NUL, its lone surrogates as U+FFFD (see WELL_FORMED): for keys made otherwise than by nameKey (ids) */
export function wellFormed(s: string): string {
  return s.replace(WELL_FORMED, (c) => (c === '\0' ? '' : '\ufffd'));
}

/** Letters NFKD does not decompose, so nameKey keeps them, and the ASCII people type for them. */
const FOLD: Record<string, string> = { ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ß: 'ss', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i' };
const FOLDABLE = /[øØæÆœŒßłŁđĐðÐþÞı]/g;

/**
 * A name with those letters spelled in ASCII ('Søren' → 'Soren', 'Straße' → 'Strasse'): the
 * spelling a keyboard without them gives. HTML references are read first ('S&oslash;ren').
 */
export function foldLetters(s: string): string {
  const text = decodeEntities(s);
  return text.replace(FOLDABLE, (ch) => FOLD[ch]);
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

  /**
   * Adds each name's ASCII spelling (foldLetters) as another way to find it: 'Soren Nelson'
   * finds 'Søren Nelson'. Call it once every name is in: a spelling that already is a name (or an
   * earlier alias) keeps its own answer. The aliases are names too (autocomplete and stores list
   * them), so typing either spelling finds the answer everywhere.
   */
  addFoldedAliases(): this {
    for (const key of this.keys.slice()) {
      const entry = this.byKey.get(key)!;
      const folded = foldLetters(entry.name);
      if (folded !== entry.name) this.add(folded, entry.value, (a) => a);
    }
    return this;
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

  /** every name's key (nameKey), in the order of names() */
  nameKeys(): readonly string[] {
    return this.keys;
  }

  private suggester: NameSuggester | null = null;

  /**
   * Up to `n` known names closest to the input: names that start with it, then names that
   * contain it, then the nearest by edit distance (see NameSuggester: well under a millisecond
   * over a hundred thousand names). Built on first use, rebuilt if names were added since.
   */
  suggest(input: string, n = 5): string[] {
    return this.prepareSuggestions().suggest(input, n);
  }

  /** Builds the suggestion index now (a server calls it at start so no request pays for it). */
  prepareSuggestions(): NameSuggester {
    if (!this.suggester || this.suggester.size !== this.keys.length) this.suggester = new NameSuggester(this.names(), this.keys);
    return this.suggester;
  }
}

export interface UnknownName {
  /** what was looked up: 'genre', 'movie title' */
  what: string;
  input: string;
  /** the nearest known names, best first (may be none) */
  suggestions: readonly string[];
  /** what the names are, with an example from the data: "a genre of the games, e.g. 'Action'" */
  accepted: string;
  /** where the accepted names are listed, e.g. '/suggest/steam/genre' (GET, `?q=` the start of a name) */
  listedAt?: string;
}

/**
 * What a 404 for a name that is not in the data says: the name asked for, the nearest known names
 * when there are any (never an empty "did you mean"), and always what is accepted and where the
 * accepted names are listed. Returns the message and the `accepted` field of the error body.
 */
export function unknownNameMessage(u: UnknownName): { message: string; accepted: string } {
  const asked = `unknown ${u.what} '${u.input.trim().slice(0, 100)}'`;
  const near = u.suggestions.length ? `; did you mean: ${u.suggestions.join(', ')}?` : `: no ${u.what} is spelled like it.`;
  const accepted = u.listedAt ? `${u.accepted}; GET ${u.listedAt}?q=<the start of a name> lists them` : u.accepted;
  return { message: `${asked}${near} Accepted: ${accepted}.`, accepted };
}
