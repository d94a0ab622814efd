/**
 * "Games like this one" and "games for this user", from the live trained models (answers.ts
 * computes them: item-item neighbours, falling back to content for games nobody owns; implicit
 * ALS over a library; the genres a library-less reviewer reviewed). The routes ask a reader.
 */
import type { FastifyInstance } from 'fastify';
import { badName, CASE_AND_ACCENTS, HttpError, NAME_PARAM, notFound, unknownName } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { N, STORE_DOWN, type SteamReader } from './answers.js';

const notTrained = (r: SteamReader) =>
  new HttpError(503, `no recommendation model is trained for this warehouse yet: run \`recops train steam --db <warehouse>\` ${r.local.afterTraining}`, {});

/** Registers the two routes over a reader (one per request). */
export async function registerRecommendationHandlers(app: FastifyInstance, reader: () => SteamReader): Promise<void> {
  const tags = ['steam'];
  const ID = NAME_PARAM;
  const LIST = { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' }, maxItems: N }, minProperties: 1, maxProperties: 1 } as const;
  const BAD_ID = badName('id');
  const UNTRAINED = `No recommendation model is trained for this warehouse: the message says how to train one. ${STORE_DOWN}`;

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
      const r = reader();
      if (!r.local.recommender) throw notTrained(r);
      const raw = req.params.item_id.trim();
      const found = await r.similarGames(raw);
      if (!found) {
        throw await unknownName(r.local.names.game, 'game', raw, { accepted: `a Steam app id (e.g. ${r.local.recommender.exampleItem}) or a game's name`, listedAt: '/suggest/steam/game', note: CASE_AND_ACCENTS });
      }
      return { [`Juegos similares a ${found.name}`]: found.list };
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
      const r = reader();
      if (!r.local.recommender) throw notTrained(r);
      const raw = req.params.user_id.trim();
      const found = await r.forUser(raw);
      if (!found) {
        const accepted = 'the id of a user with a library or a review (case-insensitive); GET /suggest/steam/user?q=<the start of an id> lists them';
        throw notFound(`unknown user '${raw.slice(0, 100)}': no library and no review under that id. Accepted: ${accepted}.`, { accepted });
      }
      return { [`Recomendaciones para usuario ${found.name}`]: found.list };
    },
  );
}
