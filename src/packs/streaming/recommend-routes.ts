/**
 * `/streaming/recomendacion/{userId}?n=5` and `/streaming/prediccion/{userId}/{id}`, from the
 * live rating model (the Bayesian FM's posterior means, or the SVD of a warehouse trained before
 * it), read through the reader (answers.ts). A recommendation is an exact top-n over every
 * title the user has not rated: for n ≤ 20 read from the lists computed at train time, beyond
 * that searched per request (norm-pruned inner-product search); a prediction is one dot
 * product. A user without ratings gets the titles' biases (the best-liked titles) and a note.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { registerSuggestions, type Suggests } from '../../core/server/suggest.js';
import { MAX_N, type StreamingNames, type StreamingReader, type SuggestKind } from './answers.js';
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

/**
 * Registers `/suggest/streaming/{user,country,rating}` and the two rating routes over a reader
 * (`reader()` once per request; `names()` for autocomplete: in memory, or asked of the store).
 */
export function registerRatingRoutes(app: FastifyInstance, reader: () => StreamingReader, names: () => StreamingNames): void {
  const kind = (k: SuggestKind): Suggests => ({ suggest: (input, n) => names().suggester(k).suggest(input, n) });
  registerSuggestions(app, 'streaming', { user: kind('user'), country: kind('country'), rating: kind('rating') });

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
      const r = await reader().recommend(user, n);
      if (r.coldMean === undefined) return { usuario: user, recomendaciones: r.list };
      return {
        usuario: user,
        recomendaciones: r.list,
        nota: `el usuario ${user} no tiene valoraciones: se recomiendan los títulos mejor valorados (media ${r.coldMean} + sesgo del título)`,
      };
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
      const id = req.params.id.trim().toLowerCase();
      const p = await reader().predict(user, id);
      if (!p) throw notFound(`unknown title id '${req.params.id.trim().slice(0, 50)}'; ids are the platform letter (a, d, h, n) + show_id, e.g. 'ns123'`);
      const body: Record<string, unknown> = { usuario: user, id: p.id, titulo: p.titulo, plataforma: p.plataforma, rating_predicho: p.rating_predicho };
      if (!p.known) body.nota = `el usuario ${user} no tiene valoraciones: la predicción es la media más el sesgo del título`;
      else if (p.real !== undefined) body.rating_real = p.real;
      return body;
    },
  );
}
