import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry as PromRegistry, collectDefaultMetrics } from 'prom-client';
import { Registry, modelsDirFor } from '../registry/registry.js';
import { responses } from './openapi.js';

export interface MetricsSource {
  pack: string;
  db: string;
  /** when the pack's warehouse was built (ISO), null if unknown */
  builtAt: string | null;
}

/**
 * Node's process metrics (memory, event-loop lag, GC), collected once per process: they belong to
 * the process, not to an app, and a hot swap builds a new app whose collectors would otherwise
 * start again (GC observers and event-loop monitors that are never stopped).
 */
let processRegister: PromRegistry | null = null;
function processMetrics(): PromRegistry {
  if (!processRegister) {
    processRegister = new PromRegistry();
    collectDefaultMetrics({ register: processRegister, prefix: 'recops_' });
  }
  return processRegister;
}

/**
 * `/metrics` in Prometheus's text format (prom-client), on a registry of the app's own (two apps
 * in one process, as in tests, do not collide): request counts and latency histograms per route
 * template and status, the live model versions (read from each warehouse's registry at scrape
 * time, so a promotion shows at once), each warehouse's age, and Node's process metrics.
 */
export function registerMetrics(app: FastifyInstance, sources: MetricsSource[]): void {
  const register = new PromRegistry();
  const requests = new Counter({
    name: 'recops_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [register],
  });
  const latency = new Histogram({
    name: 'recops_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [register],
  });
  new Gauge({
    name: 'recops_warehouse_age_seconds',
    help: 'Seconds since the warehouse a pack serves was built',
    labelNames: ['pack'] as const,
    registers: [register],
    collect() {
      this.reset();
      for (const s of sources) if (s.builtAt) this.set({ pack: s.pack }, Math.max(0, (Date.now() - Date.parse(s.builtAt)) / 1000));
    },
  });
  new Gauge({
    name: 'recops_model_live_info',
    help: 'The live version of each model (value 1; the run id is a label)',
    labelNames: ['pack', 'model', 'run'] as const,
    registers: [register],
    collect() {
      this.reset();
      for (const s of sources) {
        const live = new Registry(modelsDirFor(s.db)).read().live;
        for (const [key, run] of Object.entries(live)) {
          const [pack, model] = key.split('/');
          if (pack === s.pack) this.set({ pack, model, run }, 1);
        }
      }
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    // the route template ('/recomendacion/:titulo'), never the raw path: bounded label values
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    // Fastify's own clock for the request (the one the log line's `ms` reads)
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const scraped = PromRegistry.merge([processMetrics(), register]);
  const schema = {
    summary: 'Prometheus metrics: requests and latency per route, live model versions, warehouse age, process',
    description: "Prometheus's text exposition format (prom-client). With API keys configured (RECOPS_API_KEYS), only for a request with a key.",
    operationId: 'metrics',
    tags: ['ops'],
    response: responses({ description: 'The metrics, one sample a line', schema: { content: { [scraped.contentType]: { schema: { type: 'string' } } } } }, {}, { etag: false }),
  };
  app.get('/metrics', { schema }, async (_request, reply) => {
    reply.header('content-type', scraped.contentType);
    return scraped.metrics();
  });
}
