/** What a run is asked for and writes: its options, the ratings files, the random streams, what a title is to the ratings. */
export interface StreamingSynthOptions {
  /** well-formed ratings in all 8 files */
  ratings: number;
  seed: number;
  /** a folder with the four real title files, copied instead of synthesised */
  titles?: string;
}

export const RATING_FILES = 8;
export const DEFAULT_RATINGS = 11_000_000;

// Independent random streams, so changing one part of the generator does not reshuffle another.
export const enum Stream {
  Titles = 1,
  Popularity,
  Genres,
  Items,
  Users,
  User,
  Malformed,
}

/** What the ratings generator needs to know of a title. */
export interface CatalogueTitle {
  id: string;
  genres: string[];
}
