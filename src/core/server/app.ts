import Fastify, { LogController, type FastifyInstance, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Pack } from '../pack.js';
import { openReadOnly, type Warehouse } from '../warehouse/warehouse.js';
import { RECOPS_VERSION } from '../version.js';
import { ERROR_SCHEMA, HttpError, errorBody } from './errors.js';
import { addErrorSchema, responses, swaggerOptions } from './openapi.js';
import { registerMetrics, type MetricsSource } from './metrics.js';
import { randomUUID } from 'node:crypto';
import { registerModelPage } from './model-page.js';
import { fullGc } from './gc.js';
import { DEFAULT_WEB_DIR, registerWeb } from './web.js';

export interface ServedPack {
  pack: Pack;
  db: string;
}

export interface AppOptions {
  packs: ServedPack[];
  logger?: boolean;
  /** the built web app served at `/` (default dist/web); false: API only */
  webDir?: string | false;
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

/**
 * The API server: one Fastify app, each pack's warehouse opened read-only, each pack's routes
 * registered with their schemas (validation, clear 400s and the OpenAPI page at /docs).
 * Stateless and read-only, so it scales by adding replicas.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino JSON lines, each with the request's id (taken from an x-request-id header, else a new UUID)
    logger: opts.logger ?? false,
    logController: new OneLinePerRequest(),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // long hostile path values get a clear 400 from the route schema instead of a bare 404
    routerOptions: { maxParamLength: 2000, ignoreTrailingSlash: true },
    bodyLimit: 1 << 20,
  });

  await app.register(swagger, swaggerOptions(opts.packs.map((s) => s.pack)));
  addErrorSchema(app);
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) return reply.code(err.statusCode).send(errorBody(err.statusCode, err.message, err.details));
    if ((err as FastifyError).validation) {
      return reply.code(400).send(errorBody(400, `invalid request: ${err.message}`));
    }
    const status = err.statusCode ?? 500;
    if (status < 500) return reply.code(status).send(errorBody(status, err.message));
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody(500, 'internal error; it has been logged'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.slice(0, 200)}; the routes are listed at /docs`));
  });

  // every answer says which request it was, so a client's report can be found in the logs
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const metricsSources: MetricsSource[] = [];
  registerMetrics(app, metricsSources);

  if (opts.webDir !== false) await registerWeb(app, opts.webDir ?? DEFAULT_WEB_DIR);
  registerModelPage(app, opts.packs);

  const health: Record<string, PackHealth> = {};
  for (const { pack, db } of opts.packs) {
    const wh = await openReadOnly(db);
    health[pack.name] = await warehouseHealth(wh, pack);
    metricsSources.push({ pack: pack.name, db, builtAt: health[pack.name].builtAt });
    if (pack.api) await pack.api(app, wh);
    // every route answers from what its pack loaded above: the warehouse is not needed to serve,
    // and closing it returns DuckDB's buffer memory (about 300 MB after the Steam loads)
    wh.close();
    // what the loads left behind (query results, temporary arrays) goes before the next pack
    // loads: the peak of a three-pack start is one pack's garbage lower
    fullGc();
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
              status: { type: 'string', description: "'ok' while the server answers" },
              version: { type: 'string' },
              uptimeSeconds: { type: 'number' },
              packs: {
                type: 'object',
                description: 'per pack served: its warehouse file, when it was built, its row counts per table',
                additionalProperties: {
                  type: 'object',
                  properties: { db: { type: 'string' }, builtAt: { type: ['string', 'null'] }, tables: { type: 'object', additionalProperties: { type: 'integer' } } },
                  required: ['db', 'builtAt', 'tables'],
                },
              },
            },
            required: ['status', 'version', 'uptimeSeconds'],
            // room for what the server adds (fields are extended, never renamed)
            additionalProperties: true,
          },
        }),
      },
    },
    async () => ({ status: 'ok', version: RECOPS_VERSION, uptimeSeconds: Math.round(process.uptime()), packs: health }),
  );
  return app;
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
