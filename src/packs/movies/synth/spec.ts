/** What a run is asked for and writes: its options, the real files' sizes and shape, the random streams. */
export interface MoviesSynthOptions {
  /** records in movies_dataset.csv (a broken record counts twice, as pandas reads it) */
  rows: number;
  seed: number;
  /** folder with the real derived tables (shared/data/movies) */
  from?: string;
  /** write .csv.gz instead of .csv */
  gzip?: boolean;
}

/** Records of the real files (PROVENANCE.md). */
export const FULL_ROWS = { movies: 45466, credits: 45476 };

/**
 * At full size: broken records (each is two CSV records: the head and the shifted tail), rows
 * without a release date, and repeated ids. The real derived tables already carry 13 repeats,
 * so --from adds fewer.
 */
export const FULL_SHAPE = { broken: 3, undated: 84, repeats: 30, repeatsFrom: 14 };

/** The real derived tables --from reads. */
export const FROM_FILES = [
  'peliculas_duracion.csv.gz', 'director_movies.csv.gz', 'credits_crew_clean.csv.gz', 'franquicia.csv.gz',
  'productoras_exitosas.csv.gz', 'countries_data.csv.gz', 'spoken_data.csv.gz', 'genres_data_ml.csv.gz',
];

export const enum Stream {
  Catalogue = 1,
  Plan,
  Text,
  Credits,
  Real,
}

/** zlib's default level, for --gzip. Changing it changes the output bytes. */
export const GZIP_LEVEL = 6;
