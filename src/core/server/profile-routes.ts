/**
 * `GET /profile/{pack}` (the data profile as JSON, whole or in parts) and
 * `GET /profile/{pack}/report.html` (the self-contained HTML report), answered from the profile
 * each warehouse stores at its build, read once at server start: serving it costs no scan.
 */
import { statSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Pack } from '../pack.js';
import { openReadOnly } from '../warehouse/warehouse.js';
import { readStoredProfile } from '../profile/store.js';
import type { Profile } from '../profile/types.js';
import { notFound } from './errors.js';
import { responses } from './openapi.js';
import { securityHeaders } from './security.js';

export const PROFILE_PARTS = ['all', 'summary', 'overview', 'alerts', 'tables', 'views'] as const;
export type ProfilePart = (typeof PROFILE_PARTS)[number];

interface Loaded {
  pack: Pack;
  db: string;
  /** null: the warehouse was built before profiles (or with an older profile layout) */
  profile: Profile | null;
  html: string | null;
}

/** One line per column: what a page lists before it asks for a table's charts. */
export function columnBriefs(p: Profile) {
  return p.tables.flatMap((t) =>
    t.columns.map((c) => ({ table: t.name, name: c.name, kind: c.kind, type: c.type, missingShare: c.missingShare, distinct: c.distinct, alerts: p.alerts.filter((a) => a.table === t.name && a.column === c.name).length })),
  );
}

/** The parts of a profile a request asks for (always with the header fields). */
export function profilePart(p: Profile, part: ProfilePart, table?: string): Record<string, unknown> {
  const head = { pack: p.pack, title: p.title, schemaVersion: p.schemaVersion, computedAt: p.computedAt, seconds: p.seconds, approximations: p.approximations };
  const tables = table === undefined ? p.tables : p.tables.filter((t) => t.name === table);
  switch (part) {
    case 'all':
      return { ...p, tables };
    case 'summary':
      return { ...head, overview: p.overview, alerts: p.alerts, columns: columnBriefs(p) };
    case 'overview':
      return { ...head, overview: p.overview };
    case 'alerts':
      return { ...head, alerts: p.alerts };
    case 'tables':
      return { ...head, tables };
    case 'views':
      return { ...head, views: p.views };
  }
}

const ANY = { type: 'object', additionalProperties: true } as const;
const NUM_OR_NULL = { type: ['number', 'null'] } as const;
const MATRIX = {
  type: ['object', 'null'],
  properties: { columns: { type: 'array', items: { type: 'string' } }, values: { type: 'array', items: { type: 'array', items: NUM_OR_NULL } } },
  required: ['columns', 'values'],
} as const;
const VALUE_COUNTS = { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } }, required: ['value', 'count'] } } as const;

const OVERVIEW = {
  type: 'object',
  description: "tables, rows, columns, file size, duplicate rows, the ingest's accounting per source and the rejects by reason",
  properties: {
    builtAt: { type: ['string', 'null'] },
    recopsVersion: { type: ['string', 'null'] },
    fileBytes: { type: ['integer', 'null'] },
    tables: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, doc: { type: 'string' }, rows: { type: 'integer' }, columns: { type: 'integer' }, duplicateRows: { type: 'integer' } }, required: ['name', 'doc', 'rows', 'columns', 'duplicateRows'] },
    },
    rows: { type: 'integer' },
    columns: { type: 'integer' },
    sources: { type: 'array', items: ANY },
    rejectsByReason: { type: 'array', items: { type: 'object', properties: { source: { type: 'string' }, kind: { type: 'string' }, reason: { type: 'string' }, count: { type: 'integer' } }, required: ['source', 'kind', 'reason', 'count'] } },
    rejectsOther: { type: 'integer' },
  },
  required: ['builtAt', 'recopsVersion', 'fileBytes', 'tables', 'rows', 'columns', 'sources', 'rejectsByReason', 'rejectsOther'],
  additionalProperties: true,
} as const;

const ALERTS = {
  type: 'array',
  description: 'each with the figure behind it and the threshold it crossed',
  items: {
    type: 'object',
    properties: { kind: { type: 'string' }, table: { type: 'string' }, column: { type: ['string', 'null'] }, value: { type: 'number' }, threshold: { type: 'number' }, message: { type: 'string' } },
    required: ['kind', 'table', 'column', 'value', 'threshold', 'message'],
  },
} as const;

const COLUMN = {
  type: 'object',
  description:
    'One column. Every kind has the fields listed; by kind it also has: numeric `identifier, zeros, min, max, mean, std, quantiles {p1…p99}, skewness, histogram {edges, counts, log, leftOut}, logHistogram, outliers, values`; date `min, max, byYear, byMonth`; text `empty, categorical, top, length`; list `itemsPerRow, emptyLists, items, top`; boolean `trueCount, falseCount, trueShare`.',
  properties: {
    table: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string', description: 'the declared SQL type' },
    doc: { type: 'string' },
    kind: { type: 'string', enum: ['numeric', 'date', 'text', 'list', 'boolean'] },
    rows: { type: 'integer' },
    count: { type: 'integer' },
    missing: { type: 'integer' },
    missingShare: { type: 'number' },
    distinct: { type: 'integer' },
    distinctExact: { type: 'boolean' },
  },
  required: ['table', 'name', 'type', 'doc', 'kind', 'rows', 'count', 'missing', 'missingShare', 'distinct', 'distinctExact'],
  additionalProperties: true,
} as const;

const TABLES = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      doc: { type: 'string' },
      rows: { type: 'integer' },
      duplicateRows: { type: 'integer' },
      columns: { type: 'array', items: COLUMN },
      pearson: MATRIX,
      spearman: MATRIX,
      cramersV: MATRIX,
      missing: {
        type: 'object',
        properties: { patterns: { type: 'array', items: { type: 'object', properties: { columns: { type: 'array', items: { type: 'string' } }, count: { type: 'integer' } }, required: ['columns', 'count'] } }, nullity: MATRIX },
        required: ['patterns', 'nullity'],
      },
    },
    required: ['name', 'doc', 'rows', 'duplicateRows', 'columns', 'pearson', 'spearman', 'cramersV', 'missing'],
  },
} as const;

const VIEWS = {
  type: 'array',
  description: "the pack's own questions: bar/hbar/line views carry their query's columns and rows, histogram views a numeric column's statistics",
  items: {
    type: 'object',
    properties: {
      title: { type: 'string' },
      chart: { type: 'string', enum: ['bar', 'hbar', 'line', 'histogram'] },
      note: { type: ['string', 'null'] },
      log: { type: 'boolean' },
      columns: { type: 'array', items: { type: 'string' } },
      rows: { type: 'array', items: { type: 'array', items: { type: ['string', 'number', 'null'] } } },
      numeric: { ...ANY, type: ['object', 'null'] },
      error: { type: ['string', 'null'] },
      seconds: { type: 'number' },
    },
    required: ['title', 'chart', 'note', 'log', 'columns', 'rows', 'numeric', 'error', 'seconds'],
  },
} as const;

const PROFILE_ANSWER = {
  type: 'object',
  properties: {
    pack: { type: 'string' },
    title: { type: 'string' },
    schemaVersion: { type: 'integer', description: 'version of the profile layout' },
    computedAt: { type: 'string', description: 'ISO time the profile was computed (at the end of the build)' },
    seconds: { type: 'number', description: 'wall seconds it took' },
    approximations: { type: 'array', items: { type: 'string' }, description: 'the figures that are estimates, and how far off they can be' },
    overview: OVERVIEW,
    alerts: ALERTS,
    tables: TABLES,
    views: VIEWS,
    columns: {
      type: 'array',
      description: '`part=summary` only: one line per column',
      items: {
        type: 'object',
        properties: { table: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, type: { type: 'string' }, missingShare: { type: 'number' }, distinct: { type: 'integer' }, alerts: { type: 'integer' } },
        required: ['table', 'name', 'kind', 'type', 'missingShare', 'distinct', 'alerts'],
      },
    },
  },
  required: ['pack', 'title', 'schemaVersion', 'computedAt', 'seconds', 'approximations'],
  additionalProperties: true,
} as const;

const PACK_PARAM = (names: string[]) => ({
  type: 'object',
  properties: { pack: { type: 'string', minLength: 1, maxLength: 50, description: `a served pack: ${names.join(', ') || 'none'}` } },
  required: ['pack'],
});

/** The report's own policy: its inline styles, nothing else (it has no script, image or link). */
const REPORT_CSP = securityHeaders({ defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ['data:'], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] })['content-security-policy'];

/** Reads each warehouse's stored profile once and registers the two routes. */
export async function registerProfileRoutes(app: FastifyInstance, served: { pack: Pack; db: string }[]): Promise<void> {
  const byName = new Map<string, Loaded>();
  for (const { pack, db } of served) {
    const wh = await openReadOnly(db);
    let profile: Profile | null;
    try {
      profile = await readStoredProfile(wh.conn);
    } finally {
      wh.close();
    }
    if (profile) profile.overview.fileBytes = statSync(db).size;
    byName.set(pack.name, { pack, db, profile, html: null });
  }
  const names = [...byName.keys()];

  const loaded = (raw: string): Loaded & { profile: Profile } => {
    const s = byName.get(raw.trim().toLowerCase());
    if (!s) throw notFound(`no pack '${raw.slice(0, 50)}' is served; served: ${names.join(', ') || 'none'}`, { accepted: names.join(', ') });
    if (!s.profile) throw notFound(`the ${s.pack.name} warehouse (${s.db}) has no stored profile: it was built before profiles existed. Build it again with \`recops ingest ${s.pack.name} --from DIR --db ${s.db}\` (\`recops profile ${s.pack.name} --db ${s.db}\` shows one computed on the fly meanwhile)`);
    return s as Loaded & { profile: Profile };
  };

  app.get<{ Params: { pack: string }; Querystring: { part?: ProfilePart; table?: string } }>(
    '/profile/:pack',
    {
      schema: {
        summary: "A pack's data profile: overview, alerts, every column's statistics and histograms, correlations, missing values, the pack's views",
        description:
          'Computed at the warehouse build and read once at server start. `part` picks what to send: `all` (default: the whole profile, 40–90 kB of JSON at full scale), `summary` (overview, alerts and one line per column: what a page shows first), `overview`, `alerts`, `tables` (with `table=NAME`: that table only), `views`. Every answer has the header fields (`pack`, `title`, `schemaVersion`, `computedAt`, `seconds`, `approximations`). No API key needed (data statistics, like the analytics routes), unless the server runs with --require-key.',
        operationId: 'packProfile',
        tags: ['profile'],
        params: PACK_PARAM(names),
        querystring: {
          type: 'object',
          properties: {
            part: { type: 'string', enum: [...PROFILE_PARTS], default: 'all', description: 'which part of the profile to send' },
            table: { type: 'string', minLength: 1, maxLength: 100, description: "only this table's profile, in `tables` (a part other than all then sends the header fields and that table)" },
          },
        },
        response: responses(
          { description: 'The profile, or the part asked for', schema: PROFILE_ANSWER },
          {
            400: '`part` is not one of all, summary, overview, alerts, tables, views; or `table` is empty or over 100 characters.',
            404: 'No served pack of that name (the message lists the served ones), no table of that name in the pack (`suggestions` lists them), or the warehouse has no stored profile (the message says how to build one).',
          },
        ),
      },
    },
    async (req) => {
      const { profile } = loaded(req.params.pack);
      const { part = 'all', table } = req.query;
      if (table !== undefined && !profile.tables.some((t) => t.name === table)) {
        const tables = profile.tables.map((t) => t.name);
        throw notFound(`no table '${table.slice(0, 100)}' in the ${profile.pack} profile; its tables: ${tables.join(', ')}`, { suggestions: tables, accepted: tables.join(', ') });
      }
      return profilePart(profile, table !== undefined && part !== 'all' ? 'tables' : part, table);
    },
  );

  app.get<{ Params: { pack: string } }>(
    '/profile/:pack/report.html',
    {
      schema: {
        summary: "A pack's data profile as a self-contained HTML report (what `recops profile --html` writes)",
        description: 'One HTML document: inline CSS and SVG charts, no script, nothing fetched from elsewhere (it can be saved and mailed). Served with a Content-Security-Policy allowing only its inline styles. No API key needed, unless the server runs with --require-key.',
        operationId: 'packProfileReport',
        tags: ['profile'],
        params: PACK_PARAM(names),
        response: responses(
          { description: 'The report', schema: { content: { 'text/html; charset=utf-8': { schema: { type: 'string' } } } } },
          { 400: 'The pack name is empty or over 50 characters.', 404: 'No served pack of that name (the message lists the served ones), or its warehouse has no stored profile (the message says how to build one).' },
        ),
      },
    },
    async (req, reply) => {
      const s = loaded(req.params.pack);
      // made on the first request and kept: most servers never send it
      // (its renderer loaded then too: a server that never sends one does not hold its code)
      s.html ??= (await import('../profile/html.js')).profileHtml(s.profile);
      reply.header('content-type', 'text/html; charset=utf-8');
      if (REPORT_CSP) reply.header('content-security-policy', REPORT_CSP);
      return s.html;
    },
  );
}
