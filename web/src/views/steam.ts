/** Steam, drawn by hand: similar games, games for a user, and the playtime and sentiment charts of a genre, a developer or a year. */
import { get, path, suggest } from '../api';
import { chart } from '../chart';
import type { PackViews } from '../pack-page';
import { facts, fmt, h, href, linkList, section } from '../ui';

type Hours = { Año: number; Horas: number }[];
type Sentiment = { Negative: number; Neutral: number; Positive: number };
const SENTIMENT_COLORS = ['#c8483f', '#a3a8b0', '#2f9e6b'];

/** Review counts by sentiment as bars (red, grey, green), as both the developer and the year views show them. */
const sentimentChart = (title: string, s: Sentiment) =>
  chart({ type: 'bar', title, labels: ['Negative', 'Neutral', 'Positive'], series: [{ label: 'reviews', values: [s.Negative, s.Neutral, s.Positive] }], colorsByLabel: SENTIMENT_COLORS, height: 220 });

const gameLinks = (names: string[]) => names.map((n) => ({ label: n, to: href('steam', 'game', n) }));
/** The one list in a `{"Juegos similares a X": [...]}` answer. */
const onlyList = (body: Record<string, string[]>) => Object.values(body)[0] ?? [];

async function genreView(genre: string): Promise<Node[]> {
  const [series, top] = await Promise.all([
    get<{ genero: string; horas_por_anio: Hours }>(path('steam', 'playtime', genre)),
    get<Record<string, string | Hours>>(path('UserForGenre', genre)),
  ]);
  const topUser = Object.values(top)[0] as string;
  const topHours = top['Horas jugadas'] as Hours;
  const best = series.horas_por_anio.reduce((a, b) => (b.Horas > a.Horas ? b : a), series.horas_por_anio[0]);
  return [
    section(
      `${series.genero}: hours played per release year`,
      best ? facts([['Release year with the most hours', String(best.Año)], ['Hours that year', fmt(best.Horas)]]) : null,
      chart({ type: 'line', title: `Hours played of ${series.genero} games, by the games' release year`, labels: series.horas_por_anio.map((y) => y.Año), series: [{ label: 'hours', values: series.horas_por_anio.map((y) => y.Horas) }], yTitle: 'hours' }),
    ),
    section(
      `The user with the most hours of ${series.genero}`,
      h('p', {}, h('a', { href: href('steam', 'user', topUser) }, topUser), ' — games for this user →'),
      chart({ type: 'bar', title: `${topUser}'s hours of ${series.genero} per release year`, labels: topHours.map((y) => y.Año), series: [{ label: 'hours', values: topHours.map((y) => y.Horas), color: '#e07b39' }], yTitle: 'hours', height: 220 }),
    ),
  ];
}

async function developerView(developer: string): Promise<Node[]> {
  const body = await get<Record<string, Sentiment>>(path('sentiment_analysis', developer));
  const [name, s] = Object.entries(body)[0];
  const total = s.Negative + s.Neutral + s.Positive;
  return [
    section(
      `${name}: sentiment of the reviews of its games`,
      facts([
        ['Reviews', fmt(total)],
        ['Positive', `${fmt(s.Positive)} (${fmt((100 * s.Positive) / Math.max(total, 1), 1)} %)`],
        ['Negative', `${fmt(s.Negative)} (${fmt((100 * s.Negative) / Math.max(total, 1), 1)} %)`],
      ]),
      sentimentChart(`Reviews of ${name}'s games by sentiment`, s),
    ),
  ];
}

type Puestos = Record<string, string>[];

/** A year: the reviews posted that year (top 3s) and the reviews of the games released that year (sentiment). */
async function yearView(year: string): Promise<Node[]> {
  const [recommended, notRecommended, worst, sentiment] = await Promise.allSettled([
    get<Puestos>(path('UsersRecommend', year)),
    get<Puestos>(path('UsersNotRecommend', year)),
    get<Puestos>(path('UsersWorstDeveloper', year)),
    get<Sentiment>(path('sentiment_analysis', 'year', year)),
  ]);
  // a year outside the data answers 400/404 on every route: say it once, in the server's words
  const failed = [recommended, notRecommended, worst, sentiment].filter((r) => r.status === 'rejected');
  if (failed.length === 4) throw (failed[0] as PromiseRejectedResult).reason;
  const top3 = (title: string, r: PromiseSettledResult<Puestos>, link: (name: string) => string | null) =>
    section(
      title,
      r.status === 'fulfilled'
        ? h('ol', { class: 'recs', 'aria-label': title }, r.value.map((p) => Object.values(p)[0]).map((name) => h('li', {}, link(name) ? h('a', { href: link(name)! }, name) : name)))
        : h('p', { class: 'muted' }, (r.reason as Error).message),
    );
  return [
    top3(`Most recommended games in reviews posted in ${year}`, recommended, (n) => href('steam', 'game', n)),
    top3(`Least recommended games in reviews posted in ${year}`, notRecommended, (n) => href('steam', 'game', n)),
    top3(`Developers with the most negative reviews posted in ${year}`, worst, (n) => href('steam', 'developer', n)),
    section(
      `Reviews of the games released in ${year}, by sentiment`,
      sentiment.status === 'fulfilled'
        ? sentimentChart(`Reviews of games released in ${year} by sentiment`, sentiment.value)
        : h('p', { class: 'muted' }, (sentiment.reason as Error).message),
    ),
  ];
}

/** Every Steam view is hand-drawn (the search kinds are described by the pack, src/packs/steam/page.ts). */
export const views: PackViews = {
  async overview() {
    // a genre's chart, to show what the page draws before anything is typed
    const genre = (await suggest('steam', 'genre', 'action'))[0] ?? (await suggest('steam', 'genre', ''))[0];
    return genre ? [h('p', { class: 'muted' }, `For example, the genre ${genre}:`), ...(await genreView(genre))] : [];
  },
  views: {
    game: async (value) => {
      const body = await get<Record<string, string[]>>(path('recomendacion_juego', value));
      const [title] = Object.keys(body);
      return [section(title.replace('Juegos similares a', 'Games similar to'), linkList(gameLinks(onlyList(body)), 'Similar games'))];
    },
    user: async (value) => {
      const body = await get<Record<string, string[]>>(path('recomendacion_usuario', value));
      return [section(`Games for ${value}, none of which they own`, linkList(gameLinks(onlyList(body)), 'Recommended games'))];
    },
    genre: genreView,
    developer: developerView,
    year: yearView,
  },
};
