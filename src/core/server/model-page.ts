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
import { Registry, modelsDirFor, type ModelRun, type RegistryFile } from '../registry/registry.js';
import { reportPath, type EvaluationReport, type MetricSpec } from '../registry/report.js';
import { readRunDrift } from '../registry/drift.js';
import type { Drift } from '../profile/drift.js';
import { notFound } from './errors.js';
import { responses } from './openapi.js';

/** A report row as the page shows it: label, baseline or not, the declared metrics. */
export interface PageRow {
  label: string;
  baseline: boolean;
  metrics: Record<string, number>;
}

/**
 * The report's rows for the page. A report carries them (`rows`); one written before reports did
 * (a warehouse trained earlier) has only its pack's `models`, keyed by label or listed with a
 * `label`, of which the metrics the pack declares are read.
 */
export function reportRows(report: unknown, baseline: string | undefined, declared: readonly MetricSpec[]): PageRow[] {
  const typed = report as Partial<EvaluationReport> | null;
  if (Array.isArray(typed?.rows)) return typed.rows.map((r) => ({ label: r.label, baseline: r.baseline, metrics: r.metrics }));
  const models = (report as { models?: unknown } | null)?.models;
  const entries: [string, Record<string, unknown>][] = Array.isArray(models)
    ? models.map((m: Record<string, unknown>) => [String(m.label ?? m.algo ?? '?'), m])
    : Object.entries((models ?? {}) as Record<string, Record<string, unknown>>);
  return entries.map(([label, m]) => ({
    label,
    baseline: label.includes('baseline') || label === baseline,
    metrics: Object.fromEntries(declared.filter((d) => typeof m[d.name] === 'number').map((d) => [d.name, m[d.name] as number])),
  }));
}

/** The metrics the report declares, else (a report older than the declarations) the pack's. */
export function reportMetrics(report: unknown, declared: readonly MetricSpec[]): MetricSpec[] {
  const own = (report as Partial<EvaluationReport> | null)?.metrics;
  return Array.isArray(own) ? own : [...declared];
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

const LEVEL = { type: 'string', enum: ['stable', 'changed', 'drifted'] } as const;
const CHECK = {
  type: 'object',
  properties: {
    measure: { type: 'string', description: 'rows, missing, distinct, mean, median, psi, ks, true-share, new-categories, vanished-categories or type' },
    value: { type: 'number', description: 'the figure (a share, a PSI, a KS distance, a shift in the old spread …)' },
    changed: { type: 'number', description: "at or above: 'changed'" },
    drifted: { type: 'number', description: "at or above: 'drifted'" },
    level: LEVEL,
    detail: { type: 'string', description: 'the figure in words, with the old and new values behind it' },
  },
  required: ['measure', 'value', 'changed', 'drifted', 'level', 'detail'],
} as const;
const VALUE_COUNTS = { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'number' } }, required: ['value', 'count'] } } as const;
const BUILD = {
  type: 'object',
  properties: { builtAt: { type: ['string', 'null'] }, computedAt: { type: 'string' }, rows: { type: 'number' } },
  required: ['builtAt', 'computedAt', 'rows'],
} as const;
/** The comparison `recops profile --compare --json` answers as `drift` (src/core/profile/drift.ts). */
const DRIFT = {
  type: 'object',
  properties: {
    pack: { type: 'string' },
    old: BUILD,
    new: BUILD,
    level: LEVEL,
    counts: { type: 'object', properties: { stable: { type: 'integer' }, changed: { type: 'integer' }, drifted: { type: 'integer' } }, required: ['stable', 'changed', 'drifted'] },
    tables: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          table: { type: 'string' },
          oldRows: { type: ['number', 'null'] },
          newRows: { type: ['number', 'null'] },
          level: LEVEL,
          rows: { anyOf: [CHECK, { type: 'null' }] },
          addedColumns: { type: 'array', items: { type: 'string' } },
          removedColumns: { type: 'array', items: { type: 'string' } },
          columns: {
            type: 'array',
            items: {
              type: 'object',
              properties: { table: { type: 'string' }, column: { type: 'string' }, kind: { type: 'string' }, level: LEVEL, checks: { type: 'array', items: CHECK }, newValues: VALUE_COUNTS, vanishedValues: VALUE_COUNTS },
              required: ['table', 'column', 'kind', 'level', 'checks', 'newValues', 'vanishedValues'],
            },
          },
        },
        required: ['table', 'oldRows', 'newRows', 'level', 'rows', 'addedColumns', 'removedColumns', 'columns'],
      },
    },
    notes: { type: 'array', items: { type: 'string' } },
  },
  required: ['pack', 'old', 'new', 'level', 'counts', 'tables', 'notes'],
} as const;

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
        metrics: {
          type: 'array',
          description: "the rows' metrics, in order, each with its direction",
          items: { type: 'object', properties: { name: { type: 'string' }, higherIsBetter: { type: 'boolean' }, description: { type: 'string' } }, required: ['name', 'higherIsBetter'] },
        },
        rows: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, baseline: { type: 'boolean' }, metrics: NUMBERS }, required: ['label', 'baseline', 'metrics'] } },
      },
      required: ['createdAt', 'metrics', 'rows'],
    },
    cards: { type: 'array', items: { type: 'object', properties: { model: { type: 'string' }, markdown: { type: 'string' } }, required: ['model', 'markdown'] } },
    drift: {
      type: ['object', 'null'],
      description: "the data drift the pack's last retrain saw, from the live warehouse to its candidate (kept with its runs); null before any retrain that computed one",
      properties: {
        runs: { type: 'array', items: { type: 'string' }, description: 'the runs that retrain trained' },
        trainedAt: { type: 'string' },
        live: { type: 'boolean', description: "whether that retrain's runs are the live versions (promoted), or the live version stayed" },
        drift: DRIFT,
      },
      required: ['runs', 'trainedAt', 'live', 'drift'],
    },
  },
  required: ['pack', 'title', 'main', 'live', 'runs', 'report', 'cards', 'drift'],
} as const;

/** The drift kept by the pack's last retrain that recorded one, with its runs and whether they went live. */
export function lastDrift(modelsDir: string, registry: RegistryFile, pack: string): { runs: string[]; trainedAt: string; live: boolean; drift: Drift } | null {
  const withDrift = registry.runs.filter((r) => r.pack === pack && r.drift);
  const last = withDrift.reduce<ModelRun | undefined>((a, r) => (!a || r.createdAt > a.createdAt ? r : a), undefined);
  if (!last) return null;
  const drift = readRunDrift(modelsDir, last);
  if (!drift) return null;
  const runs = withDrift.filter((r) => r.drift === last.drift);
  const liveIds = new Set(Object.values(registry.live));
  return { runs: runs.map((r) => r.id), trainedAt: runs.reduce((a, r) => (r.createdAt < a ? r.createdAt : a), last.createdAt), live: runs.some((r) => liveIds.has(r.id)), drift };
}

export function registerModelPage(app: FastifyInstance, served: { pack: Pack; db: string }[]): void {
  const withModels = served.filter((s) => s.pack.models);
  const byName = new Map(withModels.map((s) => [s.pack.name, s]));
  app.get<{ Params: { pack: string } }>(
    '/models/:pack',
    {
      schema: {
        summary: "A pack's models: live versions, the evaluation report (baselines marked) and the model cards",
        description:
          'Answers `{"pack", "main": {"model", "metric", "higherIsBetter", "baseline"}, "live": [{"model", "run", "createdAt", "seconds", "params", "metrics"}], "runs": 3, "report": {"createdAt", "metrics": [{"name", "higherIsBetter"}], "rows": [{"label", "baseline", "metrics": {…}}]} | null, "cards": [{"model", "markdown"}], "drift": {"runs", "trainedAt", "live", "drift": {"level", "counts", "tables": [{"table", "level", "rows", "columns": [{"column", "level", "checks": [{"measure", "value", "changed", "drifted", "level", "detail"}]}]}]}} | null}`: `drift` is what the last `recops retrain` saw change in the data (as `recops profile --compare --json`).',
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
      const path = reportPath(dir, pack.name);
      const report = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { createdAt?: string }) : null;
      return {
        pack: pack.name,
        title: pack.title,
        main: models.main,
        live,
        runs: registry.runs.filter((r) => r.pack === pack.name).length,
        report: report && { createdAt: report.createdAt ?? null, metrics: reportMetrics(report, models.metrics ?? []), rows: reportRows(report, models.main.baseline, models.metrics ?? []) },
        cards: modelCards(join(dir, pack.name)),
        drift: lastDrift(dir, registry, pack.name),
      };
    },
  );
}
