/**
 * The streaming pack in a shared store (`recops publish streaming`, `recops serve --store`).
 * The analytics take few parameter combinations: their answers are keys. The rating routes take
 * any user and title: the store holds per user and per title the small data an answer is
 * computed from, with the floats exactly as the model holds them (float32 arrays as base64 of
 * their bytes, single floats as JSON numbers: both read back bit for bit), so a replica's answer
 * is the in-process server's, digit for digit. Keys:
 *   count:{platform}            movies of the platform
 *   maxdur:{year|*}|{platform|*}|{type|*}  the longest movie's title, for every combination that has one
 *   scores:{platform}|{year}    the scores of its scored movies, ascending (any threshold counts exactly)
 *   actor:{platform}|{year}     the cast member in the most titles
 *   country:{nameKey}, rating:{nameKey}   the answer for a spelling, as the in-process index holds it (aliases repeat it)
 *   names:country, names:rating, names:user  name lists (src/core/store/names.ts): "did you mean" and
 *                               autocomplete ask the store, ranked as in-process
 *   years                       the year range the parameters accept (kept local)
 *   model                       null when untrained; else μ, the clip range, the item ids, the cold-start
 *                               list, and Q, b_i and the not-in-catalogue mask (local: the exact top-n > 20)
 *   u:{userId}                  b_u, p_u, the top-20 (item indices, rounded scores), the rated titles and ratings
 *   t:{titleId}                 the model's index, title, platform, b_i and q_i
 */
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { nameKey } from '../../core/text/names.js';
import type { Suggests } from '../../core/server/suggest.js';
import { NameList } from '../../core/store/names.js';
import { InnerProductIndex } from '../../core/models/mips.js';
import { ExcludeMask } from '../../core/models/recommender.js';
import { clip } from '../../core/models/ratings.js';
import { Svd } from '../../core/models/svd.js';
import { viewNames, type AnswerStore, type PackStore, type StoreView } from '../../core/store/store.js';
import { PLATFORMS } from './clean.js';
import { BayesFactorScorer, type ServedRatingModel } from './models.js';
import { registerStreamingHandlers } from './routes.js';
import {
  MAX_N, coldList, describer, loadStreaming, ownRating, round, untrained,
  type Described, type RatedTitle, type StreamingNames, type StreamingReader, type SuggestKind, type YearRange,
} from './answers.js';

/** `model`: what every replica reads once per version. */
interface ModelEntry {
  name: string;
  runId: string;
  mu: number;
  scale: [number, number];
  dim: number;
  /** the length of the precomputed lists (longer n are searched) */
  topK: number;
  /** bits of an item index in `u:*.r` */
  ratedBits: 16 | 32;
  items: string[];
  cold: RatedTitle[];
  coldMean: number;
  /** base64 float32 item factors (row-major, dim wide), base64 float32 biases, base64 uint8 mask */
  Q: string;
  bi: string;
  exclude: string;
}

interface UserEntry {
  b: number;
  /** base64 float32, dim wide */
  p: string;
  /** top items (model indices) and their predicted ratings, rounded as shown */
  t: number[];
  s: number[];
  /** base64 of the rated item indices (ratedBits each) and of the ratings in half stars (uint8), in the model's order */
  r: string;
  h: string;
}

interface TitleEntry extends Omit<Described, 'id'> {
  i: number;
  b: number;
  /** base64 float32, dim wide */
  q: string;
}

/** What a replica keeps local: the year range and the model's local part (the names stay in the store). */
export interface StreamingLocal extends Omit<StreamingNames, 'suggester'> {
  /** false for the empty local of a replica that has loaded no version */
  loaded: boolean;
  model: ModelLocal | null;
}

interface ModelLocal extends Omit<ModelEntry, 'Q' | 'bi' | 'exclude'> {
  index: InnerProductIndex;
  exclude: Uint8Array;
  mask: ExcludeMask;
}

const b64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** The typed array of a base64 string (copied: a Buffer may sit at an offset no typed array of its type can start at). */
function typed<T>(s: string, Type: new (buffer: ArrayBuffer) => T): T {
  const b = Buffer.from(s, 'base64');
  return new Type(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
}

/** μ, b, P, Q of the served model (both kinds predict μ + b_u + b_i + p_u·q_i, clipped). */
function factorsOf(m: ServedRatingModel): { mu: number; scale: [number, number]; bu: Float32Array; bi: Float32Array; P: Float32Array; Q: Float32Array; dim: number } {
  if (m instanceof BayesFactorScorer) return { mu: m.mu, scale: m.scale, bu: m.bu, bi: m.bi, P: m.P, Q: m.Q, dim: m.dim };
  if (m instanceof Svd) return { mu: m.mu, scale: m.scale, bu: m.bu, bi: m.bi, P: m.P, Q: m.Q, dim: m.params.factors };
  throw new Error('the live streaming rating model is neither the Bayesian FM nor the SVD: it cannot be published');
}

async function prepare(wh: Warehouse): Promise<Map<string, unknown>> {
  const { analytics: a, ratings: r } = await loadStreaming(wh);
  const out = new Map<string, unknown>();
  for (const p of PLATFORMS) out.set(`count:${p}`, a.moviesByPlatform.get(p) ?? 0);
  for (const [key, best] of a.maxDuration) out.set(`maxdur:${key}`, best.title);
  for (const [key, scores] of a.movieScores) out.set(`scores:${key}`, Array.from(scores));
  for (const [key, top] of a.topActor) out.set(`actor:${key}`, top);
  out.set('names:country', NameList.text(a.countries.names(), a.countries.nameKeys()));
  for (const name of a.countries.names()) {
    const c = a.countries.get(name)!;
    out.set(`country:${nameKey(name)}`, { name: c.name, titles: Object.fromEntries(c.value) });
  }
  out.set('names:rating', NameList.text(a.ratings.names(), a.ratings.nameKeys()));
  for (const name of a.ratings.names()) out.set(`rating:${nameKey(name)}`, a.ratings.get(name));
  out.set('years', a.years);

  const live = r.live;
  if (!live) {
    out.set('model', null);
    out.set('names:user', NameList.numeric([]));
    return out;
  }
  const f = factorsOf(live.model);
  const model: ModelEntry = {
    name: live.name,
    runId: live.runId,
    mu: f.mu,
    scale: f.scale,
    dim: f.dim,
    topK: live.top.k,
    ratedBits: live.rated.items instanceof Uint16Array ? 16 : 32,
    items: live.items,
    cold: coldList(r, MAX_N),
    coldMean: round(f.mu),
    Q: b64(f.Q),
    bi: b64(f.bi),
    exclude: b64(r.notInCatalogue),
  };
  out.set('model', model);
  out.set('names:user', NameList.numeric(live.userIndex.keys()));
  const { k } = live.top;
  for (const [user, u] of live.userIndex) {
    const t: number[] = [];
    const s: number[] = [];
    for (let j = 0; j < k && live.top.items[u * k + j] >= 0; j++) {
      t.push(live.top.items[u * k + j]);
      // shown rounded: the reader gives these as they are, the in-process server rounds the same float
      s.push(round(live.top.scores[u * k + j]));
    }
    const [from, to] = [live.rated.indptr[u], live.rated.indptr[u + 1]];
    const entry: UserEntry = { b: f.bu[u], p: b64(f.P.subarray(u * f.dim, (u + 1) * f.dim)), t, s, r: b64(live.rated.items.subarray(from, to)), h: b64(live.rated.halfStars.subarray(from, to)) };
    out.set(`u:${user}`, entry);
  }
  const describe = describer(r);
  live.items.forEach((id, i) => {
    const { titulo, plataforma } = describe(i);
    const entry: TitleEntry = { i, titulo, plataforma, b: f.bi[i], q: b64(f.Q.subarray(i * f.dim, (i + 1) * f.dim)) };
    out.set(`t:${id}`, entry);
  });
  return out;
}

async function local(answers: AnswerStore): Promise<StreamingLocal> {
  const [years, model] = await answers.mget<unknown>(['years', 'model']);
  const m = model as ModelEntry | null | undefined;
  let served: ModelLocal | null = null;
  if (m) {
    const { Q, bi, exclude, ...rest } = m;
    const items = typed(Q, Float32Array);
    // the same exact search as the in-process model's recommend (mips.ts over Q with b_i)
    served = { ...rest, index: new InnerProductIndex(items, m.dim, typed(bi, Float32Array)), exclude: typed(exclude, Uint8Array), mask: new ExcludeMask(m.items.length) };
  }
  return { loaded: true, years: (years as YearRange | undefined) ?? null, model: served };
}

function emptyLocal(): StreamingLocal {
  return { loaded: false, years: null, model: null };
}

/** A published version's answers, read for one request. */
function storeReader(answers: AnswerStore, l: StreamingLocal): StreamingReader {
  const model = () => {
    if (!l.model) throw untrained('publish again');
    return l.model;
  };
  const describe = async (m: ModelLocal, items: ArrayLike<number>, scores: number[]): Promise<RatedTitle[]> => {
    const ids = Array.from(items, (i) => m.items[i]);
    const titles = await answers.mget<TitleEntry>(ids.map((id) => `t:${id}`));
    return ids.map((id, j) => ({ id, titulo: titles[j]?.titulo ?? null, plataforma: titles[j]?.plataforma ?? null, rating_predicho: scores[j] }));
  };
  const rated = (m: ModelLocal, u: UserEntry) => (m.ratedBits === 16 ? typed(u.r, Uint16Array) : typed(u.r, Int32Array));
  return {
    years: l.years,
    suggester: (kind) => answers.names(`names:${kind}`),
    moviesOn: async (p) => (await answers.get<number>(`count:${p}`)) ?? 0,
    maxDuration: async (key) => {
      const title = await answers.get<string>(`maxdur:${key}`);
      return title === undefined ? undefined : { title };
    },
    movieScores: (p, y) => answers.get<number[]>(`scores:${p}|${y}`),
    topActor: (p, y) => answers.get(`actor:${p}|${y}`),
    country: async (input) => {
      const c = await answers.get<{ name: string; titles: Record<string, number> }>(`country:${nameKey(input)}`);
      return c && { name: c.name, titles: (key: string) => (Object.hasOwn(c.titles, key) ? c.titles[key] : undefined) };
    },
    rating: (input) => answers.get(`rating:${nameKey(input)}`),
    recommend: async (user, n) => {
      const m = model();
      const u = await answers.get<UserEntry>(`u:${user}`);
      if (!u) return { list: m.cold.slice(0, n), coldMean: m.coldMean };
      if (n <= m.topK) return { list: await describe(m, u.t.slice(0, n), u.s) };
      // as the in-process model's recommend: the exact top n of b_i + q_i·p_u over the unrated
      // catalogue titles, then μ + b_u added and clipped
      const history = { items: rated(m, u) };
      const skip = m.mask.set(history, { exclude: m.exclude });
      let recs;
      try {
        recs = m.index.topN(typed(u.p, Float32Array), n, skip);
      } finally {
        m.mask.clear(history, { exclude: m.exclude });
      }
      return { list: await describe(m, recs.map((s) => s.item), recs.map((s) => round(clip(m.mu + u.b + s.score, m.scale)))) };
    },
    predict: async (user, id) => {
      const m = model();
      const [u, t] = (await answers.mget<unknown>([`u:${user}`, `t:${id}`])) as [UserEntry | undefined, TitleEntry | undefined];
      if (!t) return undefined;
      // the in-process model's arithmetic, in its order: μ + b_u + b_i, then p_u·q_i term by term
      let est = m.mu + (u ? u.b : 0) + t.b;
      if (u) {
        const [p, q] = [typed(u.p, Float32Array), typed(t.q, Float32Array)];
        for (let a = 0; a < m.dim; a++) est += p[a] * q[a];
      }
      const out = { id, titulo: t.titulo, plataforma: t.plataforma, rating_predicho: round(clip(est, m.scale)), known: u !== undefined };
      return u ? { ...out, real: ownRating(rated(m, u), typed(u.h, Uint8Array), t.i) } : out;
    },
  };
}

export const streamingStore: PackStore<StreamingLocal> = {
  prepare,
  local,
  emptyLocal,
  async routes(app, view: () => StoreView<StreamingLocal>, localNow) {
    const reader = () => {
      const { answers, local: l } = view();
      return storeReader(answers, l);
    };
    // "did you mean" and autocomplete read the store: the request's version, a 503 when the store cannot answer
    const suggester = (kind: SuggestKind): Suggests => viewNames(view, `names:${kind}`);
    const withNames = (l: StreamingLocal): StreamingNames => ({ years: l.years, suggester });
    // a replica that has loaded no version has no year range: the request needs the store (503), not a 404
    const years = () => withNames(localNow().loaded ? localNow() : view().local);
    registerStreamingHandlers(app, reader, years, () => withNames(localNow()));
  },
};
