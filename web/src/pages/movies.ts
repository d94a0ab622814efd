/** Movies (TMDB): similar movies by content, a director's films by return, and the catalogue's releases per month. */
import { get, path } from '../api';
import { chart } from '../chart';
import type { PackPage } from '../pack-page';
import { facts, fmt, h, href, linkList, section } from '../ui';

const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const money = (x: number) => `$${fmt(x)}`;
const note = (n?: string) => (n ? h('p', { class: 'muted' }, n) : null);

async function titleView(title: string): Promise<Node[]> {
  const [score, votes, similar] = await Promise.all([
    get<{ titulo: string; anio: number; popularidad: number | null; nota?: string }>(path('score_titulo', title)),
    get<{ votos?: number; promedio?: number | null; mensaje?: string }>(path('votos_titulo', title)),
    get<{ 'lista recomendada': string[] }>(path('recomendacion', title)).catch((err: Error) => err),
  ]);
  return [
    section(
      `${score.titulo} (${score.anio})`,
      note(score.nota),
      facts([
        ['Popularity (TMDB score)', score.popularidad === null ? '—' : fmt(score.popularidad, 2)],
        ['Votes', votes.votos === undefined ? (votes.mensaje ?? '—') : `${fmt(votes.votos)}, average ${votes.promedio ?? '—'}`],
      ]),
    ),
    section(
      'Similar movies',
      similar instanceof Error ? h('p', { class: 'error', role: 'alert' }, similar.message) : linkList(similar['lista recomendada'].map((t) => ({ label: t, to: href('movies', 'title', t) })), 'Similar movies'),
    ),
  ];
}

async function directorView(name: string): Promise<Node[]> {
  const d = await get<{ director: string; cantidad: number; retorno_total: number; peliculas: { titulo: string | null; fecha_estreno: string; retorno: number; costo: number; ganancia: number }[] }>(path('get_director', name));
  return [
    section(
      d.director,
      facts([['Films directed', fmt(d.cantidad)], ['Total return (revenue / budget)', fmt(d.retorno_total, 2)]]),
      d.peliculas.length
        ? chart({ type: 'bar', title: `Return (revenue / budget) of each film by ${d.director}, by release date`, labels: d.peliculas.map((m) => `${m.titulo ?? '?'} (${m.fecha_estreno.slice(0, 4)})`), series: [{ label: 'return', values: d.peliculas.map((m) => m.retorno) }], horizontal: true, height: 40 + 26 * d.peliculas.length })
        : null,
      linkList(d.peliculas.filter((m) => m.titulo).map((m) => ({ label: m.titulo!, to: href('movies', 'title', m.titulo!), extra: `${m.fecha_estreno} · budget ${money(m.costo)} · revenue ${money(m.ganancia)}` })), 'Films'),
    ),
  ];
}

export const moviesPage: PackPage = {
  pack: 'movies',
  title: 'Movies',
  intro: 'The TMDB movies dataset with its credits. Search a title for its facts and the movies most like it, a director for their films’ returns, or an actor, franchise, company, country or language.',
  kinds: [
    { value: 'title', label: 'Title', placeholder: 'a movie, e.g. Toy Story' },
    { value: 'director', label: 'Director', placeholder: 'a director, e.g. John Lasseter' },
    { value: 'actor', label: 'Actor', placeholder: 'an actor, e.g. Tom Hanks' },
    { value: 'collection', label: 'Franchise', placeholder: 'a collection, e.g. Toy Story Collection' },
    { value: 'company', label: 'Company', placeholder: 'a production company, e.g. Pixar Animation Studios' },
    { value: 'country', label: 'Country', placeholder: 'a country, e.g. France or FR' },
    { value: 'language', label: 'Language', placeholder: 'a language code, e.g. fr' },
  ],
  async overview() {
    const months = await Promise.all(MESES.map((m) => get<{ cantidad: number }>(path('cantidad_filmaciones_mes', m))));
    return [section('Releases per month', chart({ type: 'bar', title: 'Movies released in each month, all years', labels: MONTHS, series: [{ label: 'movies', values: months.map((m) => m.cantidad) }], height: 240 }))];
  },
  async view(kind, value) {
    if (kind === 'title') return titleView(value);
    if (kind === 'director') return directorView(value);
    if (kind === 'actor') {
      const a = await get<{ actor: string; cantidad: number; retorno_total: number; retorno_promedio: number }>(path('get_actor', value));
      return [section(a.actor, facts([['Films', fmt(a.cantidad)], ['Total return', fmt(a.retorno_total, 2)], ['Mean return', fmt(a.retorno_promedio, 2)]]))];
    }
    if (kind === 'collection') {
      const c = await get<{ franquicia: string; cantidad: number; ganancia_total: number; ganancia_promedio: number }>(path('franquicia', value));
      return [section(c.franquicia, facts([['Films', fmt(c.cantidad)], ['Total revenue', money(c.ganancia_total)], ['Mean revenue', money(c.ganancia_promedio)]]))];
    }
    if (kind === 'company') {
      const c = await get<{ productora: string; revenue_total: number; cantidad: number }>(path('productoras_exitosas', value));
      return [section(c.productora, facts([['Films', fmt(c.cantidad)], ['Total revenue', money(c.revenue_total)]]))];
    }
    if (kind === 'country') {
      const c = await get<{ pais: string; iso_3166_1: string; cantidad: number }>(path('peliculas_pais', value));
      return [section(`${c.pais} (${c.iso_3166_1})`, facts([['Films produced', fmt(c.cantidad)]]))];
    }
    const l = await get<{ idioma: string; nombre: string | null; cantidad: number }>(path('peliculas_idioma', value));
    return [section(`${l.nombre ?? l.idioma} (${l.idioma})`, facts([['Films in this original language', fmt(l.cantidad)]]))];
  },
};
