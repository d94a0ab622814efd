/**
 * The Steam pack in a shared store (`recops publish steam`, `recops serve --store`). Keys, all
 * made from the load step's answers (answers.ts):
 *   meta                  the year ranges the year parameters accept, whether recommenders are trained
 *   names:{kind}          every name of a kind (game, developer, genre; user: every library's id) in
 *                         the in-process index's order, as a name list (src/core/store/names.ts):
 *                         "did you mean" and autocomplete ask the store, ranked as in-process
 *   genre:{nameKey}       a genre's hours per year and its top user (aliases repeat it)
 *   developer:{nameKey}   a developer's review counts per sentiment
 *   release:{year}        review counts of the games released that year
 *   top3:{kind}:{year}    the three names of /UsersRecommend, /UsersNotRecommend, /UsersWorstDeveloper
 *   game:{appId}          the 5 games like it; gamename:{nameKey} → its app id
 *   user:{lower-cased id} the 5 games for a user with a library (the first of its lower-cased id),
 *                         or, for a reviewer without one, the list alone (the answer names the id as typed)
 *   userx:{id}            a library user whose id differs only by case from an earlier one
 *   price:{appId}         a catalogue game's price answer, or 'library-only'
 *   price:model           the price models' saved files: a POST prices any game, so every replica
 *                         runs them from memory (read once per version)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { NameIndex, nameKey } from '../../core/text/names.js';
import { NameList } from '../../core/store/names.js';
import { viewNames, type AnswerStore, type PackStore } from '../../core/store/store.js';
import type { Suggests } from '../../core/server/suggest.js';
import { loadPriceModel, type CataloguePrice } from './price.js';
import {
  genreView,
  libraryRecommendations,
  loadSteam,
  reviewerRecommendations,
  similarGames,
  TOP3_KINDS,
  type GenreView,
  type Named,
  type Recommended,
  type Sentiment,
  type SteamLocal,
  type SteamNameKind,
  type SteamReader,
  type YearRange,
} from './answers.js';
import { registerSteamHandlers } from './routes.js';

interface Meta {
  postedYears: YearRange | null;
  releaseYearsRange: YearRange | null;
  recommender: { exampleItem: string } | null;
}

/** A user's key: a library's answer, or a reviewer's list (the answer names the id as typed). */
type UserAnswer = Recommended | { name?: undefined; list: string[] };

/** The price model folder's files (relative path → base64), null when none is trained. */
type ModelFiles = Record<string, string> | null;

const NAME_KINDS: SteamNameKind[] = ['game', 'developer', 'genre', 'user'];
const PUBLISH_AGAIN = 'and publish again';
/** the answers for every catalogue game, made again from the warehouse at publish: not needed by a replica */
const CATALOGUE_FILE = 'catalogue-prices.json';

function modelFiles(dir: string): ModelFiles {
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!(d === dir && name === CATALOGUE_FILE)) out[relative(dir, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** The price models from their files, through a scratch folder (the models load from a folder). */
function modelFromFiles(files: ModelFiles) {
  if (!files) return null;
  const dir = mkdtempSync(join(tmpdir(), 'recops-steam-price-'));
  try {
    for (const [path, data] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), Buffer.from(data, 'base64'));
    }
    return loadPriceModel(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every key of every name of an index, with its answer; the names as a name list. */
function byName<T, V>(out: Map<string, unknown>, prefix: string, index: NameIndex<T>, value: (name: string, v: T) => V): NameList {
  const names = index.names();
  for (const name of names) out.set(`${prefix}:${nameKey(name)}`, value(name, index.get(name)!.value));
  return NameList.text(names, index.nameKeys());
}

/** What a replica keeps local for Steam: all but the names, which stay in the store. */
type StoreLocal = Omit<SteamLocal, 'names'>;

/** The names of every kind, asked of the store: `names(key)` gives one list (of a version, or of the version each call reads). */
const storeNames = (names: (key: string) => Suggests): SteamLocal['names'] =>
  Object.fromEntries(NAME_KINDS.map((kind) => [kind, names(`names:${kind}`)])) as SteamLocal['names'];

export const steamStore: PackStore<StoreLocal> = {
  async prepare(wh: Warehouse) {
    const a = await loadSteam(wh);
    const out = new Map<string, unknown>();
    const s = a.analytics;
    const meta: Meta = { postedYears: s.postedYears, releaseYearsRange: s.releaseYearsRange, recommender: a.recommendations ? { exampleItem: a.recommendations.models.items[0] } : null };
    out.set('meta', meta);
    out.set('names:genre', byName(out, 'genre', s.genres, (name, g): Named<GenreView> => ({ name, value: genreView(g) })));
    out.set('names:developer', byName(out, 'developer', s.developers, (name, d): Named<Sentiment> => ({ name, value: d })));
    for (const [year, counts] of s.releaseYears) out.set(`release:${year}`, counts);
    for (const kind of TOP3_KINDS) for (const [year, names] of s.top3.get(kind)!) out.set(`top3:${kind}:${year}`, names);

    const r = a.recommendations;
    out.set('names:game', r ? NameList.text(r.gameNames.names(), r.gameNames.nameKeys()) : NameList.text([]));
    out.set('names:user', NameList.ids(r ? r.models.users : []));
    if (r) {
      r.models.items.forEach((id, i) => out.set(`game:${id}`, similarGames(r, i)));
      for (const name of r.gameNames.names()) {
        const key = `gamename:${nameKey(name)}`;
        if (!out.has(key)) out.set(key, r.models.items[r.gameNames.get(name)!.value]);
      }
      r.models.users.forEach((id, u) => {
        const lower = id.toLowerCase();
        out.set(r.userByLower.get(lower) === u ? `user:${lower}` : `userx:${id}`, libraryRecommendations(r, u));
      });
      // reviewers without a library: many share their genres, so each list is computed once
      const byGenres = new Map<string, string[]>();
      for (const lower of r.knownUsers) {
        if (r.userByLower.has(lower)) continue;
        const signature = (r.reviewerGenres.get(lower) ?? []).join('\0');
        let list = byGenres.get(signature);
        if (!list) byGenres.set(signature, (list = reviewerRecommendations(r, lower)));
        out.set(`user:${lower}`, { list } satisfies UserAnswer);
      }
    }

    const p = a.price;
    if (p.model) {
      for (const id of p.libraryOnly) out.set(`price:${id}`, 'library-only');
      for (const [id, game] of p.games) out.set(`price:${id}`, game);
    }
    out.set('price:model', p.dir ? modelFiles(p.dir) : null);
    return out;
  },

  async local(answers: AnswerStore) {
    const [meta, model] = await answers.mget<unknown>(['meta', 'price:model']);
    const m = (meta as Meta | undefined) ?? { postedYears: null, releaseYearsRange: null, recommender: null };
    return {
      postedYears: m.postedYears,
      releaseYearsRange: m.releaseYearsRange,
      recommender: m.recommender,
      price: modelFromFiles((model as ModelFiles | undefined) ?? null),
      afterTraining: PUBLISH_AGAIN,
    };
  },

  emptyLocal() {
    return {
      postedYears: null,
      releaseYearsRange: null,
      recommender: null,
      price: null,
      afterTraining: PUBLISH_AGAIN,
    };
  },

  async routes(app, view, localNow) {
    const reader = (): SteamReader => {
      const { answers, local } = view();
      return {
        local: { ...local, names: storeNames((key) => answers.names(key)) },
        genre: (input) => answers.get(`genre:${nameKey(input)}`),
        developer: (input) => answers.get(`developer:${nameKey(input)}`),
        releaseYear: (year) => answers.get(`release:${year}`),
        top3: (kind, year) => answers.get(`top3:${kind}:${year}`),
        similarGames: async (raw) => {
          const [byId, id] = await answers.mget<unknown>([`game:${raw}`, `gamename:${nameKey(raw)}`]);
          if (byId) return byId as Recommended;
          return id === undefined ? undefined : answers.get<Recommended>(`game:${id as string}`);
        },
        forUser: async (raw) => {
          const [exact, folded] = await answers.mget<UserAnswer>([`userx:${raw}`, `user:${raw.toLowerCase()}`]);
          const found = exact ?? folded;
          if (!found) return undefined;
          return found.name === undefined ? { name: raw, list: found.list } : { name: found.name, list: found.list };
        },
        catalogueGame: (id) => answers.get<CataloguePrice | 'library-only'>(`price:${id}`),
      };
    };
    // autocomplete reads the store too: the request's version, a 503 when the store cannot answer
    const names = storeNames((key) => viewNames(view, key));
    await registerSteamHandlers(app, reader, () => ({ ...localNow(), names }));
  },
};
