/** The catalogue model: what a movie and a person are, before they are written. */
export interface Named {
  id: number;
  name: string;
}

export interface Movie {
  id: number;
  title: string;
  originalLanguage: string;
  /** 'YYYY-MM-DD', or null for the rows without a release date */
  date: string | null;
  runtime: number | null;
  budget: number;
  revenue: number;
  /** rows whose budget / revenue field is empty (pandas NaN) rather than 0 */
  emptyBudget: boolean;
  emptyRevenue: boolean;
  popularity: number;
  voteAverage: number;
  voteCount: number;
  collection: Named | null;
  genres: Named[];
  companies: Named[];
  countries: { iso: string; name: string }[];
  spoken: { iso: string; name: string }[];
  /** crew 'Director' entries: person ids in the director pool (synthetic) or real names */
  directors: Person[];
  /** the collection's recurring lead, billed first in every movie of it */
  lead: number | null;
  /** the collection's hero and setting, repeated in the overview of each of its movies */
  story: { hero: string; place: string } | null;
  sequelNumber: number;
  status: string;
}

export interface Person {
  id: number;
  name: string;
  gender: number;
}
