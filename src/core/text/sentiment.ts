/**
 * Lexicon sentiment labellers: a fixed function of the text (a published word list plus the
 * package's rules), nothing learned from our data. Each gives a raw polarity `score(text)` (sign =
 * direction, 0 = no opinion) and a three-way `label(text)`: 0 negative, 1 neutral, 2 positive.
 * Text that is empty or only whitespace is always 1.
 *
 * - VADER (`vader-sentiment`, a port of Hutto & Gilbert 2014): score = compound in [-1, 1];
 *   label 2 when compound ≥ 0.05, 0 when ≤ -0.05, else 1 — the thresholds the VADER authors
 *   recommend. Knows ASCII emoticons (':)', ':(', '<3', ':D' ...), capitals, '!', negation,
 *   boosters ('very') and 'but'.
 * - AFINN-165 (`sentiment`): score = comparative = (sum of word valences, integers in -5..+5) /
 *   tokens; label by its sign: 2 when > 0, 0 when < 0, 1 when exactly 0 (no opinion word, or
 *   opinions that cancel). AFINN's valences are hand-assigned integers, not a calibrated
 *   intensity, so there is no principled width for a dead zone; any dead zone would also grow
 *   with the length of the review (one weak word in a 40-token review is comparative 0.025),
 *   turning long reviews that state an opinion once into "neutral". Knows emoji, not ASCII
 *   emoticons (its tokenizer strips ':' and parentheses).
 *
 * Both score the text after `normalizeSteamText`, which repairs the Steam scrape's quirks without
 * any word list of ours.
 */
import { createRequire } from 'node:module';
import Sentiment from 'sentiment';
import type vaderModule from 'vader-sentiment';

export type SentimentLabel = 0 | 1 | 2;

export const NEGATIVE: SentimentLabel = 0;
export const NEUTRAL: SentimentLabel = 1;
export const POSITIVE: SentimentLabel = 2;

export interface SentimentLabeller {
  readonly name: string;
  /** label 2 when score ≥ positive (or > when `strict`), 0 when score ≤ negative (< when strict) */
  readonly thresholds: { negative: number; positive: number; strict: boolean };
  /** raw polarity of the text: > 0 positive, < 0 negative, 0 no opinion (also for empty text) */
  score(text: string): number;
  label(text: string): SentimentLabel;
}

const isBlank = (text: string) => text.trim() === '';

/** The label a score gets under thresholds (exported for the report and tests). */
export function labelOfScore(score: number, t: SentimentLabeller['thresholds']): SentimentLabel {
  if (t.strict ? score > t.positive : score >= t.positive) return POSITIVE;
  if (t.strict ? score < t.negative : score <= t.negative) return NEGATIVE;
  return NEUTRAL;
}

/**
 * A censored word: Steam's profanity filter writes one '♥' per letter ('♥♥♥♥', '♥♥♥♥ing',
 * 'What-The-♥♥♥♥'). A lone '♥' is a real heart and stays.
 */
const CENSORED = /[\p{L}'’]*♥{2,}[\p{L}♥'’]*/gu;
/**
 * The neutral stand-in for a censored word: one token that neither lexicon knows (AFINN knows a
 * single '♥' as +3, VADER knows 'censored' as -0.6). The word behind the hearts is unknowable
 * ('runs like ♥♥♥♥' vs '♥♥♥♥ing awesome'), so it carries no valence of its own; keeping one token
 * keeps VADER's three-word negation and booster windows where they were.
 */
export const CENSORED_TOKEN = '♥♥';
/**
 * The scraper dropped line breaks, gluing sentences together ('dudes.It's', 'BUY IT!!!<3'), and
 * both lexicons split words on whitespace only: a space goes back after sentence punctuation that
 * follows a letter and is followed by a letter or an emoticon's first character. Decimals
 * ('9.5/10') and emoticons (':)', ':D') are left alone.
 */
const GLUED_SENTENCE = /[.!?]+(?<=[\p{L}♥)][.!?]+)(?=[\p{L}<:;(])/gu;
/**
 * 'gameMultiplayer': a lower-case letter followed by a capitalised word, glued by the same loss.
 * ASCII letters only: the lexicons are English, and the Unicode classes cost 4 × the time.
 */
const GLUED_CAMEL = /([a-z])(?=[A-Z][a-z])/g;

/** Steam review text as the lexicons should read it (see the patterns above). */
export function normalizeSteamText(text: string): string {
  // written for speed (ingest labels every review): the censored pattern runs only on text with
  // hearts, the sentence pattern starts with its punctuation so V8 scans for that first
  // (a leading lookbehind was 3 × slower on the 59 k generated reviews)
  const t = text.includes('♥♥') ? text.replace(CENSORED, ` ${CENSORED_TOKEN} `) : text;
  return t.replace(GLUED_SENTENCE, '$& ').replace(GLUED_CAMEL, '$1 ');
}

function labeller(name: string, thresholds: SentimentLabeller['thresholds'], rawScore: (text: string) => number): SentimentLabeller {
  const score = (text: string) => (isBlank(text) ? 0 : rawScore(normalizeSteamText(text)));
  return {
    name,
    thresholds,
    score,
    label: (text) => (isBlank(text) ? NEUTRAL : labelOfScore(score(text), thresholds)),
  };
}

/**
 * VADER is loaded on first use: ingest and the server label with AFINN and need not parse its
 * 7,500-entry lexicon bundle (~0.1 s). It is a CommonJS bundle, so a synchronous require suffices.
 */
let vader: typeof vaderModule | undefined;
const loadVader = (): typeof vaderModule => (vader ??= createRequire(import.meta.url)('vader-sentiment') as typeof vaderModule);

/** VADER compound; the authors' ±0.05 thresholds. */
export const vaderLabeller: SentimentLabeller = labeller('vader', { negative: -0.05, positive: 0.05, strict: false }, (text) => loadVader().SentimentIntensityAnalyzer.polarity_scores(text).compound);

const afinn = new Sentiment();

/** AFINN-165 comparative score; labelled by its sign. */
export const afinnLabeller: SentimentLabeller = labeller('afinn', { negative: 0, positive: 0, strict: true }, (text) => afinn.analyze(text).comparative);

export const LABELLERS: Record<'vader' | 'afinn', SentimentLabeller> = { vader: vaderLabeller, afinn: afinnLabeller };
export type LabellerName = keyof typeof LABELLERS;
