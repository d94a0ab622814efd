/**
 * The movies pack in a shared store (`recops publish movies`, `recops serve --store`). Keys:
 *   {kind}:{nameKey}   the answer for a name, as the in-process maps hold it (aliases repeat it)
 *   names:{kind}       every name of the kind, in the in-process index's order, as a name list
 *                      (src/core/store/names.ts): "did you mean" and autocomplete ask the store,
 *                      ranked as the in-process server ranks them; a replica keeps no names
 *   similar:{movieId}  the recommended titles, or the 503 message of a movie the model cannot answer
 */
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { nameKey } from '../../core/text/names.js';
import { HttpError } from '../../core/server/errors.js';
import { NameList } from '../../core/store/names.js';
import { viewNames, type PackStore } from '../../core/store/store.js';
import { MOVIES_KINDS, loadMovies, similarTitles, type MoviesKind, type MoviesReader, type TitleAnswer } from './answers.js';
import { registerMoviesHandlers } from './routes.js';

type Similar = { list: string[] } | { error: string };

/** A replica keeps nothing local for movies: every answer and name is in the store. */
export const moviesStore: PackStore<null> = {
  async prepare(wh: Warehouse) {
    const { answers: a, similar, titles } = await loadMovies(wh);
    const out = new Map<string, unknown>();
    for (const kind of MOVIES_KINDS) {
      const names = a[kind].index.names();
      out.set(`names:${kind}`, NameList.text(names, a[kind].index.nameKeys()));
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

  async local() {
    return null;
  },

  emptyLocal() {
    return null;
  },

  async routes(app, view) {
    const reader = (): MoviesReader => {
      const { answers } = view();
      return {
        find: (kind, input) => answers.get(`${kind}:${nameKey(input)}`),
        suggester: (kind) => answers.names(`names:${kind}`),
        similar: async (t: TitleAnswer) => {
          const s = await answers.get<Similar>(`similar:${t.movieId}`);
          if (!s) throw new HttpError(503, `the published version ${answers.version} holds no recommendations for '${t.title}': publish again`, {});
          if ('error' in s) throw new HttpError(503, s.error, {});
          return s.list;
        },
      };
    };
    // autocomplete reads the store too: the request's version, a 503 when the store cannot answer
    await registerMoviesHandlers(app, reader, () => ({ suggester: (kind: MoviesKind) => viewNames(view, `names:${kind}`) }));
  },
};
