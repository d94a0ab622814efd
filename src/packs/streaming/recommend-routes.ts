/**
 * `/streaming/recomendacion/{userId}?n=5` and `/streaming/prediccion/{userId}/{id}`, from the
 * live rating model (loaded at server start: the Bayesian FM's posterior means, or the SVD of a
 * warehouse trained before it). A recommendation is an exact top-n over every
 * title the user has not rated: for n ≤ 20 read from the lists computed at train time, beyond
 * that searched per request (norm-pruned inner-product search); a prediction is one dot
 * product. A user without ratings gets the titles' biases (the best-liked titles) and a note.
 */
import type { FastifyInstance } from 'fastify';
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { HttpError, badRequest, notFound } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { TopN } from '../../core/models/topk.js';
import { NO_HISTORY } from '../../core/models/recommender.js';
import { loadLiveRatings } from './models.js';
import { registerSuggestions, type Suggests } from '../../core/server/suggest.js';
import { NumericPrefixSuggester } from '../../core/text/suggest.js';

const MAX_N = 100;
const USER_ACCEPTED = 'an integer user id, e.g. 1';

function userParam(raw: string): number {
  const s = raw.trim();
  if (!/^\d{1,10}$/.test(s) || Number(s) > 2 ** 31 - 1) throw badRequest(`'${raw.slice(0, 50)}' is not a user id; userId accepts ${USER_ACCEPTED}`, { accepted: USER_ACCEPTED });
  return Number(s);
}

function nParam(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 5;
  const s = raw.trim();
  if (!/^\d{1,4}$/.test(s) || Number(s) < 1 || Number(s) > MAX_N) throw badRequest(`n='${raw.slice(0, 50)}' is not accepted; n is an integer from 1 to ${MAX_N} (default 5)`, { accepted: `an integer from 1 to ${MAX_N}` });
  return Number(s);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export async function registerRatingRoutes(app: FastifyInstance, wh: Warehouse, nameKinds: Record<string, Suggests> = {}): Promise<void> {
  const live = loadLiveRatings(wh.path);
  const info = new Map<string, { title: string; platform: string; type: string }>();
  for (const [id, title, platform, type] of (await wh.conn.runAndReadAll('SELECT id, title, platform, type FROM titles')).getRowsJS() as string[][]) info.set(id, { title, platform, type });
  const untrained = () => new HttpError(503, 'no rating model is trained for this warehouse yet: run `recops train streaming --db <warehouse>` and restart the server', {});
  const describe = (i: number) => {
    const id = live!.items[i];
    const t = info.get(id);
    return { id, titulo: t?.title ?? null, plataforma: t?.platform ?? null };
  };
  // ids rated but absent from the catalogue are never recommended
  const notInCatalogue = new Uint8Array(live?.items.length ?? 0);
  live?.items.forEach((id, i) => (notInCatalogue[i] = info.has(id) ? 0 : 1));
  // users without ratings: the best-liked titles (μ + b_i), computed once
  const coldStart = live ? bestLiked(live.model.bi, MAX_N, (i) => info.has(live.items[i])) : [];
  // build the search index now (one sorted order per user-norm bucket), not on the first request
  // that asks for more than the precomputed lists hold
  if (live && live.model.nUsers > 0) live.model.recommend(0, NO_HISTORY, 1);
  registerSuggestions(app, 'streaming', { user: new NumericPrefixSuggester(live?.userIndex.keys() ?? []), ...nameKinds });

  const tags = ['streaming'];
  const ITEM = {
    type: 'object',
    properties: { id: { type: 'string' }, titulo: { type: ['string', 'null'] }, plataforma: { type: ['string', 'null'] }, rating_predicho: { type: 'number' } },
    required: ['id', 'titulo', 'plataforma', 'rating_predicho'],
  } as const;
  const USER_PARAM = { type: 'string', minLength: 1, maxLength: 50, description: USER_ACCEPTED } as const;
  const UNTRAINED = 'No rating model is trained for this warehouse: the message says how to train one.';

  app.get<{ Params: { userId: string }; Querystring: { n?: string } }>(
    '/streaming/recomendacion/:userId',
    {
      schema: {
        summary: 'The n titles (default 5, at most 100) with the highest predicted rating that the user has not rated',
        description: 'A Bayesian factorisation machine fitted by Gibbs sampling over all the ratings (user, title, the titles the user rated, the users who rated the title), served by its posterior means; the titles ranked exactly by predicted rating. Answers `{"usuario": 1, "recomendaciones": [{"id": "ns123", "titulo": ..., "plataforma": ..., "rating_predicho": 4.52}, ...]}`. A user id without ratings gets the best-liked titles and a `nota`.',
        tags,
        params: { type: 'object', properties: { userId: USER_PARAM }, required: ['userId'] },
        querystring: { type: 'object', properties: { n: { type: 'string', maxLength: 10, description: `how many titles, 1 to ${MAX_N} (default 5)` } } },
        operationId: 'streamingRecomendacion',
        response: responses(
          {
            description: 'The user and their recommendations, best first (a `nota` for a user without ratings)',
            schema: { type: 'object', properties: { usuario: { type: 'integer' }, recomendaciones: { type: 'array', items: ITEM, maxItems: MAX_N }, nota: { type: 'string' } }, required: ['usuario', 'recomendaciones'] },
          },
          { 400: `userId is not ${USER_ACCEPTED}, or n is not an integer from 1 to ${MAX_N}.`, 503: UNTRAINED },
        ),
      },
    },
    async (req) => {
      const user = userParam(req.params.userId);
      const n = nParam(req.query.n);
      if (!live) throw untrained();
      const u = live.userIndex.get(user);
      if (u === undefined) {
        const mu = live.model.mu;
        return {
          usuario: user,
          recomendaciones: coldStart.slice(0, n).map((i) => ({ ...describe(i), rating_predicho: round(live.model.predict(-1, i)) })),
          nota: `el usuario ${user} no tiene valoraciones: se recomiendan los títulos mejor valorados (media ${round(mu)} + sesgo del título)`,
        };
      }
      if (n <= live.top.k) {
        // precomputed at train time: a lookup
        const out = [];
        for (let j = 0; j < n; j++) {
          const i = live.top.items[u * live.top.k + j];
          if (i < 0) break;
          out.push({ ...describe(i), rating_predicho: round(live.top.scores[u * live.top.k + j]) });
        }
        return { usuario: user, recomendaciones: out };
      }
      const recs = live.model.recommend(u, { items: live.rated.items.subarray(live.rated.indptr[u], live.rated.indptr[u + 1]) }, n, { exclude: notInCatalogue });
      return { usuario: user, recomendaciones: recs.map((r) => ({ ...describe(r.item), rating_predicho: round(r.score) })) };
    },
  );

  app.get<{ Params: { userId: string; id: string } }>(
    '/streaming/prediccion/:userId/:id',
    {
      schema: {
        summary: 'The predicted rating (0.5 to 5) of a title for a user',
        description: 'Answers `{"usuario": 1, "id": "ns123", "titulo": ..., "plataforma": ..., "rating_predicho": 3.87}`, plus `rating_real` when the user has rated the title (their mean if several times) and a `nota` for a user without ratings (the title\'s mean and bias alone).',
        tags,
        params: { type: 'object', properties: { userId: USER_PARAM, id: { type: 'string', minLength: 1, maxLength: 50, description: "a title id: the platform letter (a, d, h, n) + show_id, e.g. 'ns123'" } }, required: ['userId', 'id'] },
        operationId: 'streamingPrediccion',
        response: responses(
          {
            description: "The predicted rating, and the user's own where they rated the title",
            schema: {
              type: 'object',
              properties: { usuario: { type: 'integer' }, ...ITEM.properties, rating_real: { type: 'number' }, nota: { type: 'string' } },
              required: ['usuario', 'id', 'titulo', 'plataforma', 'rating_predicho'],
            },
          },
          { 400: `userId is not ${USER_ACCEPTED}, or the id is empty or over 50 characters.`, 404: "Unknown title id (ids are the platform letter (a, d, h, n) + show_id, e.g. 'ns123').", 503: UNTRAINED },
        ),
      },
    },
    async (req) => {
      const user = userParam(req.params.userId);
      if (!live) throw untrained();
      const id = req.params.id.trim().toLowerCase();
      const i = live.itemIndex.get(id);
      if (i === undefined) throw notFound(`unknown title id '${req.params.id.trim().slice(0, 50)}'; ids are the platform letter (a, d, h, n) + show_id, e.g. 'ns123'`);
      const u = live.userIndex.get(user);
      const body: Record<string, unknown> = { usuario: user, ...describe(i), rating_predicho: round(live.model.predict(u ?? -1, i)) };
      if (u === undefined) body.nota = `el usuario ${user} no tiene valoraciones: la predicción es la media más el sesgo del título`;
      else {
        let sum = 0;
        let count = 0;
        for (let k = live.rated.indptr[u]; k < live.rated.indptr[u + 1]; k++) {
          if (live.rated.items[k] === i) {
            sum += live.rated.halfStars[k] / 2;
            count++;
          }
        }
        if (count) body.rating_real = round(sum / count);
      }
      return body;
    },
  );
}

/** Indices of the `n` largest biases among the allowed items (ties: smaller index). */
function bestLiked(bias: Float32Array, n: number, allowed: (i: number) => boolean): number[] {
  const top = new TopN(n);
  for (let i = 0; i < bias.length; i++) if (allowed(i)) top.push(i, bias[i]);
  return top.result().map((s) => s.item);
}
