/**
 * The Movies page of the web app (GET /packs): its words, search, the month chart and the views
 * of one answer each; a title's and a director's views are drawn by hand in web/src/views/movies.ts.
 */
import type { PackPage } from '../../core/page.js';
import { MESES } from './answers.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const moviesPage: PackPage = {
  title: 'Movies',
  description: 'The TMDB movies dataset with its credits. Search a title for its facts and the movies most like it, a director for their films’ returns, or an actor, franchise, company, country or language.',
  search: [
    { kind: 'title', label: 'Title', placeholder: 'a movie, e.g. Toy Story', suggest: '/suggest/movies/title' },
    { kind: 'director', label: 'Director', placeholder: 'a director, e.g. John Lasseter', suggest: '/suggest/movies/director' },
    { kind: 'actor', label: 'Actor', placeholder: 'an actor, e.g. Tom Hanks', suggest: '/suggest/movies/actor' },
    { kind: 'collection', label: 'Franchise', placeholder: 'a collection, e.g. Toy Story Collection', suggest: '/suggest/movies/collection' },
    { kind: 'company', label: 'Company', placeholder: 'a production company, e.g. Pixar Animation Studios', suggest: '/suggest/movies/company' },
    { kind: 'country', label: 'Country', placeholder: 'a country, e.g. France or FR', suggest: '/suggest/movies/country' },
    { kind: 'language', label: 'Language', placeholder: 'a language code, e.g. fr', suggest: '/suggest/movies/language' },
  ],
  overview: [
    {
      type: 'chart',
      chart: 'bar',
      heading: 'Releases per month',
      title: 'Movies released in each month, all years',
      series: 'movies',
      value: 'cantidad',
      points: MESES.map((mes, i) => ({ label: MONTHS[i], route: `/cantidad_filmaciones_mes/${mes}` })),
    },
  ],
  views: {
    actor: [{ type: 'facts', route: '/get_actor/{value}', title: '{actor}', facts: [{ label: 'Films', field: 'cantidad' }, { label: 'Total return', field: 'retorno_total', format: 'decimal' }, { label: 'Mean return', field: 'retorno_promedio', format: 'decimal' }] }],
    collection: [{ type: 'facts', route: '/franquicia/{value}', title: '{franquicia}', facts: [{ label: 'Films', field: 'cantidad' }, { label: 'Total revenue', field: 'ganancia_total', format: 'money' }, { label: 'Mean revenue', field: 'ganancia_promedio', format: 'money' }] }],
    company: [{ type: 'facts', route: '/productoras_exitosas/{value}', title: '{productora}', facts: [{ label: 'Films', field: 'cantidad' }, { label: 'Total revenue', field: 'revenue_total', format: 'money' }] }],
    country: [{ type: 'facts', route: '/peliculas_pais/{value}', title: '{pais} ({iso_3166_1})', facts: [{ label: 'Films produced', field: 'cantidad' }] }],
    language: [{ type: 'facts', route: '/peliculas_idioma/{value}', title: '{nombre|idioma} ({idioma})', facts: [{ label: 'Films in this original language', field: 'cantidad' }] }],
  },
};
