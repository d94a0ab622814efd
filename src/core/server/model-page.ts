/**
 * `GET /models/{pack}`: what the web app's model page shows, from the files `recops train` and
 * `recops eval` write beside the warehouse: the live versions (registry), the evaluation report
 * as one table (each model's metrics, baselines marked) and the model cards (markdown).
 * Read per request: a promotion or a new report shows without a restart.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Pack } from '../pack.js';
import { Registry, modelsDirFor } from '../registry/registry.js';
import { notFound } from './errors.js';
import { responses } from './openapi.js';

export interface ReportRow {
  label: string;
  baseline: boolean;
  metrics: Record<string, number>;
}

/** Counts and timings, not quality: left out of the report table. */
const NOT_METRICS = /seconds$|^k$|^users$|^n_test$|^queries$/i;

/**
 * The packs' reports differ in shape (`models` as an object keyed by label, or an array of
 * `{label, …}`); this flattens either into rows of numeric metrics.
 */
export function reportRows(report: unknown, baseline?: string): ReportRow[] {
  const models = (report as { models?: unknown } | null)?.models;
  const entries: [string, Record<string, unknown>][] = Array.isArray(models)
    ? models.map((m: Record<string, unknown>) => [String(m.label ?? m.algo ?? '?'), m])
    : models && typeof models === 'object'
      ? Object.entries(models as Record<string, Record<string, unknown>>)
      : [];
  return entries.map(([label, m]) => ({
    label,
    baseline: label.includes('baseline') || label === baseline,
    metrics: Object.fromEntries(Object.entries(m).filter(([k, v]) => typeof v === 'number' && !NOT_METRICS.test(k))) as Record<string, number>,
  }));
}

/** Model cards: `<pack>/<model>.md` and `<pack>/<model>/model-card.md`. */
function modelCards(dir: string): { model: string; markdown: string }[] {
  if (!existsSync(dir)) return [];
  const cards: { model: string; markdown: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isFile() && entry.name.endsWith('.md')) cards.push({ model: entry.name.slice(0, -3), markdown: readFileSync(join(dir, entry.name), 'utf8') });
    // a folder's own card (e.g. price/model-card.md of an older layout) unless <name>.md says it
    else if (entry.isDirectory() && existsSync(join(dir, entry.name, 'model-card.md')) && !existsSync(join(dir, `${entry.name}.md`))) {
      cards.push({ model: entry.name, markdown: readFileSync(join(dir, entry.name, 'model-card.md'), 'utf8') });
    }
  }
  return cards;
}

const NUMBERS = { type: 'object', additionalProperties: { type: 'number' } } as const;

/** What `GET /models/{pack}` answers (params and metrics are each model's own). */
const MODEL_PAGE = {
  type: 'object',
  properties: {
    pack: { type: 'string' },
    title: { type: 'string' },
    main: {
      type: 'object',
      description: 'the model and metric a retrain is judged by',
      properties: { model: { type: 'string' }, metric: { type: 'string' }, higherIsBetter: { type: 'boolean' }, baseline: { type: 'string' } },
      required: ['model', 'metric', 'higherIsBetter'],
    },
    live: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          model: { type: 'string' },
          run: { type: 'string' },
          createdAt: { type: 'string' },
          seconds: { type: 'number' },
          params: { type: 'object', additionalProperties: true },
          metrics: { type: 'object', additionalProperties: true },
        },
        required: ['model', 'run', 'createdAt', 'seconds', 'params', 'metrics'],
      },
    },
    runs: { type: 'integer', description: "the pack's registered runs, live or not" },
    report: {
      type: ['object', 'null'],
      description: 'the last evaluation (`recops eval`), null before any',
      properties: {
        createdAt: { type: ['string', 'null'] },
        rows: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, baseline: { type: 'boolean' }, metrics: NUMBERS }, required: ['label', 'baseline', 'metrics'] } },
      },
      required: ['createdAt', 'rows'],
    },
    cards: { type: 'array', items: { type: 'object', properties: { model: { type: 'string' }, markdown: { type: 'string' } }, required: ['model', 'markdown'] } },
  },
  required: ['pack', 'title', 'main', 'live', 'runs', 'report', 'cards'],
} as const;

export function registerModelPage(app: FastifyInstance, served: { pack: Pack; db: string }[]): void {
  const withModels = served.filter((s) => s.pack.models);
  const byName = new Map(withModels.map((s) => [s.pack.name, s]));
  app.get<{ Params: { pack: string } }>(
    '/models/:pack',
    {
      schema: {
        summary: "A pack's models: live versions, the evaluation report (baselines marked) and the model cards",
        description:
          'Answers `{"pack", "main": {"model", "metric", "higherIsBetter", "baseline"}, "live": [{"model", "run", "createdAt", "seconds", "params", "metrics"}], "runs": 3, "report": {"createdAt", "rows": [{"label", "baseline", "metrics": {…}}]} | null, "cards": [{"model", "markdown"}]}`.',
        operationId: 'packModels',
        tags: ['models'],
        params: { type: 'object', properties: { pack: { type: 'string', minLength: 1, maxLength: 50, description: `a served pack with models: ${withModels.map((s) => s.pack.name).join(', ') || 'none'}` } }, required: ['pack'] },
        response: responses(
          { description: "The pack's live models, its evaluation report and its model cards", schema: MODEL_PAGE },
          { 400: 'The pack name is empty or over 50 characters.', 404: 'No served pack of that name has models (the message lists the served ones).' },
          { etag: false },
        ),
      },
    },
    async (req) => {
      const s = byName.get(req.params.pack.trim().toLowerCase());
      if (!s) {
        const names = [...byName.keys()];
        throw notFound(`no pack '${req.params.pack.slice(0, 50)}' with models is served; served: ${names.join(', ') || 'none'}`, { accepted: names.join(', ') });
      }
      const { pack } = s;
      const models = pack.models!;
      const dir = modelsDirFor(s.db);
      const registry = new Registry(dir).read();
      const live = Object.entries(registry.live)
        .filter(([key]) => key.startsWith(`${pack.name}/`))
        .map(([, id]) => registry.runs.find((r) => r.id === id))
        .filter((r) => r !== undefined)
        .map((r) => ({ model: r.model, run: r.id, createdAt: r.createdAt, seconds: r.seconds, params: r.params, metrics: r.metrics }));
      const reportPath = join(dir, pack.name, 'report.json');
      const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as { createdAt?: string }) : null;
      return {
        pack: pack.name,
        title: pack.title,
        main: models.main,
        live,
        runs: registry.runs.filter((r) => r.pack === pack.name).length,
        report: report && { createdAt: report.createdAt ?? null, rows: reportRows(report, models.main.baseline) },
        cards: modelCards(join(dir, pack.name)),
      };
    },
  );
}
