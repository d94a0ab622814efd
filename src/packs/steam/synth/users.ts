/** The user population shared by the libraries and the reviews: ids, steam ids, profile URLs. */
import { mixSeed, Random } from '../../../core/synth/random.js';
import { FULL, type SteamSynthOptions, Stream } from './spec.js';

export interface User {
  id: string;
  steamId: string;
  url: string;
  /** has a line in the items file (a few reviewers do not) */
  hasLibrary: boolean;
  /** has a line in the reviews file */
  reviews: boolean;
}

export interface Users {
  all: User[];
  itemDupLines: number;
  reviewDupLines: number;
}

const VANITY_WORDS = [
  'evcentric', 'riot', 'punch', 'doctr', 'minx', 'potatoes', 'nitemare', 'manwich', 'maple', 'mage', 'wackky', 'corrupted',
  'soul', 'jorell', 'pogi', 'cadmus', 'meat', 'company', 'queen', 'panda', 'death', 'hunter', 'dreams', 'empire', 'kamber',
  'rainbow', 'dashie', 'marble', 'shrine', 'bokk', 'serious', 'wolf', 'nitro', 'camo', 'sky', 'dog', 'gaming', 'vox',
  'policimo', 'bryce', 'banana', 'car', 'blackadder', 'janope', 'shadow', 'ninja', 'pixel', 'frost', 'viper', 'ghost',
];

/**
 * The shared user population: library users (the items file) and reviewers, who are nearly all
 * library users too (25,454 of 25,458 in the real data). Ids are steam64 numbers (~64%) or
 * vanity names ('js41637', 'evcentric', 'Riot-Punch'), a few of them all digits.
 */
export function makeUsers(opts: SteamSynthOptions): Users {
  const rng = new Random(mixSeed(opts.seed, Stream.Users));
  const itemLines = Math.max(1, Math.round(FULL.itemLines * opts.scale));
  const itemDupLines = itemLines >= 2 ? Math.max(1, Math.round(FULL.itemDupLines * opts.scale)) : 0;
  const reviewLines = Math.max(1, Math.round(FULL.reviewLines * opts.scale));
  const reviewDupLines = reviewLines >= 2 ? Math.max(1, Math.round(FULL.reviewDupLines * opts.scale)) : 0;
  const libraryUsers = itemLines - itemDupLines;
  const reviewers = reviewLines - reviewDupLines;
  const reviewOnly = Math.min(reviewers, Math.max(1, Math.round(FULL.reviewOnlyUsers * opts.scale)));

  const n = libraryUsers + reviewOnly;
  const used = new Set<string>();
  const usedSteamIds = new Set<string>();
  const all: User[] = [];
  for (let i = 0; i < n; i++) all.push(newUser(rng, used, usedSteamIds));
  // review-only users sit anywhere in the crawl order
  for (const i of sampleIndices(rng, n, reviewOnly)) {
    all[i].hasLibrary = false;
    all[i].reviews = true;
  }
  const candidates = all.map((u, i) => (u.hasLibrary ? i : -1)).filter((i) => i >= 0);
  for (const k of sampleIndices(rng, candidates.length, Math.min(candidates.length, reviewers - reviewOnly))) all[candidates[k]].reviews = true;
  return { all, itemDupLines, reviewDupLines };
}

function newUser(rng: Random, used: Set<string>, usedSteamIds: Set<string>): User {
  // steam64 = 76561197960265728 + account number; the sum is split so it stays below 2^53
  let steamId: string;
  do steamId = '765611' + String(97960265728 + Math.floor(3472 + 371329378 * Math.pow(rng.next(), 0.7)));
  while (usedSteamIds.has(steamId));
  usedSteamIds.add(steamId);
  let id: string;
  if (rng.chance(0.64) && !used.has(steamId)) id = steamId;
  else {
    id = vanityName(rng);
    while (used.has(id)) id += rng.int(0, 9);
  }
  used.add(id);
  const url = id === steamId ? `http://steamcommunity.com/profiles/${id}` : `http://steamcommunity.com/id/${id}`;
  return { id, steamId, url, hasLibrary: true, reviews: false };
}

function vanityName(rng: Random): string {
  const w = (): string => rng.pick(VANITY_WORDS);
  const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);
  const r = rng.next();
  if (r < 0.03) return String(rng.int(1000, 99999999)); // digit-only vanity names exist ('4801')
  if (r < 0.2) return w().slice(0, 2) + rng.int(100, 99999);
  if (r < 0.4) return w() + w();
  if (r < 0.55) return `${cap(w())}-${cap(w())}`;
  if (r < 0.65) return `${w()}_${w()}`;
  if (r < 0.8) return cap(w()) + cap(w()) + (rng.chance(0.5) ? rng.int(1, 999) : '');
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = '';
  for (let i = rng.int(6, 11); i > 0; i--) s += letters[rng.int(0, letters.length - 1)];
  return s;
}

/** k distinct indices of [0, n), in increasing order (partial Fisher-Yates). */
export function sampleIndices(rng: Random, n: number, k: number): number[] {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return Array.from(idx.subarray(0, k)).sort((a, b) => a - b);
}
