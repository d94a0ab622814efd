/**
 * The movies pack in a shared store (`recops publish movies`, `recops serve --store`). Keys:
 *   {kind}:{nameKey}   the answer for a name, as the in-process maps hold it (aliases repeat it)
 *   names:{kind}       every name of the kind, in the in-process index's order: a replica keeps
 *                      them in memory for "did you mean" and autocomplete, as the in-process server does
 *   similar:{movieId}  the recommended titles, or the 503 message of a movie the model cannot answer
 */
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { nameKey } from '../../core/text/names.js';
import { NameSuggester } from '../../core/text/suggest.js';
import { HttpError } from '../../core/server/errors.js';
import type { AnswerStore, PackStore } from '../../core/store/store.js';
import { MOVIES_KINDS, loadMovies, similarTitles, type MoviesKind, type MoviesReader, type TitleAnswer } from './answers.js';
import { registerMoviesHandlers } from './routes.js';

type Suggesters = Record<MoviesKind, NameSuggester>;
type Similar = { list: string[] } | { error: string };

export const moviesStore: PackStore<Suggesters> = {
  async prepare(wh: Warehouse) {
    const { answers: a, similar, titles } = await loadMovies(wh);
    const out = new Map<string, unknown>();
    for (const kind of MOVIES_KINDS) {
      const names = a[kind].index.names();
      out.set(`names:${kind}`, names);
      for (const name of names) out.set(`${kind}:${nameKey(name)}`, a[kind].index.get(name)!.value);
    }
    for (const name of a.titles.index.names()) {
      const t = a.titles.index.get(name)!.value;
      if (out.has(`similar:${t.movieId}`)) continue;
      let answer: Similar;
      try {
        answer = { list: similarTitles(similar, titles, t) };
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        answer = { error: err.message.replace('and restart the server', 'and publish again').replace('and restart', 'and publish again') };
      }
      out.set(`similar:${t.movieId}`, answer);
    }
    return out;
  },

  async local(answers: AnswerStore) {
    const lists = await answers.mget<string[]>(MOVIES_KINDS.map((k) => `names:${k}`));
    return Object.fromEntries(MOVIES_KINDS.map((k, i) => [k, new NameSuggester(lists[i] ?? [])])) as Suggesters;
  },

  emptyLocal() {
    return Object.fromEntries(MOVIES_KINDS.map((k) => [k, new NameSuggester([])])) as Suggesters;
  },

  async routes(app, view, localNow) {
    const reader = (): MoviesReader => {
      const { answers, local } = view();
      return {
        find: (kind, input) => answers.get(`${kind}:${nameKey(input)}`),
        suggester: (kind) => local[kind],
        similar: async (t: TitleAnswer) => {
          const s = await answers.get<Similar>(`similar:${t.movieId}`);
          if (!s) throw new HttpError(503, `the published version ${answers.version} holds no recommendations for '${t.title}': publish again`, {});
          if ('error' in s) throw new HttpError(503, s.error, {});
          return s.list;
        },
      };
    };
    await registerMoviesHandlers(app, reader, () => ({ suggester: (kind) => localNow()[kind] }));
  },
};
