/**
 * Price prediction routes. The load step (answers.ts) loads the trained models with the answers
 * for every catalogue game (priced at training time, or at load when the warehouse has changed
 * since), so `GET` is a lookup; `POST` prices a game that is not in the catalogue with the models
 * kept in memory: the shared feature function, one sparse dot product (ridge) and one walk down
 * each tree (gradient boosting).
 */
import type { FastifyInstance } from 'fastify';
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { HttpError, badRequest, notFound } from '../../core/server/errors.js';
import { BODY_ERRORS, responses } from '../../core/server/openapi.js';
import { PRICE_MODELS, type GameMeta, type PriceModelName } from './price.js';
import { catalogueGame, loadPriceAnswers, RESTART, STORE_DOWN, type SteamReader } from './answers.js';

/** What the POST body may hold; every field but `title` and `genres` is optional. */
export interface PriceRequestBody {
  title: string;
  genres: string[];
  tags?: string[];
  specs?: string[];
  early_access?: boolean;
  release_year?: number | null;
  developer?: string | null;
  publisher?: string | null;
}

const cents = (x: number) => Math.round(x * 100) / 100;

const STRING_LIST = (what: string) => ({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 100, description: what }) as const;

const BODY_SCHEMA = {
  type: 'object',
  description:
    'The metadata of a game that is not in the catalogue. Genres, tags and specs are matched case-insensitively against the training vocabulary; values never seen in training are ignored and listed in `valores_ignorados`. Unknown fields are refused.',
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 300, description: "the game's title (its length and patterns such as 'Soundtrack', 'DLC', 'Pack', 'Edition' are features)" },
    genres: STRING_LIST("store genres, e.g. ['Action', 'Indie']"),
    tags: STRING_LIST("user tags, e.g. ['Roguelike', 'Pixel Graphics']"),
    specs: STRING_LIST("store features, e.g. ['Single-player', 'Steam Achievements']"),
    early_access: { type: 'boolean', description: 'released as Early Access (default false)' },
    release_year: { type: ['integer', 'null'], minimum: 1970, maximum: 2100, description: 'release year (null or absent: unknown)' },
    developer: { type: ['string', 'null'], maxLength: 300, description: "developer studio as spelled on Steam; its catalogue size and its games' prices are features" },
    publisher: { type: ['string', 'null'], maxLength: 300, description: 'publisher as spelled on Steam' },
  },
  required: ['title', 'genres'],
} as const;
const BODY_FIELDS = new Set(Object.keys(BODY_SCHEMA.properties));

const PREDICTIONS = {
  type: 'object',
  description: 'every model’s prediction in USD',
  properties: Object.fromEntries(PRICE_MODELS.map((m) => [m, { type: 'number' }])),
  required: [...PRICE_MODELS],
} as const;

const GET_RESPONSE = {
  type: 'object',
  properties: {
    item_id: { type: 'string' },
    app_name: { type: ['string', 'null'] },
    precio_predicho: { type: 'number', description: 'predicted price in USD (the served model), rounded to cents' },
    precio_real: { type: ['number', 'null'], description: 'catalogue price in USD (0 for free games); null when the catalogue has no price' },
    modelo: { type: 'string', description: 'the served model: the one with the lowest hold-out RMSE at training time' },
    predicciones: PREDICTIONS,
  },
  required: ['item_id', 'app_name', 'precio_predicho', 'precio_real', 'modelo', 'predicciones'],
} as const;

const POST_RESPONSE = {
  type: 'object',
  properties: {
    titulo: { type: 'string' },
    precio_predicho: { type: 'number', description: 'predicted price in USD (the served model), rounded to cents' },
    modelo: { type: 'string' },
    predicciones: PREDICTIONS,
    valores_ignorados: {
      type: 'object',
      description: 'genres, tags and specs never seen in training: they did not count',
      properties: { genres: { type: 'array', items: { type: 'string' } }, tags: { type: 'array', items: { type: 'string' } }, specs: { type: 'array', items: { type: 'string' } } },
      required: ['genres', 'tags', 'specs'],
    },
  },
  required: ['titulo', 'precio_predicho', 'modelo', 'predicciones', 'valores_ignorados'],
} as const;

const notTrained = (r: PriceReader) => new HttpError(503, `no price model is trained for this warehouse yet: run \`recops train steam --db <warehouse>\` ${r.local.afterTraining}`, {});

/** What the price routes ask of a reader. */
export type PriceReader = Pick<SteamReader, 'catalogueGame'> & { local: Pick<SteamReader['local'], 'price' | 'afterTraining'> };

/**
 * The two price routes alone, in process, over the price models in `modelDir` (the folder
 * `trainPriceModels` wrote; null or empty: both routes answer 503 saying how to train).
 */
export async function registerPriceRoutes(app: FastifyInstance, wh: Warehouse, modelDir: string | null): Promise<void> {
  const price = await loadPriceAnswers(wh, modelDir);
  const reader: PriceReader = {
    local: { price: price.model, afterTraining: RESTART },
    catalogueGame: async (id) => catalogueGame(price, id),
  };
  await registerPriceHandlers(app, () => reader);
}

/** Registers `GET /prediccion_precio/{item_id}` and `POST /prediccion_precio` over a reader (one per request). */
export async function registerPriceHandlers(app: FastifyInstance, reader: () => PriceReader): Promise<void> {
  const tags = ['steam'];
  const UNTRAINED = `No price model is trained for this warehouse: the message says how to train one. ${STORE_DOWN}`;
  const rounded = (p: Record<PriceModelName, number>) => Object.fromEntries(PRICE_MODELS.map((m) => [m, cents(p[m])])) as Record<PriceModelName, number>;

  app.get<{ Params: { item_id: string } }>(
    '/prediccion_precio/:item_id',
    {
      schema: {
        summary: "A catalogue game's predicted price next to its actual price",
        description:
          'Predicted from the metadata only (genres, tags, specs, early access, release year, developer and publisher, title), never from the price itself: the game is left out of its studios’ price means. Games without a catalogue price get a prediction and `precio_real: null`.',
        operationId: 'steamPrediccionPrecio',
        tags,
        params: { type: 'object', properties: { item_id: { type: 'string', minLength: 1, maxLength: 200, description: 'Steam app id, e.g. 10' } }, required: ['item_id'] },
        response: responses(
          { description: "The game's predicted price, every model's prediction and its catalogue price", schema: GET_RESPONSE },
          { 400: 'The id is empty or over 200 characters.', 404: 'No catalogue game has that id (or it has no metadata): the message says to use `POST /prediccion_precio`.', 503: UNTRAINED },
        ),
      },
    },
    async (req) => {
      const r = reader();
      const model = r.local.price;
      if (!model) throw notTrained(r);
      const id = req.params.item_id.trim();
      const game = await r.catalogueGame(id);
      if (!game || game === 'library-only') {
        if (game === 'library-only') throw notFound(`game ${id} appears in users' libraries but has no metadata in the catalogue: describe it with POST /prediccion_precio`);
        throw notFound(`no game with id '${id.slice(0, 100)}' in the catalogue (ids are Steam app ids, e.g. 10); for a game not in the catalogue use POST /prediccion_precio`);
      }
      return {
        item_id: id,
        app_name: game.name,
        precio_predicho: cents(game.predictions[model.serving]),
        precio_real: game.actual,
        modelo: model.serving,
        predicciones: rounded(game.predictions),
      };
    },
  );

  app.post<{ Body: PriceRequestBody }>(
    '/prediccion_precio',
    {
      schema: {
        summary: 'Predict the price of a game that is not in the catalogue, from its metadata',
        description: 'A bad body answers 400 naming the field. The developer and publisher count with their catalogue games (this one included) and the prices of those games.',
        operationId: 'steamPrediccionPrecioNuevo',
        tags,
        body: BODY_SCHEMA,
        response: responses(
          { description: "The game's predicted price, every model's prediction and the values training never saw", schema: POST_RESPONSE },
          { 400: 'The body is not a JSON object of the accepted fields and types: the message names the field.', ...BODY_ERRORS, 503: UNTRAINED },
          { etag: false },
        ),
      },
    },
    async (req) => {
      const unknown = Object.keys(req.body).filter((k) => !BODY_FIELDS.has(k));
      if (unknown.length) throw badRequest(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k.slice(0, 50)}'`).join(', ')} in the body; accepted: ${[...BODY_FIELDS].join(', ')}`, { accepted: [...BODY_FIELDS].join(', ') });
      const r = reader();
      const model = r.local.price;
      if (!model) throw notTrained(r);
      const b = req.body;
      const game: GameMeta = {
        title: b.title,
        genres: b.genres,
        tags: b.tags ?? [],
        specs: b.specs ?? [],
        earlyAccess: b.early_access ?? false,
        releaseYear: b.release_year ?? null,
        developer: b.developer ?? null,
        publisher: b.publisher ?? null,
      };
      const { predictions, ignored } = model.predict(game, { inCatalogue: false, trainingPrice: null });
      return {
        titulo: b.title,
        precio_predicho: cents(predictions[model.serving]),
        modelo: model.serving,
        predicciones: rounded(predictions),
        valores_ignorados: ignored,
      };
    },
  );
}
