/** The Steam page of the web app (GET /packs): its words and search kinds; its views are drawn by hand in web/src/views/steam.ts. */
import type { PackPage } from '../../core/page.js';

export const steamPage: PackPage = {
  title: 'Steam',
  description: 'Games, reviews and the libraries of Steam users, with their playtime. Search a game for similar games, a user for games they would like, a genre, a developer or a year for charts.',
  search: [
    { kind: 'game', label: 'Game', placeholder: 'a game, e.g. Portal 2', suggest: '/suggest/steam/game' },
    { kind: 'user', label: 'User', placeholder: 'a user id', suggest: '/suggest/steam/user' },
    { kind: 'genre', label: 'Genre', placeholder: 'a genre, e.g. Action', suggest: '/suggest/steam/genre' },
    { kind: 'developer', label: 'Developer', placeholder: 'a developer, e.g. Valve', suggest: '/suggest/steam/developer' },
    { kind: 'year', label: 'Year', placeholder: 'a year, e.g. 2014' },
  ],
};
