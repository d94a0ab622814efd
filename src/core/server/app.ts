import Fastify, { LogController, type FastifyInstance, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Pack } from '../pack.js';
import { openReadOnly, type Warehouse } from '../warehouse/warehouse.js';
import { RECOPS_VERSION } from '../version.js';
import { ERROR_SCHEMA, HttpError, errorBody } from './errors.js';
import { addErrorSchema, responses, swaggerOptions } from './openapi.js';
import { registerMetrics, type MetricsSource } from './metrics.js';
import { createHash, randomUUID } from 'node:crypto';
import AjvCompiler, { type BuildCompilerFromPool } from '@fastify/ajv-compiler';
import { Registry, modelsDirFor } from '../registry/registry.js';
import { hasOperatorAccess, notFoundOptions, registerSecurity, type SecurityOptions } from './security.js';
import { registerModelPage } from './model-page.js';
import { registerProfileRoutes } from './profile-routes.js';
import { fullGc } from './gc.js';
import { DEFAULT_WEB_DIR, registerWeb } from './web.js';
import type { StoreServing } from '../store/store.js';
import { registerPackPages } from './pack-pages.js';

export interface ServedPack {
  pack: Pack;
  db: string;
}

export interface AppOptions {
  packs: ServedPack[];
  /** request logs (pino JSON lines on stdout, or on the stream given) */
  logger?: boolean | { stream: { write(line: string): void } };
  /** API keys, CORS, rate limits, compression (security.ts); default: no keys, no CORS, no limit, compressed */
  security?: SecurityOptions;
  /** Fastify's trustProxy: the client address is read from x-forwarded-for when the peer is one of these proxies (addresses, CIDRs, proxy-addr's names such as 'uniquelocal'; true: any peer) */
  trustProxy?: boolean | string;
  /** the built web app served at `/` (default dist/web); false: API only */
  webDir?: string | false;
  /** packs answered from a shared store (`recops serve --store`) instead of a warehouse */
  store?: { serving: StoreServing; packs: Pack[] };
}

export interface PackHealth {
  db: string;
  builtAt: string | null;
  tables: Record<string, number>;
}

/** One log line per request (Fastify writes two: incoming and completed). */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url.slice(0, 300), route: request.routeOptions.url ?? null, status: reply.statusCode, ms: +reply.elapsedTime.toFixed(2) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request');
  }
}

/** longer path parameters are refused by the router (414) before any route runs */
const MAX_PARAM_LENGTH = 2000;

/**
 * The API server: one Fastify app, each pack's warehouse opened read-only, each pack's routes
 * registered with their schemas (validation, clear 400s and the OpenAPI page at /docs).
 * Stateless and read-only, so it scales by adding replicas.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino JSON lines, each with the request's id (taken from an x-request-id header, else a new UUID);
    // keys never reach a log line, even one that prints the headers
    logger: opts.logger ? { ...(opts.logger === true ? {} : opts.logger), redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]'], censor: '[redacted]' } } : false,
    logController: new OneLinePerRequest(),
    // a client's own id is kept when it looks like one (at most 128 visible characters): it is
    // written into every log line and answer, so anything else gets a new UUID
    requestIdHeader: false,
    genReqId: (req) => {
      const own = req.headers['x-request-id'];
      return typeof own === 'string' && /^[\x21-\x7e]{1,128}$/.test(own) ? own : randomUUID();
    },
    // long hostile path values get a clear 400 from the route schema instead of a bare 404
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, ignoreTrailingSlash: true },
    // the router's own refusals (a path parameter over maxParamLength, a bad percent-escape) in the
    // one error shape, with the right status name and without echoing the URL back
    frameworkErrors: (err, _request, frameworkReply) => {
      const reply = frameworkReply as FastifyReply;
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.code(414).send(errorBody(414, `the URL is too long: a path parameter may hold at most ${MAX_PARAM_LENGTH} characters`));
      if (err.code === 'FST_ERR_BAD_URL') return reply.code(400).send(errorBody(400, "the URL holds an invalid percent-escape: '%' must be followed by two hex digits of UTF-8 (write a literal '%' as %25)"));
      return reply.code(err.statusCode ?? 400).send(errorBody(err.statusCode ?? 400, 'the request could not be routed'));
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
    // path and query parameters are text and are coerced to the schema's types (`?n=5`); a JSON
    // body is not: `"early_access": "false"` is a 400 naming the field, not a silent true
    schemaController: { compilersFactory: { buildValidator: validatorPerPart() } },
  });

  // the build id: what every answer depends on (the code's version, each warehouse's build_info,
  // the live model runs), filled in as the packs load, read by the ETag hooks per request
  const build = createHash('sha256').update(RECOPS_VERSION);
  let buildId = '';
  // answers from a shared store change with its live versions, without a new app
  let stamp = '';
  let stampId = '';
  const storeId = () => {
    const now = opts.store!.serving.stamp();
    if (now !== stamp) [stamp, stampId] = [now, createHash('sha256').update(now).digest('base64url').slice(0, 10)];
    return stampId;
  };
  // first of all hooks: a request's answer and ETag read one version of each store-served pack
  const within = opts.store?.serving.within?.bind(opts.store.serving);
  if (within) app.addHook('onRequest', (_request, _reply, done) => within(done));
  await registerSecurity(app, opts.security ?? {}, opts.store ? () => `${buildId}.${storeId()}` : () => buildId);
  // bodies are JSON only: any other content type is a 415 that says so (Fastify also reads text/plain)
  app.removeContentTypeParser('text/plain');

  await app.register(swagger, swaggerOptions([...opts.packs.map((s) => s.pack), ...(opts.store?.packs ?? [])]));
  addErrorSchema(app);
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) return reply.code(err.statusCode).send(errorBody(err.statusCode, err.message, err.details));
    if ((err as FastifyError).validation) {
      return reply.code(400).send(errorBody(400, `invalid request: ${err.message.slice(0, 500)}`));
    }
    const body = bodyError(err as FastifyError, request);
    if (body) return reply.code(body.statusCode).send(body);
    const status = err.statusCode ?? 500;
    // Fastify's own messages may quote the input (a bad URL component): kept short
    if (status < 500) return reply.code(status).send(errorBody(status, err.message.slice(0, 300)));
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody(500, 'internal error; it has been logged'));
  });
  app.setNotFoundHandler(notFoundOptions(app), (request, reply) => {
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.slice(0, 200)}; the routes are listed at /docs`));
  });

  // every answer says which request it was, so a client's report can be found in the logs
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const metricsSources: MetricsSource[] = [];
  registerMetrics(app, metricsSources);

  if (opts.webDir !== false) {
    const webDir = opts.webDir ?? DEFAULT_WEB_DIR;
    // the web app's files are marked: no key, no rate limit, their own caching (web.ts)
    await app.register(async (web) => {
      web.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), webApp: true } as typeof route.config;
      });
      await registerWeb(web, webDir);
    });
  }
  registerModelPage(app, opts.packs);
  await registerProfileRoutes(app, opts.packs);

  const health: Record<string, PackHealth> = {};
  for (const { pack, db } of opts.packs) {
    const wh = await openReadOnly(db);
    health[pack.name] = await warehouseHealth(wh, pack);
    // read before the pack loads its models: a promotion meanwhile changes the next app's id
    build.update(`\0${pack.name}\0${await buildInfo(wh)}\0${liveRuns(db, pack.name)}`);
    metricsSources.push({ pack: pack.name, db, builtAt: health[pack.name].builtAt });
    if (pack.api) await pack.api(app, wh);
    // every route answers from what its pack loaded above: the warehouse is not needed to serve,
    // and closing it returns DuckDB's buffer memory (most of a pack's load at full scale)
    wh.close();
    // what the loads left behind (query results, temporary arrays) goes before the next pack
    // loads: the peak of a three-pack start is one pack's garbage lower
    fullGc();
  }
  for (const pack of opts.store?.packs ?? []) {
    const served = opts.store!.serving.add(pack.name, pack.store!);
    await pack.store!.routes(app, served.view, served.local);
  }

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness, the version and, per pack, when its warehouse was built and its row counts',
        description: 'With API keys configured (RECOPS_API_KEYS), the per-pack details (`packs`: warehouse paths and row counts) are sent only to a request with a key.',
        operationId: 'health',
        tags: ['ops'],
        response: responses({
          description: 'The server is up: its version, uptime and, per pack, its warehouse',
          schema: {
            type: 'object',
            properties: {
              status: { type: 'string', description: "'ok' while the server answers; 'degraded' while the shared store (--store) is unreachable: its packs answer 503" },
              version: { type: 'string' },
              uptimeSeconds: { type: 'number', description: 'seconds since the process started (with API keys configured: only to a request with a key, like packs)' },
              packs: {
                type: 'object',
                description: 'per pack served: its warehouse file, when it was built, its row counts per table',
                additionalProperties: {
                  type: 'object',
                  properties: { db: { type: 'string' }, builtAt: { type: ['string', 'null'] }, tables: { type: 'object', additionalProperties: { type: 'integer' } } },
                  required: ['db', 'builtAt', 'tables'],
                },
              },
              store: {
                type: 'object',
                description: "with --store: the shared store's URL (no password), whether it answers, and per pack the live version served and what it was published from (with API keys: only to a request with a key)",
                properties: {
                  url: { type: 'string' },
                  reachable: { type: 'boolean' },
                  packs: {
                    type: 'object',
                    additionalProperties: {
                      type: 'object',
                      properties: { version: { type: ['string', 'null'] }, publishedAt: { type: ['string', 'null'] }, db: { type: ['string', 'null'] }, builtAt: { type: ['string', 'null'] }, keys: { type: ['integer', 'null'] } },
                    },
                  },
                },
              },
            },
            required: ['status', 'version'],
            // room for what the server adds (fields are extended, never renamed)
            additionalProperties: true,
          },
        }, {}, { etag: false }),
      },
    },
    // with API keys, the warehouse paths and counts are for key holders only
    async (request) => {
      // a replica whose shared store is down still answers what it serves in-process: 'degraded', not down
      const store = opts.store?.serving.health();
      const status = store && !store.reachable ? 'degraded' : 'ok';
      return hasOperatorAccess(request) ? { status, version: RECOPS_VERSION, uptimeSeconds: Math.round(process.uptime()), packs: health, ...(store ? { store } : {}) } : { status, version: RECOPS_VERSION };
    },
  );
  registerPackPages(app, [...opts.packs.map((s) => s.pack), ...(opts.store?.packs ?? [])]);
  buildId = build.digest('base64url').slice(0, 22);
  return app;
}

const BODY_LIMIT = 1 << 20;

/** Fastify's validator, twice: coercing for params, querystring and headers; strict for bodies. */
function validatorPerPart(): BuildCompilerFromPool {
  const factory = AjvCompiler();
  return (externalSchemas, options) => {
    const coercing = factory(externalSchemas, options);
    const strict = factory(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } } as Parameters<BuildCompilerFromPool>[1]);
    return (route) => (route.httpPart === 'body' ? strict : coercing)(route);
  };
}

/** The answers to a body Fastify refuses before validation: what was wrong and what is accepted. */
function bodyError(err: FastifyError, request: FastifyRequest) {
  const accepted = 'application/json';
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const sent = String(request.headers['content-type'] ?? 'none').slice(0, 100);
      return errorBody(415, `${request.method} ${request.routeOptions.url ?? request.url.slice(0, 100)} accepts a JSON body (content-type: application/json); the content-type sent was '${sent}'`, { accepted });
    }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorBody(413, `the body is larger than the server accepts: at most ${BODY_LIMIT} bytes (1 MB)`, { accepted: `a JSON body of at most ${BODY_LIMIT} bytes` });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errorBody(400, 'the body is empty but the content-type says JSON: send a JSON object', { accepted });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errorBody(400, 'the body is not valid JSON', { accepted });
    default:
      // a JSON.parse error from Fastify's parser (its message quotes a few characters of the body)
      if (err instanceof SyntaxError && err.statusCode === 400) return errorBody(400, `the body is not valid JSON: ${err.message.slice(0, 120)}`, { accepted });
      return null;
  }
}

/** The build_info rows of a warehouse, as text (they change with every build). */
async function buildInfo(wh: Warehouse): Promise<string> {
  const res = await wh.conn.runAndReadAll('SELECT (b)::VARCHAR FROM build_info b ORDER BY 1');
  return res
    .getRows()
    .map((r) => String(r[0]))
    .join('\n');
}

/** The pack's live model runs, as text. */
function liveRuns(db: string, pack: string): string {
  const live = new Registry(modelsDirFor(db)).read().live;
  return Object.keys(live)
    .filter((k) => k.startsWith(`${pack}/`))
    .sort()
    .map((k) => `${k}=${live[k]}`)
    .join(',');
}

async function warehouseHealth(wh: Warehouse, pack: Pack): Promise<PackHealth> {
  const tables: Record<string, number> = {};
  for (const t of pack.tables) {
    const res = await wh.conn.runAndReadAll(`SELECT count(*) FROM "${t.name}"`);
    tables[t.name] = Number(res.getRows()[0][0]);
  }
  const built = await wh.conn.runAndReadAll('SELECT max(built_at)::VARCHAR FROM build_info');
  return { db: wh.path, builtAt: (built.getRows()[0][0] as string | null) ?? null, tables };
}
