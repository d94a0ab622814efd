/** What a run is asked for and writes: its options, the file names, the real data's sizes, the random streams. */
export interface SteamSynthOptions {
  /** 1 = the size of the real data (32,135 games, 88,310 library lines, 25,799 review lines) */
  scale: number;
  seed: number;
  /** a real steam_games.json(.gz) to copy through as the catalogue instead of inventing one */
  games?: string;
}

export const STEAM_FILES = {
  games: 'steam_games.json.gz',
  reviews: 'australian_user_reviews.json.gz',
  items: 'australian_users_items.json.gz',
} as const;

/** Sizes of the real data at scale 1 (PROVENANCE.md). */
export const FULL = {
  nanLines: 88310, // leading all-NaN lines of steam_games
  games: 32135,
  gamesWithoutId: 2,
  repeatedIds: 1, // the real file has one id ('612880') on two records
  itemLines: 88310,
  itemDupLines: 684,
  reviewLines: 25799,
  reviewDupLines: 341, // 25,799 lines for 25,458 distinct reviewers
  reviewOnlyUsers: 4, // reviewers without a library line
};
export const REVIEW_BROKEN_RATE = 0.0005;
export const ITEMS_BROKEN_RATE = 0.0002;

/**
 * zlib level 3: on the library text as fast as level 1 and smaller, where the default 6 is much
 * slower for a little smaller file (figures in the pack README's Benchmarks). Changing it changes
 * the output bytes.
 */
export const GZIP_LEVEL = 3;

// Independent random streams, so changing one part of the generator does not reshuffle another.
export const enum Stream {
  Catalogue = 1,
  Pool,
  Users,
  Library,
  ItemsPlan,
  Reviews,
  ReviewsPlan,
  Taste,
}
