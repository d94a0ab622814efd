/**
 * The OpenAPI document's shared parts: the swagger options (info, servers, tags, security
 * schemes), the one error schema every error answer uses (registered once, referenced from every
 * route), and `responses(…)`, which gives a route its 200 and every error status it can send, each
 * with a description. Routes only say what is their own (the 200 and their 400/404/503 causes), so
 * a new pack's routes get the shared answers (keys, rate limit, long URLs) without listing them.
 */
import type { FastifyInstance } from 'fastify';
import type { SwaggerOptions } from '@fastify/swagger';
import type { Pack } from '../pack.js';
import { RECOPS_VERSION } from '../version.js';
import { ERROR_SCHEMA } from './errors.js';

/** The error schema's name: `#/components/schemas/Error` in the document, `Error#` in route schemas. */
export const ERROR_SCHEMA_ID = 'Error';

/** The statuses an error answer may carry, with what each means for any route. */
export const ERROR_STATUSES = {
  400: 'A parameter, query value or body is malformed: the message names it and says what is accepted.',
  401: 'No API key was sent where one is needed (keys configured with RECOPS_API_KEYS and the route protected, or every route with --require-key). Send `Authorization: Bearer KEY` or `x-api-key: KEY`.',
  403: 'The API key sent is not one of the configured keys.',
  404: 'Well formed, but names nothing in the data: the message says what is accepted (and `suggestions` the nearest known names, where there are any).',
  413: 'The body is over the size limit: the message says the limit.',
  414: 'The URL is too long.',
  415: 'The body is not JSON: send `content-type: application/json`.',
  429: 'Too many requests from this key or address (--rate-limit, per minute): `Retry-After` says how many seconds to wait.',
  503: 'The model this route answers from is not trained (or not trained on this warehouse): the message says how to train it.',
} as const;

export type ErrorStatus = keyof typeof ERROR_STATUSES;

/** What any route may answer, whatever its parameters: keys, rate limit, an over-long URL. */
const ANY_ROUTE: ErrorStatus[] = [401, 403, 414, 429];

const RETRY_AFTER = { 'retry-after': { type: 'integer', description: 'seconds to wait before retrying' } } as const;

/** One error answer: the shared schema by reference, with what this status means on this route. */
function errorResponse(status: ErrorStatus, why: string | true) {
  return {
    $ref: `${ERROR_SCHEMA_ID}#`,
    description: why === true ? ERROR_STATUSES[status] : why,
    ...(status === 429 ? { headers: RETRY_AFTER } : {}),
  };
}

/**
 * A route's `response` schema: the 200 answer (`description` says what it is; the schema keeps
 * its own `description` if it has one), the route's own error causes (true: the generic meaning),
 * and the statuses any route may send.
 */
export function responses(ok: { description: string; schema: object }, errors: Partial<Record<ErrorStatus, string | true>> = {}, opts: { etag?: boolean } = {}) {
  const out: Record<string, object> = { 200: { ...ok.schema, 'x-response-description': ok.description } };
  // a GET answer carries an ETag (the server's build id: answers change only when a new warehouse
  // or model goes live); sent back in If-None-Match it gets a 304 and no body. `etag: false` for
  // answers read per request (health, metrics, the models page) and for POSTs
  if (opts.etag !== false) out[304] = { type: 'null', description: 'Not Modified: the `If-None-Match` ETag names the current answer; no body is sent' };
  const all = { ...Object.fromEntries(ANY_ROUTE.map((s) => [s, true])), ...errors } as Record<ErrorStatus, string | true>;
  for (const status of Object.keys(all).map(Number).sort((a, b) => a - b) as ErrorStatus[]) out[status] = errorResponse(status, all[status]);
  return out;
}

/** The routes that take a JSON body: what a body can do wrong besides failing its schema. */
export const BODY_ERRORS = { 413: true, 415: true } as const;

/** The error schema as a shared schema (`app.addSchema`), before any route refers to it. */
export const ERROR_COMPONENT = {
  $id: ERROR_SCHEMA_ID,
  ...ERROR_SCHEMA,
  description: 'Every error answer: the status, its name, a message saying what was wrong and what is accepted; `suggestions` (nearest known names) and `accepted` where they help.',
  properties: {
    statusCode: { ...ERROR_SCHEMA.properties.statusCode, description: 'the HTTP status, repeated' },
    error: { ...ERROR_SCHEMA.properties.error, description: "the status's name, e.g. 'Not Found'" },
    message: { ...ERROR_SCHEMA.properties.message, description: 'what was wrong and what is accepted' },
    suggestions: { ...ERROR_SCHEMA.properties.suggestions, description: 'known names nearest to the one given' },
    accepted: { ...ERROR_SCHEMA.properties.accepted, description: 'what the parameter accepts' },
  },
  example: { statusCode: 404, error: 'Not Found', message: "unknown genre 'acton'; did you mean: Action?", suggestions: ['Action'] },
} as const;

/** The packs' tags (one per pack, described by its title) and the server's own. */
function tags(packs: Pack[]) {
  return [
    ...packs.map((p) => ({ name: p.name, description: `${p.title}: analytics, search${p.models ? ' and the answers of its trained models' : ''}.` })),
    { name: 'models', description: "Each pack's trained models: live versions, evaluation report, model cards." },
    { name: 'profile', description: "Each pack's data profile, computed at its warehouse's build: statistics per column, alerts, correlations, the HTML report." },
    { name: 'ops', description: 'Liveness and metrics for operating the server.' },
  ];
}

/**
 * Options for @fastify/swagger. Keys are optional for every operation (`{}` in `security`): the
 * server asks for one only when keys are configured, and then only on the routes that say so in
 * their description, or on every route with --require-key; every operation declares 401 and 403.
 */
export function swaggerOptions(packs: Pack[]): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'recops API',
        version: RECOPS_VERSION,
        description:
          'Analytics and recommendations over entertainment catalogues, on the full data. Every error answers with the one `Error` schema. When the server has API keys (RECOPS_API_KEYS), `/metrics`, `/models/{pack}` and the details of `/health` need one, and every route does with `--require-key`.',
        contact: { name: 'recops maintainers' },
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      },
      servers: [{ url: '/', description: 'the server that serves this document' }],
      tags: tags(packs),
      components: {
        securitySchemes: {
          bearerKey: { type: 'http', scheme: 'bearer', description: 'an API key as `Authorization: Bearer KEY`' },
          headerKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'an API key as `x-api-key: KEY`' },
        },
      },
      security: [{}, { bearerKey: [] }, { headerKey: [] }],
    },
    // components are named by their $id ('Error'), not def-0
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  };
}

/** Registers the document's options and the shared error schema (before any route). */
export function addErrorSchema(app: FastifyInstance): void {
  app.addSchema(ERROR_COMPONENT);
}
