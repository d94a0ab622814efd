/** The Streaming page of the web app (GET /packs): its words, search and overview chart; a user's view is drawn by hand in web/src/views/streaming.ts. */
import type { PackPage } from '../../core/page.js';
import { PLATFORMS } from './clean.js';

export const streamingPage: PackPage = {
  title: 'Streaming',
  description: 'Amazon Prime, Disney+, Hulu and Netflix titles and what users rated them. Search a user (by id) for the titles a matrix-factorisation model predicts they would rate highest.',
  search: [{ kind: 'user', label: 'User', placeholder: 'a user id, e.g. 1', suggest: '/suggest/streaming/user' }],
  overview: [
    {
      type: 'chart',
      chart: 'bar',
      heading: 'Movies per platform',
      title: 'Movies in each platform’s catalogue',
      series: 'movies',
      value: 'peliculas',
      points: PLATFORMS.map((p) => ({ label: p, route: `/get_count_platform/${p}` })),
    },
  ],
};
