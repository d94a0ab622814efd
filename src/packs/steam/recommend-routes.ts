/**
 * "Games like this one" and "games for this user", from the live trained models (loaded once at
 * server start; a request is a few thousand multiply-adds). Games nobody owns fall back to
 * content: games sharing the most genres, tags and developer (IDF-weighted), most owned first.
 */
import type { FastifyInstance } from 'fastify';
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { badName, CASE_AND_ACCENTS, HttpError, NAME_PARAM, notFound, unknownName } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { NameIndex } from '../../core/text/names.js';
import { PrefixSuggester } from '../../core/text/suggest.js';
import type { Suggests } from '../../core/server/suggest.js';
import { TopN } from '../../core/models/topk.js';
import { historyOf, NO_HISTORY } from '../../core/models/recommender.js';
import { loadLiveRecommenders, type ServingRecommenders } from './models.js';

const N = 5;

interface GameInfo {
  names: string[];
  /** content features per item index, as feature ids ('genre:x', 'tag:y', 'dev:z' numbered once: ~600 k strings fewer in memory) */
  features: Map<number, Int32Array>;
  /** feature id → the items that have it */
  postings: Int32Array[];
  /** feature name → id */
  featureIds: Map<string, number>;
}

async function loadGameInfo(wh: Warehouse, items: string[]): Promise<GameInfo> {
  const index = new Map(items.map((id, i) => [id, i]));
  const names = items.slice();
  const res = await wh.conn.runAndReadAll(`
    SELECT i.item_id, coalesce(g.app_name, g.title, n.item_name) AS name, g.genres, g.tags, g.developer
    FROM (SELECT item_id FROM games UNION SELECT item_id FROM item_names) i
    LEFT JOIN games g USING (item_id) LEFT JOIN item_names n USING (item_id)`);
  const features = new Map<number, Int32Array>();
  const featureIds = new Map<string, number>();
  const postingLists: number[][] = [];
  const idOf = (name: string) => {
    let id = featureIds.get(name);
    if (id === undefined) {
      featureIds.set(name, (id = postingLists.length));
      postingLists.push([]);
    }
    return id;
  };
  for (const [id, name, genres, tags, developer] of res.getRowsJS() as [string, string | null, string[] | null, string[] | null, string | null][]) {
    const i = index.get(id);
    if (i === undefined) continue;
    if (name) names[i] = name;
    const f = [...new Set([...(genres ?? []).map((g) => idOf(`genre:${g}`)), ...(tags ?? []).map((t) => idOf(`tag:${t}`)), ...(developer ? [idOf(`dev:${developer}`)] : [])])];
    if (!f.length) continue;
    features.set(i, Int32Array.from(f));
    for (const x of f) postingLists[x].push(i);
  }
  return { names, features, postings: postingLists.map((l) => Int32Array.from(l)), featureIds };
}

/** Games sharing the most IDF-weighted content features with `item`; ties: the most owned. */
function contentNeighbours(info: GameInfo, owners: Int32Array, item: number, n: number, exclude: Set<number>): number[] {
  const feats = info.features.get(item);
  if (!feats) return [];
  const total = info.features.size;
  const scores = new Map<number, number>();
  for (const f of feats) {
    const list = info.postings[f];
    const idf = Math.log(total / list.length);
    for (const j of list) if (!exclude.has(j)) scores.set(j, (scores.get(j) ?? 0) + idf);
  }
  const top = new TopN(n);
  for (const [j, s] of scores) top.push(j, s + 1e-6 * Math.log1p(owners[j]));
  return top.result().map((r) => r.item);
}

/** Owners per item, from the libraries the models were trained on. */
function ownerCounts(models: ServingRecommenders): Int32Array {
  const counts = new Int32Array(models.items.length);
  const { indices, indptr, nRows } = models.libraries;
  for (let k = 0; k < indptr[nRows]; k++) counts[indices[k]]++;
  return counts;
}

const notTrained = () =>
  new HttpError(503, 'no recommendation model is trained for this warehouse yet: run `recops train steam --db <warehouse>` and restart the server', {});

/** Registers the two routes; returns the autocomplete indexes they hold (games by name, users by id). */
export async function registerRecommendationRoutes(app: FastifyInstance, wh: Warehouse): Promise<{ game: Suggests; user: Suggests }> {
  const models = loadLiveRecommenders(wh.path);
  const info = models ? await loadGameInfo(wh, models.items) : null;
  const itemIndex = new Map(models?.items.map((id, i) => [id, i]) ?? []);
  const userIndex = new Map(models?.users.map((id, u) => [id, u]) ?? []);
  const userByLower = new Map<string, number>();
  models?.users.forEach((id, u) => {
    if (!userByLower.has(id.toLowerCase())) userByLower.set(id.toLowerCase(), u);
  });
  const gameNames = new NameIndex<number>();
  if (info) info.names.forEach((name, i) => gameNames.add(name, i, (a) => a));
  gameNames.addFoldedAliases().prepareSuggestions();
  // users without a library (reviewers only): the genres of what they reviewed
  const reviewerGenres = new Map<string, string[]>();
  const res = await wh.conn.runAndReadAll(`
    SELECT lower(r.user_id), list(DISTINCT g.genre) FROM reviews r
    JOIN (SELECT item_id, unnest(genres) AS genre FROM games) g USING (item_id)
    WHERE r.user_id NOT IN (SELECT DISTINCT user_id FROM user_items) GROUP BY 1`);
  for (const [u, genres] of res.getRowsJS() as [string, string[]][]) reviewerGenres.set(u, genres);
  const knownUsers = new Set((await wh.conn.runAndReadAll('SELECT lower(user_id) FROM users')).getRowsJS().map((r) => String(r[0])));
  const owners = models ? ownerCounts(models) : new Int32Array(0);
  const genrePostings = new Map<string, Int32Array>();
  for (const [name, id] of info?.featureIds ?? []) if (name.startsWith('genre:')) genrePostings.set(name, info!.postings[id]);

  const tags = ['steam'];
  const ID = NAME_PARAM;
  const LIST = { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' }, maxItems: N }, minProperties: 1, maxProperties: 1 } as const;
  const BAD_ID = badName('id');
  const UNTRAINED = 'No recommendation model is trained for this warehouse: the message says how to train one.';

  app.get<{ Params: { item_id: string } }>(
    '/recomendacion_juego/:item_id',
    {
      schema: {
        summary: '5 games similar to a game (its Steam id, or its name)',
        description: 'Item-item cosine over who owns what (weighted by log hours), top-K kept per game; games nobody owns fall back to shared genres, tags and developer.',
        operationId: 'steamRecomendacionJuego',
        tags,
        params: { type: 'object', properties: { item_id: { ...ID, description: 'a Steam app id (e.g. 10) or a game name (any case)' } }, required: ['item_id'] },
        response: responses(
          { description: `One key, \`Juegos similares a {name}\`, whose value is ${N} game names`, schema: LIST },
          { 400: BAD_ID, 404: 'No game has that id or name (`suggestions`: the nearest names; `GET /suggest/steam/game` lists them).', 503: UNTRAINED },
        ),
      },
    },
    async (req) => {
      if (!models || !info) throw notTrained();
      const raw = req.params.item_id.trim();
      let item = itemIndex.get(raw);
      if (item === undefined) item = gameNames.get(raw)?.value;
      if (item === undefined) {
        throw unknownName(gameNames, 'game', raw, { accepted: `a Steam app id (e.g. ${models.items[0]}) or a game's name`, listedAt: '/suggest/steam/game', note: CASE_AND_ACCENTS });
      }
      const picked = models.itemknn.similarItems(item, N).map((s) => s.item);
      if (picked.length < N) picked.push(...contentNeighbours(info, owners, item, N - picked.length, new Set([item, ...picked])));
      return { [`Juegos similares a ${info.names[item]}`]: picked.map((i) => info.names[i]) };
    },
  );

  app.get<{ Params: { user_id: string } }>(
    '/recomendacion_usuario/:user_id',
    {
      schema: {
        summary: '5 games for a user, none of which they own',
        description: 'Implicit ALS over all libraries; user ids are case-insensitive. Users without a library get the most owned games of the genres they reviewed.',
        operationId: 'steamRecomendacionUsuario',
        tags,
        params: { type: 'object', properties: { user_id: { ...ID, description: 'a Steam user id (any case)' } }, required: ['user_id'] },
        response: responses(
          { description: `One key, \`Recomendaciones para usuario {id}\`, whose value is ${N} game names`, schema: LIST },
          { 400: BAD_ID, 404: 'No user has a library or a review under that id (`GET /suggest/steam/user` lists ids).', 503: UNTRAINED },
        ),
      },
    },
    async (req) => {
      if (!models || !info) throw notTrained();
      const raw = req.params.user_id.trim();
      const u = userIndex.get(raw) ?? userByLower.get(raw.toLowerCase());
      if (u !== undefined) {
        const recs = models.als.recommend(u, historyOf(models.libraries, u), N);
        return { [`Recomendaciones para usuario ${models.users[u]}`]: recs.map((r) => info.names[r.item]) };
      }
      if (!knownUsers.has(raw.toLowerCase())) {
        const accepted = 'the id of a user with a library or a review (case-insensitive); GET /suggest/steam/user?q=<the start of an id> lists them';
        throw notFound(`unknown user '${raw.slice(0, 100)}': no library and no review under that id. Accepted: ${accepted}.`, { accepted });
      }
      // a reviewer without a library: popular games of the genres they reviewed, else popular overall
      const genres = reviewerGenres.get(raw.toLowerCase()) ?? [];
      const candidates = new Set<number>();
      for (const g of genres) for (const i of genrePostings.get(`genre:${g}`) ?? []) candidates.add(i);
      const recs = candidates.size >= N ? models.popularity.rankAmong(candidates, N) : models.popularity.recommend(-1, NO_HISTORY, N);
      return { [`Recomendaciones para usuario ${raw}`]: recs.map((r) => info.names[r.item]) };
    },
  );
  return { game: gameNames, user: new PrefixSuggester(models?.users ?? []) };
}
