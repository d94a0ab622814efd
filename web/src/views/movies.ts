/** Movies (TMDB), drawn by hand: a title's facts and similar movies, a director's films by return. */
import { get, path } from '../api';
import { chart } from '../chart';
import type { PackViews } from '../pack-page';
import { facts, fmt, h, href, linkList, section } from '../ui';

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

/** Title and director: several answers in one view. The other kinds and the overview are described by the pack (src/packs/movies/page.ts). */
export const views: PackViews = {
  views: { title: titleView, director: directorView },
};
