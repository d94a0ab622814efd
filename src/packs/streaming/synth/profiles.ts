/** Each platform's catalogue profile (the real files' proportions and quirks) and the word lists of invented titles. */
import type { Platform } from '../clean.js';

export type Weighted<T> = readonly (readonly [T, number])[];

export interface PlatformProfile {
  count: number;
  movieShare: number;
  /** audience ratings and their counts in the real file ('' = empty cell) */
  ratings: Weighted<string>;
  genres: Weighted<string>;
  /** how many genres a title lists (1, 2, 3, 4, 5) */
  genresPerTitle: readonly number[];
  countries: Weighted<string>;
  countryEmpty: number;
  /** ', South Korea' / 'United States,' (Netflix) */
  countryStrayComma: number;
  castEmpty: number;
  /** log-normal cast size: median, spread */
  castSize: readonly [number, number];
  directorEmpty: number;
  dateEmpty: number;
  /** years titles were added, and their weights */
  addedYears: Weighted<number>;
  /** ' August 4, 2017' (Netflix) */
  dateLeadingSpace: number;
  /** release years by 5-year bucket starting 1920 */
  releaseBuckets: readonly number[];
  /** log-normal film length in minutes: median, spread, max */
  minutes: readonly [number, number, number];
  /** the duration written in the rating column, the duration cell empty (Hulu, Netflix) */
  durationInRating: number;
  durationEmpty: number;
  /** films listed in seasons ('1 Season'): 62 Hulu movies */
  movieInSeasons: number;
}

const US = 'United States';
export const PROFILES: Record<Platform, PlatformProfile> = {
  amazon: {
    count: 9668,
    movieShare: 0.808,
    ratings: [['13+', 2117], ['16+', 1547], ['ALL', 1268], ['18+', 1243], ['R', 1010], ['PG-13', 393], ['7+', 385], ['', 337], ['PG', 253], ['NR', 223], ['TV-14', 208], ['TV-PG', 169], ['TV-NR', 105], ['G', 93], ['TV-G', 81], ['TV-MA', 77], ['TV-Y', 74], ['TV-Y7', 39], ['UNRATED', 33], ['NC-17', 3], ['AGES_18_', 3], ['NOT_RATE', 3], ['AGES_16_', 2], ['16', 1], ['ALL_AGES', 1]],
    genres: [['Drama', 3687], ['Comedy', 2099], ['Action', 1657], ['Suspense', 1501], ['Kids', 1085], ['Documentary', 993], ['Special Interest', 980], ['Horror', 875], ['Romance', 674], ['Animation', 547], ['Arts, Entertainment, and Culture', 483], ['Science Fiction', 457], ['International', 355], ['TV Shows', 263], ['Adventure', 259], ['Western', 234], ['Sports', 160], ['Music Videos and Concerts', 155], ['Unscripted', 152], ['Arthouse', 141], ['LGBTQ', 113], ['Young Adult Audience', 87], ['Fitness', 83], ['Anime', 80], ['Fantasy', 68], ['Faith and Spirituality', 66], ['Military and War', 44], ['Historical', 31]],
    genresPerTitle: [3839, 3773, 1623, 110, 323],
    countries: [[US, 334], ['India', 246], ['United Kingdom', 67], ['Canada', 35], ['France', 20], ['Germany', 17], ['Italy', 14], ['Spain', 11], ['Japan', 6], ['China', 6], ['Denmark', 6], ['Australia', 6], ['Brazil', 5], ['Belgium', 5]],
    countryEmpty: 0.93,
    countryStrayComma: 0,
    castEmpty: 0.128,
    castSize: [4, 0.8],
    directorEmpty: 0.215,
    dateEmpty: 0.984,
    addedYears: [[2021, 1]],
    dateLeadingSpace: 0,
    releaseBuckets: [7, 15, 33, 104, 87, 86, 91, 64, 68, 71, 102, 92, 109, 190, 261, 316, 439, 746, 1370, 3013, 2404],
    minutes: [91, 0.45, 601],
    durationInRating: 0,
    durationEmpty: 0,
    movieInSeasons: 0,
  },
  disney: {
    count: 1450,
    movieShare: 0.726,
    ratings: [['TV-G', 318], ['TV-PG', 301], ['G', 253], ['PG', 236], ['TV-Y7', 131], ['TV-14', 79], ['PG-13', 66], ['TV-Y', 50], ['TV-Y7-FV', 13], ['', 3]],
    genres: [['Family', 632], ['Animation', 542], ['Comedy', 526], ['Action-Adventure', 452], ['Animals & Nature', 208], ['Coming of Age', 205], ['Fantasy', 192], ['Documentary', 174], ['Kids', 141], ['Drama', 134], ['Docuseries', 122], ['Science Fiction', 91], ['Historical', 53], ['Music', 48], ['Musical', 44], ['Sports', 43], ['Biographical', 41], ['Buddy', 40], ['Anthology', 28], ['Reality', 26], ['Romance', 20], ['Superhero', 19], ['Game Show / Competition', 10]],
    genresPerTitle: [64, 312, 1074, 0, 0],
    countries: [[US, 1184], ['United Kingdom', 101], ['Canada', 77], ['Australia', 23], ['France', 22], ['South Korea', 13], ['Japan', 10], ['China', 10], ['Germany', 9], ['Ireland', 8]],
    countryEmpty: 0.151,
    countryStrayComma: 0,
    castEmpty: 0.131,
    castSize: [5, 0.4],
    directorEmpty: 0.326,
    dateEmpty: 0.002,
    addedYears: [[2019, 765], [2020, 352], [2021, 330]],
    dateLeadingSpace: 0,
    releaseBuckets: [0, 1, 10, 26, 23, 18, 28, 22, 17, 12, 13, 23, 15, 34, 49, 89, 122, 155, 214, 340, 239],
    minutes: [80, 0.6, 183],
    durationInRating: 0,
    durationEmpty: 0,
    movieInSeasons: 0,
  },
  hulu: {
    count: 3073,
    movieShare: 0.483,
    ratings: [['TV-14', 691], ['', 520], ['TV-MA', 391], ['R', 345], ['TV-PG', 321], ['PG-13', 163], ['TV-G', 148], ['PG', 105], ['TV-Y7', 46], ['TV-Y', 31], ['G', 18]],
    genres: [['Drama', 907], ['Comedy', 667], ['Adventure', 556], ['Action', 555], ['Documentaries', 524], ['Anime', 329], ['Horror', 304], ['Reality', 247], ['Thriller', 231], ['Crime', 217], ['International', 216], ['Family', 205], ['Romance', 186], ['Kids', 162], ['Lifestyle & Culture', 155], ['Sports', 139], ['Science Fiction', 122], ['Sitcom', 118], ['Black Stories', 113], ['News', 106], ['Latino', 92], ['Mystery', 81], ['Cooking & Food', 80], ['LGBTQ+', 67]],
    genresPerTitle: [706, 1046, 1321, 0, 0],
    countries: [[US, 1097], ['Japan', 281], ['United Kingdom', 200], ['Canada', 88], ['Germany', 41], ['France', 40], ['Australia', 36], ['Sweden', 20], ['Denmark', 17], ['South Korea', 15]],
    countryEmpty: 0.473,
    countryStrayComma: 0,
    castEmpty: 1, // the real Hulu file lists no cast at all
    castSize: [1, 0],
    directorEmpty: 0.999,
    dateEmpty: 0.009,
    addedYears: [[2012, 16], [2013, 34], [2014, 49], [2015, 69], [2016, 66], [2017, 197], [2018, 270], [2019, 406], [2020, 815], [2021, 1085]],
    dateLeadingSpace: 0,
    releaseBuckets: [1, 0, 1, 0, 0, 0, 10, 10, 11, 12, 17, 12, 23, 36, 53, 98, 144, 270, 533, 1239, 603],
    minutes: [95, 0.35, 192],
    durationInRating: 0.095,
    durationEmpty: 0.061,
    movieInSeasons: 0.042,
  },
  netflix: {
    count: 8807,
    movieShare: 0.696,
    ratings: [['TV-MA', 3207], ['TV-14', 2160], ['TV-PG', 863], ['R', 799], ['PG-13', 490], ['TV-Y7', 334], ['TV-Y', 307], ['PG', 287], ['TV-G', 220], ['NR', 80], ['G', 41], ['TV-Y7-FV', 6], ['', 4], ['NC-17', 3], ['UR', 3]],
    genres: [['International Movies', 2752], ['Dramas', 2427], ['Comedies', 1674], ['International TV Shows', 1351], ['Documentaries', 869], ['Action & Adventure', 859], ['TV Dramas', 763], ['Independent Movies', 756], ['Children & Family Movies', 641], ['Romantic Movies', 616], ['TV Comedies', 581], ['Thrillers', 577], ['Crime TV Shows', 470], ["Kids' TV", 451], ['Docuseries', 395], ['Music & Musicals', 375], ['Romantic TV Shows', 370], ['Horror Movies', 357], ['Stand-Up Comedy', 343], ['Reality TV', 255], ['British TV Shows', 253], ['Sci-Fi & Fantasy', 243], ['Sports Movies', 219], ['Anime Series', 176]],
    genresPerTitle: [2020, 3058, 3729, 0, 0],
    countries: [[US, 3690], ['India', 1046], ['United Kingdom', 806], ['Canada', 445], ['France', 393], ['Japan', 318], ['Spain', 232], ['South Korea', 231], ['Germany', 226], ['Mexico', 169], ['China', 162], ['Australia', 160], ['Egypt', 117], ['Turkey', 113], ['Hong Kong', 105], ['Nigeria', 103], ['Italy', 100], ['Brazil', 97], ['Argentina', 91], ['Belgium', 90]],
    countryEmpty: 0.094,
    countryStrayComma: 0.01,
    castEmpty: 0.094,
    castSize: [8, 0.5],
    directorEmpty: 0.299,
    dateEmpty: 0.001,
    addedYears: [[2015, 82], [2016, 429], [2017, 1188], [2018, 1649], [2019, 2016], [2020, 1879], [2021, 1498]],
    dateLeadingSpace: 0.01,
    releaseBuckets: [0, 1, 0, 0, 8, 7, 2, 9, 12, 13, 29, 41, 64, 65, 112, 162, 258, 552, 1256, 4671, 1545],
    minutes: [98, 0.3, 312],
    durationInRating: 0.0004,
    durationEmpty: 0,
    movieInSeasons: 0,
  },
};

export const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Susan', 'Richard', 'Jessica', 'Joseph', 'Sarah', 'Thomas', 'Karen', 'Priya', 'Rahul', 'Aarav', 'Ananya', 'Yuki', 'Haruto', 'Sakura', 'Min-jun', 'Ji-woo', 'Chloé', 'Zoë', 'José', 'María', 'Sofía', 'Mateo', 'Lucía', 'François', 'Amélie', 'Jürgen', 'Søren', 'Björn', 'Chidi', 'Ngozi', 'Omar', 'Layla', 'Mehmet', 'Ayşe', 'Wei', 'Mei', 'Olga', 'Ivan', 'Giulia', 'Marco'];
export const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Kapoor', 'Sharma', 'Khan', 'Tanaka', 'Suzuki', 'Kim', 'Park', 'Dubois', 'Lefèvre', 'Müller', 'Schmidt', 'Nielsen', 'Andersson', 'Okafor', 'Adeyemi', 'Yılmaz', 'Zhang', 'Wang', 'Ivanova', 'Rossi', 'Bianchi', "O'Brien", 'Núñez', 'Peña', 'Costa', 'Silva'];
export const ADJECTIVES = ['Last', 'Silent', 'Hidden', 'Broken', 'Golden', 'Lost', 'Dark', 'Secret', 'Wild', 'Little', 'Great', 'Final', 'Crimson', 'Endless', 'Frozen', 'Electric', 'Midnight', 'Forgotten', 'Brave', 'Strange'];
export const NOUNS = ['Night', 'River', 'Kingdom', 'Heart', 'Road', 'City', 'Summer', 'Garden', 'Island', 'Game', 'Promise', 'Storm', 'Family', 'Detective', 'Dragon', 'Station', 'Wedding', 'Circus', 'Planet', 'Mountain', 'Secret', 'Chef', 'Band', 'Witness'];
export const PLACES = ['Tokyo', 'Paris', 'Mumbai', 'Lagos', 'Seoul', 'Madrid', 'Berlin', 'Cairo', 'Montréal', 'São Paulo', 'Brooklyn', 'Texas'];
export const SUBJECTS = ['a young chef', 'an estranged sister', 'a retired detective', 'a small-town teacher', 'a team of rookies', 'an ambitious lawyer', 'a family of farmers', 'a lonely robot', 'a trio of old friends', 'a famous comedian', 'a reluctant hero', 'a group of teens'];
export const GOALS = ['must solve a murder', 'sets out to win a competition', 'tries to save the family business', 'falls for an unlikely stranger', 'uncovers a conspiracy', 'fights to clear a name', 'plans one last heist', 'discovers a hidden talent', 'returns home after years away', 'races against time'];
export const CODAS = ['before it is too late.', 'in this heartfelt drama.', 'with hilarious results.', 'as secrets come to light.', 'while the whole town watches.', 'in a world on the brink.', "in this year's most talked-about series."];
