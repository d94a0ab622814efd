/**
 * "Similar movies": content-based, over ALL titles. Each movie is a TF-IDF vector over five
 * fields (overview + tagline + title words, genres, collection, director, top-billed cast), each
 * field unit length times its weight; neighbours are the top-K by cosine, computed once at train
 * time with the core's sparse item-item kernel (never a dense titles×titles matrix) and served as
 * a lookup. Evaluated by how often a movie's franchise mates are found *without* the collection
 * field (so the text, cast and director must find them), next to a genres-only baseline.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { transpose, nnz } from '../../core/models/csr.js';
import { ItemKnn } from '../../core/models/itemknn.js';
import { loadModel } from '../../core/models/load.js';
import { tokenize, weightedTfidf, type TfidfField, type TfidfMatrix } from '../../core/text/tfidf.js';
import { readWarehouse } from '../../core/warehouse/read.js';
import { Registry, dataFingerprint, modelsDirFor, readReportFor, type ModelRun } from '../../core/registry/registry.js';
import { reportPath, rowOf, writeReport, type Evaluation, type EvaluationReport, type MetricSpec, type ReportRow } from '../../core/registry/report.js';
import { trainingRun } from '../../core/registry/run.js';
import { notEvaluatedYet, writeModelCard as writeCard } from '../../core/registry/model-card.js';
import type { Log } from '../../core/ingest/progress.js';
import type { PackModels } from '../../core/pack.js';
import { formatTable } from '../../core/text/table.js';

export const MODEL = 'content';
/** neighbours kept per movie (the route shows 5) */
export const K = 20;
/** top-billed cast members per movie used as features */
export const TOP_CAST = 5;

export interface FieldWeights {
  text: number;
  genres: number;
  collection: number;
  director: number;
  cast: number;
}

export const WEIGHTS: FieldWeights = { text: 1, genres: 0.5, collection: 1, director: 0.5, cast: 0.5 };
/** words in more than this share of the documents say little about any movie */
export const TEXT_MAX_DF = 0.2;

/** Everything the vectors are made from, one entry per movie; index order = most popular first. */
export interface MovieDocs {
  ids: Int32Array;
  titles: string[];
  text: string[][];
  genres: string[][];
  collection: string[][];
  director: string[][];
  cast: string[][];
  fingerprint: string;
}

export async function loadMovieDocs(conn: DuckDBConnection): Promise<MovieDocs> {
  const res = await conn.runAndReadAll(`
    WITH g AS (SELECT movie_id, list(genre ORDER BY genre) AS genres FROM movie_genres GROUP BY 1),
    d AS (SELECT movie_id, list(DISTINCT person_id) AS directors FROM movie_crew WHERE job = 'Director' GROUP BY 1),
    c AS (SELECT movie_id, list(person_id ORDER BY cast_order, person_id)[1:${TOP_CAST}] AS top_cast FROM movie_cast GROUP BY 1),
    k AS (SELECT movie_id, any_value(collection_id) AS collection_id FROM movie_collections GROUP BY 1)
    SELECT m.id, m.title, m.overview, m.tagline, g.genres, k.collection_id, d.directors, c.top_cast
    FROM movies m LEFT JOIN g ON g.movie_id = m.id LEFT JOIN k ON k.movie_id = m.id
      LEFT JOIN d ON d.movie_id = m.id LEFT JOIN c ON c.movie_id = m.id
    ORDER BY m.popularity DESC NULLS LAST, m.vote_count DESC NULLS LAST, m.id`);
  const rows = res.getRowsJS() as [number, string | null, string | null, string | null, string[] | null, number | null, number[] | null, number[] | null][];
  const docs: MovieDocs = { ids: new Int32Array(rows.length), titles: [], text: [], genres: [], collection: [], director: [], cast: [], fingerprint: '' };
  rows.forEach(([id, title, overview, tagline, genres, collection, directors, cast], i) => {
    docs.ids[i] = id;
    docs.titles.push(title ?? `#${id}`);
    docs.text.push([...tokenize(title), ...tokenize(overview), ...tokenize(tagline)]);
    docs.genres.push(genres ?? []);
    docs.collection.push(collection === null ? [] : [String(collection)]);
    docs.director.push((directors ?? []).map(String));
    docs.cast.push((cast ?? []).map(String));
  });
  docs.fingerprint = await dataFingerprint(conn, String(rows.length));
  return docs;
}

export function movieVectors(docs: MovieDocs, weights: FieldWeights = WEIGHTS): TfidfMatrix {
  const fields: TfidfField[] = [
    { name: 'text', terms: (d: number) => docs.text[d], weight: weights.text, maxDf: TEXT_MAX_DF },
    { name: 'genre', terms: (d: number) => docs.genres[d], weight: weights.genres },
    { name: 'collection', terms: (d: number) => docs.collection[d], weight: weights.collection },
    { name: 'director', terms: (d: number) => docs.director[d], weight: weights.director },
    { name: 'cast', terms: (d: number) => docs.cast[d], weight: weights.cast },
  ].filter((f) => f.weight > 0);
  return weightedTfidf(docs.ids.length, fields);
}

/** Top-K cosine neighbours of every movie (the movies are the "items", the terms the "users"). */
export async function fitNeighbours(vectors: TfidfMatrix, k = K): Promise<ItemKnn> {
  const model = new ItemKnn({ k, shrink: 0 });
  await model.fit(transpose(vectors.docTerms));
  return model;
}

// ---------------------------------------------------------------------------------------------
// Evaluation: franchise mates found without the collection field

export const SIMILAR_METRICS: MetricSpec[] = [
  { name: 'hitRate', higherIsBetter: true, description: 'share of movies with a franchise mate among their k nearest' },
  { name: 'recall', higherIsBetter: true, description: 'share of min(k, mates) found among the k nearest' },
  { name: 'mrr', higherIsBetter: true, description: 'mean 1 / rank of the first franchise mate' },
];

/** The report row of the served model (its registry metrics come from it). */
const SERVED_LABEL = 'all fields (served)';

export interface SimilarEvalReport extends EvaluationReport {
  pack: 'movies';
  /** movies in a collection with at least one other kept movie */
  queries: number;
  k: number;
  models: Record<string, { hitRate: number; recall: number; mrr: number; fitSeconds: number }>;
  createdAt: string;
}

/**
 * For every movie whose collection has other movies: is a collection mate among its top k
 * (hit rate), what share of min(k, mates) are (recall), and 1 / rank of the first (MRR). Models:
 * genres only (the baseline: what a catalogue filter gives), all fields but the collection (the
 * real test), and all fields (what is served; near-perfect by construction, a sanity check).
 */
export async function evaluateSimilar(db: string, opts: { k: number; log: Log }): Promise<SimilarEvalReport> {
  const docs = await readWarehouse(db, loadMovieDocs);
  const byCollection = new Map<string, number[]>();
  docs.collection.forEach((c, i) => {
    if (c.length) byCollection.set(c[0], [...(byCollection.get(c[0]) ?? []), i]);
  });
  const queries = [...byCollection.values()].filter((m) => m.length > 1).flat();
  const variants: [string, FieldWeights][] = [
    ['genres only (baseline)', { text: 0, genres: 1, collection: 0, director: 0, cast: 0 }],
    ['all fields but collection', { ...WEIGHTS, collection: 0 }],
    ['all fields (served)', WEIGHTS],
  ];
  const models: SimilarEvalReport['models'] = {};
  for (const [name, weights] of variants) {
    const t = Date.now();
    const model = await fitNeighbours(movieVectors(docs, weights), opts.k);
    const fitSeconds = (Date.now() - t) / 1000;
    let hits = 0;
    let recall = 0;
    let mrr = 0;
    for (const q of queries) {
      const mates = new Set(byCollection.get(docs.collection[q][0])!.filter((i) => i !== q));
      const found = model.similarItems(q, opts.k).map((s) => s.item);
      const ranks = found.map((i, r) => (mates.has(i) ? r + 1 : 0)).filter((r) => r > 0);
      if (ranks.length) {
        hits++;
        mrr += 1 / ranks[0];
      }
      recall += ranks.length / Math.min(opts.k, mates.size);
    }
    const n = queries.length || 1;
    models[name] = { hitRate: hits / n, recall: recall / n, mrr: mrr / n, fitSeconds };
    opts.log(`eval: ${name}: hit rate@${opts.k} ${(hits / n).toFixed(4)} (fit ${fitSeconds.toFixed(1)} s)`);
  }
  const rows: ReportRow[] = Object.entries(models).map(([label, { fitSeconds, ...metrics }]) => ({ label, baseline: label.includes('baseline'), ...(label === SERVED_LABEL ? { model: MODEL } : {}), metrics, fitSeconds }));
  return { pack: 'movies', dataFingerprint: docs.fingerprint, queries: queries.length, k: opts.k, models, createdAt: new Date().toISOString(), metrics: SIMILAR_METRICS, rows };
}

export function formatSimilarReport(r: SimilarEvalReport): string {
  const head = ['model', `hit rate@${r.k}`, `recall@${r.k}`, `MRR@${r.k}`, 'fit s'];
  const rows = Object.entries(r.models).map(([name, m]) => [name, m.hitRate.toFixed(4), m.recall.toFixed(4), m.mrr.toFixed(4), m.fitSeconds.toFixed(1)]);
  return [
    `franchise mates among a movie's ${r.k} nearest, over ${r.queries.toLocaleString('en-US')} movies whose collection has other movies`,
    ...formatTable(head, rows),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Training for serving

export async function trainSimilar(db: string, opts: { log: Log; promote?: boolean }): Promise<{ run: ModelRun; seconds: number; modelsDir: string }> {
  const started = Date.now();
  const docs = await readWarehouse(db, loadMovieDocs);
  const vectors = movieVectors(docs);
  opts.log(
    `train: ${docs.ids.length.toLocaleString('en-US')} movies × ${vectors.terms.length.toLocaleString('en-US')} terms, ${nnz(vectors.docTerms).toLocaleString('en-US')} non-zeros (${vectors.fields.map((f) => `${f.name} ${f.kept.toLocaleString('en-US')}${f.droppedCommon ? `, ${f.droppedCommon} too common dropped` : ''}`).join('; ')})`,
  );
  const model = await fitNeighbours(vectors);
  const { value: run, modelsDir } = await trainingRun(db, 'movies', opts, async (r) => {
    const dir = join(r.dir, MODEL);
    model.save(dir);
    writeFileSync(join(dir, 'movie_ids.json'), JSON.stringify(Array.from(docs.ids)));
    const report = readReportFor<SimilarEvalReport>(reportPath(r.modelsDir, 'movies'), docs.fingerprint);
    const served = rowOf(report, MODEL)?.metrics ?? report?.models[SERVED_LABEL];
    const registered = r.register(MODEL, {
      artifact: dir,
      params: { k: K, weights: WEIGHTS, textMaxDf: TEXT_MAX_DF, topCast: TOP_CAST },
      dataFingerprint: docs.fingerprint,
      // the served model finds franchise mates by their shared collection; what it adds is
      // measured without that field (the figure a retrain is judged on)
      metrics: served ? { k: report!.k, hitRate: served.hitRate, recall: served.recall, mrr: served.mrr, recallNoCollection: report!.models['all fields but collection']?.recall ?? 0 } : null,
      seconds: (Date.now() - started) / 1000,
    });
    writeModelCard(r.modelsDir, docs, vectors, registered, report);
    opts.log(`train: ${MODEL} in ${registered.seconds.toFixed(1)} s → ${dir}`);
    return registered;
  });
  return { run, seconds: run.seconds, modelsDir };
}

function writeModelCard(modelsDir: string, docs: MovieDocs, vectors: TfidfMatrix, run: ModelRun, report: SimilarEvalReport | null): void {
  writeCard(modelsDir, 'movies', MODEL, {
    title: `movies / ${MODEL}`,
    facts: [
      ['Run', `\`${run.id}\`, trained ${run.createdAt} in ${run.seconds.toFixed(1)} s`],
      ['Data', `warehouse fingerprint \`${run.dataFingerprint}\`; ${docs.ids.length.toLocaleString('en-US')} movies (all of them, never sampled) × ${vectors.terms.length.toLocaleString('en-US')} terms (${vectors.fields.map((f) => `${f.name} ${f.kept.toLocaleString('en-US')}`).join(', ')})`],
      ['Parameters', `\`${JSON.stringify(run.params)}\``],
      ['Artifact', `\`${run.artifact}\` (top-${K} neighbours per movie, ${((docs.ids.length * K * 8) / 1e6).toFixed(1)} MB)`],
    ],
    sections: [
      {
        heading: 'Metrics (with the baseline beside them)',
        body: report ? ['Franchise mates found among the nearest movies (see the README for the protocol).', '', '```', formatSimilarReport(report), '```'].join('\n') : notEvaluatedYet('movies'),
      },
      {
        heading: 'Limits',
        body: `Content only: it knows what a movie is about and who made it, not who liked it, so it cannot tell a
good sequel from a bad one and favours movies with long overviews and famous casts. Words are
English (stemmed, stopwords dropped); other languages' overviews match only on identical words.
Ties are broken towards the more popular movie.`,
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Serving

export interface ServingSimilar {
  model: ItemKnn;
  /** movie id → index */
  index: Map<number, number>;
  ids: Int32Array;
  runId: string;
}

/** The live version for this warehouse, or null when none is trained. */
export function loadLiveSimilar(db: string): ServingSimilar | null {
  const registry = new Registry(modelsDirFor(db));
  const live = registry.live('movies', MODEL);
  if (!live) return null;
  const dir = registry.artifactPath(live);
  const ids = Int32Array.from(JSON.parse(readFileSync(join(dir, 'movie_ids.json'), 'utf8')) as number[]);
  return { model: loadModel(dir, ItemKnn), ids, index: new Map(Array.from(ids, (id, i) => [id, i])), runId: live.id };
}

export const moviesModels: PackModels = {
  names: [MODEL],
  main: { model: MODEL, metric: 'recallNoCollection', higherIsBetter: true },
  metrics: SIMILAR_METRICS,
  async train(db: string, opts: { seed: number; log: Log; promote?: boolean }): Promise<string> {
    const r = await trainSimilar(db, opts);
    return `trained ${MODEL} in ${r.seconds.toFixed(1)} s; artifact, registry and model card in ${r.modelsDir}`;
  },
  async evaluate(db: string, opts: { seed: number; k: number; log: Log }): Promise<Evaluation<SimilarEvalReport>> {
    const report = await evaluateSimilar(db, { k: opts.k, log: opts.log });
    const path = writeReport(modelsDirFor(db), report);
    return { report, text: `${formatSimilarReport(report)}\nreport written to ${path}` };
  },
};
