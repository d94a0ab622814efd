/** australian_user_reviews: which games each reviewer reviews, and the review dicts (dates, helpful, funny). */
import { pyReprString } from '../../../core/ingest/literal.js';
import { LineWriter } from '../../../core/synth/lines.js';
import { mixSeed, Random, WeightedSampler } from '../../../core/synth/random.js';
import { fmt, MONTHS } from '../../../core/synth/text.js';
import { daysInMonth } from './catalogue.js';
import { type Library, LibraryMaker } from './libraries.js';
import { planLines, writePlanned } from './planned-lines.js';
import type { Pool } from './pool.js';
import { reviewText } from './review-text.js';
import { GZIP_LEVEL, REVIEW_BROKEN_RATE, STEAM_FILES, type SteamSynthOptions, Stream } from './spec.js';
import { type Taste, tastePick } from './taste.js';
import type { User, Users } from './users.js';

/** share of reviews of a game in the reviewer's library line (when it lists any) */
const REVIEW_FROM_LIBRARY = 0.8;
/** Reviews per reviewer (real distribution of distinct reviewers; the scraper kept at most 10). */
const REVIEW_COUNT_WEIGHTS = [0, 13395, 4710, 2500, 1519, 957, 757, 539, 443, 321, 277];
/** Years of the dated posts (real counts); posts from the crawl year (2016) show no year. */
const POST_YEARS: [number, number][] = [[2010, 66], [2011, 532], [2012, 1215], [2013, 6792], [2014, 22111], [2015, 18470]];
const NO_YEAR_SHARE = 0.17;
/** no-year posts are from January to September of the crawl year */
const NO_YEAR_MONTH_WEIGHTS = [22, 20, 20, 30, 21, 27, 19, 21, 7];
const CRAWL_YEAR = 2016;

export async function writeReviews(path: string, pool: Pool, users: Users, libraries: Map<number, Library>, opts: SteamSynthOptions, log: (m: string) => void): Promise<void> {
  const libs = new LibraryMaker(pool, opts.seed);
  const reviewers = users.all.map((u, i) => (u.reviews ? i : -1)).filter((i) => i >= 0);
  const planRng = new Random(mixSeed(opts.seed, Stream.ReviewsPlan));
  const plan = planLines(planRng, reviewers.length, users.reviewDupLines, REVIEW_BROKEN_RATE);
  const writer = new ReviewMaker(pool);
  const out = new LineWriter(path, { gzipLevel: GZIP_LEVEL });
  let reviews = 0;
  await writePlanned(out, plan, reviewers.length, (i) => {
    const u = reviewers[i];
    const user = users.all[u];
    const rng = new Random(mixSeed(opts.seed, Stream.Reviews, u));
    const lib = user.hasLibrary ? (libraries.get(u) ?? libs.library(u)) : null;
    const list = writer.reviews(rng, lib, libs.taste(u));
    reviews += list.length;
    return reviewsLine(user, list);
  }, planRng);
  await out.close();
  log(`steam: ${STEAM_FILES.reviews}: ${fmt(out.lines)} lines (${fmt(users.reviewDupLines)} repeated, ${fmt(plan.broken.size)} broken), ${fmt(reviews)} reviews in distinct lines`);
}

function reviewsLine(user: User, reviews: string[]): string {
  return `{'user_id': ${pyReprString(user.id)}, 'user_url': ${pyReprString(user.url)}, 'reviews': [${reviews.join(', ')}]}`;
}

class ReviewMaker {
  private readonly count = new WeightedSampler(REVIEW_COUNT_WEIGHTS);
  private readonly year = new WeightedSampler(POST_YEARS.map((y) => y[1]));
  private readonly noYearMonth = new WeightedSampler(NO_YEAR_MONTH_WEIGHTS);

  constructor(private readonly pool: Pool) {}

  /** One reviewer's reviews, each already written as a Python dict literal. */
  reviews(rng: Random, lib: Library | null, taste: Taste): string[] {
    const n = this.count.sample(rng);
    const chosen = new Set<number>();
    const out: string[] = [];
    for (let guard = 0; out.length < n && guard < 50; guard++) {
      const { item, played } = this.pickItem(rng, lib, taste);
      if (chosen.has(item)) continue;
      chosen.add(item);
      out.push(this.review(rng, item, played));
    }
    return out;
  }

  /**
   * People review games they own and play: most reviews are of a game in the reviewer's library,
   * preferring the longer played ones; the rest (and all of a reviewer without a visible
   * library) are of games drawn from the reviewer's taste, which brings in games the library
   * line does not list. Each pick keeps the more popular of two candidates: people review the
   * big games (730 and 440 have ~6% of real reviews each; 59,305 reviews name only 3,682
   * distinct games).
   */
  private pickItem(rng: Random, lib: Library | null, taste: Taste): { item: number; played: number } {
    const w = this.pool.weights;
    if (lib && lib.items.length > 0 && rng.chance(REVIEW_FROM_LIBRARY)) {
      const a = this.libraryPick(rng, lib);
      const b = this.libraryPick(rng, lib);
      const j = w[lib.items[b]] > w[lib.items[a]] ? b : a;
      return { item: lib.items[j], played: lib.playtimeForever[j] };
    }
    const a = tastePick(this.pool, taste, rng);
    const b = tastePick(this.pool, taste, rng);
    return { item: w[b] > w[a] ? b : a, played: -1 };
  }

  /** A library position, preferring games with playtime, and of two played ones the longer played. */
  private libraryPick(rng: Random, lib: Library): number {
    const t = lib.playtimeForever;
    let j = rng.int(0, lib.items.length - 1);
    for (let n = 0; n < 3 && t[j] === 0; n++) j = rng.int(0, lib.items.length - 1);
    const other = rng.int(0, lib.items.length - 1);
    return t[other] > t[j] ? other : j;
  }

  private review(rng: Random, item: number, played: number): string {
    // recommend ≈ 88%: better games and games actually played are recommended more often
    const logit = 2.45 + 0.9 * this.pool.quality[item] + (played === 0 ? -0.7 : 0);
    const recommend = rng.next() < 1 / (1 + Math.exp(-logit));
    const posted = this.posted(rng);
    return (
      `{'funny': ${pyReprString(funny(rng))}, 'posted': ${pyReprString(posted.text)}, ` +
      `'last_edited': ${pyReprString(lastEdited(rng, posted.day))}, 'item_id': ${pyReprString(this.pool.ids[item])}, ` +
      `'helpful': ${pyReprString(helpful(rng))}, 'recommend': ${recommend ? 'True' : 'False'}, ` +
      `'review': ${pyReprString(reviewText(rng, recommend))}}`
    );
  }

  /** 'Posted November 5, 2011.' or, for posts of the crawl year, 'Posted March 3.' */
  private posted(rng: Random): { text: string; day: number } {
    let year: number;
    let month: number;
    if (rng.chance(NO_YEAR_SHARE)) {
      year = CRAWL_YEAR;
      month = this.noYearMonth.sample(rng) + 1;
    } else {
      year = POST_YEARS[this.year.sample(rng)][0];
      month = rng.int(1, 12);
    }
    const day = rng.int(1, daysInMonth(year, month));
    return { text: `Posted ${dateText(year, month, day)}.`, day: Date.UTC(year, month - 1, day) };
  }
}

/** 'March 3, 2014', or 'March 3' in the crawl year (Steam omits the current year). */
function dateText(year: number, month: number, day: number): string {
  return year >= CRAWL_YEAR ? `${MONTHS[month - 1]} ${day}` : `${MONTHS[month - 1]} ${day}, ${year}`;
}

const DAY_MS = 86_400_000;
const CRAWL_END = Date.UTC(CRAWL_YEAR, 8, 30);

/** '' or 'Last edited December 5, 2015.': ~12% of reviews, some days to a year after posting. */
function lastEdited(rng: Random, postedDay: number): string {
  if (!rng.chance(0.12)) return '';
  const t = Math.min(CRAWL_END, postedDay + DAY_MS * (1 + Math.floor(rng.logNormal(3, 1.4))));
  const d = new Date(t);
  return `Last edited ${dateText(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())}.`;
}

/** 'No ratings yet' (half) or 'A of B people (P%) found this review helpful'. */
function helpful(rng: Random): string {
  if (rng.chance(0.5)) return 'No ratings yet';
  const total = rng.chance(0.92) ? 1 + rng.geometric(0.42) : Math.round(rng.logNormal(2.5, 1.3)) + 1;
  const p = 0.15 + 0.75 * rng.next();
  let yes = 0;
  for (let i = 0; i < Math.min(total, 200); i++) if (rng.next() < p) yes++;
  if (total > 200) yes = Math.round((yes / 200) * total);
  return `${yes} of ${total} people (${Math.round((100 * yes) / total)}%) found this review helpful`;
}

/** '' (84%), '1 person found this review funny' or 'N people found this review funny'. */
function funny(rng: Random): string {
  if (!rng.chance(0.16)) return '';
  const n = rng.chance(0.66) ? 1 : 2 + Math.floor(rng.logNormal(0.6, 1.3));
  return n === 1 ? '1 person found this review funny' : `${n} people found this review funny`;
}
