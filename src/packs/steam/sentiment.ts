/**
 * Review sentiment for the Steam pack: which lexicon labels `reviews.sentiment` at ingest, and the
 * evaluation of every lexicon against the reviewers' own `recommend` flag (README: "Sentiment").
 *
 * The labeller is chosen by measurement (README, "Sentiment"): on the 875 real reviews VADER is not
 * clearly better than AFINN (higher accuracy, lower AUC, both far below the always-positive
 * baseline's accuracy), and it costs ~20 × AFINN's time — 30 s of CPU for the 59 k full-scale
 * reviews, beyond the ingest budget even split over both cores. So ingest uses AFINN.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseLiteral, type Literal } from '../../core/ingest/literal.js';
import { accuracy, macroF1, rocAuc } from '../../core/eval/classification.js';
import { LABELLERS, NEGATIVE, POSITIVE, type LabellerName, type SentimentLabel, type SentimentLabeller } from '../../core/text/sentiment.js';
import { formatTable } from '../../core/text/table.js';

/** The lexicon whose labels ingest writes into `reviews.sentiment`. */
export const INGEST_LABELLER: LabellerName = 'afinn';

/** 0 negative, 1 neutral (also: no text), 2 positive, as ingest writes it. */
export function reviewSentiment(text: string): SentimentLabel {
  return LABELLERS[INGEST_LABELLER].label(text);
}

export interface LabelledReview {
  text: string;
  /** the reviewer recommends the game: the truth the labels are compared with */
  recommend: boolean;
}

export interface SentimentMetrics {
  /** share of reviews where label 2 meets recommend or label 0 meets not; a neutral label is a miss */
  accuracy: number;
  /** mean F1 of the two true classes (negative, positive); neutral labels lower their recall */
  macroF1: number;
  /** ROC AUC of the raw score against recommend (ties count one half); 0.5 for a constant */
  auc: number;
  /** labels given, by class */
  labels: { negative: number; neutral: number; positive: number };
}

export interface SentimentReport {
  pack: 'steam';
  /** reviews given; those without text are left out of every figure (their label is always 1) */
  reviews: number;
  withText: number;
  /** reviews with text whose reviewer recommends the game, and their share */
  recommended: number;
  recommendShare: number;
  /** how a neutral label counts against the binary truth */
  neutralRule: string;
  /** the lexicon ingest writes into reviews.sentiment */
  ingestLabeller: LabellerName;
  lexicons: Record<LabellerName, SentimentMetrics & { thresholds: SentimentLabeller['thresholds'] }>;
  baseline: SentimentMetrics & { name: 'always positive' };
}

export const NEUTRAL_RULE =
  'a neutral label (1) agrees with neither recommend nor not: it counts as a miss in accuracy and lowers the recall of the true class in macro-F1 (averaged over the two true classes only)';

/** The truth as labels: recommend → 2 (positive), not → 0 (negative). */
const truthLabel = (r: LabelledReview): SentimentLabel => (r.recommend ? POSITIVE : NEGATIVE);

function metricsOf(truth: SentimentLabel[], positive: boolean[], labels: SentimentLabel[], scores: number[]): SentimentMetrics {
  const count = (c: SentimentLabel) => labels.filter((l) => l === c).length;
  return {
    accuracy: accuracy(truth, labels),
    // the truth's two classes, even when one is missing from a sample: an absent class scores F1 0
    macroF1: macroF1(truth, labels, [NEGATIVE, POSITIVE]),
    auc: rocAuc(scores, positive),
    labels: { negative: count(0), neutral: count(1), positive: count(2) },
  };
}

/**
 * Every lexicon and the always-positive baseline against `recommend`, on the reviews with text.
 * Pure: give it the real sample (`loadReviewSample`) or the warehouse's reviews.
 */
export function evaluateSentiment(reviews: LabelledReview[]): SentimentReport {
  const rated = reviews.filter((r) => r.text.trim() !== '');
  const truth = rated.map(truthLabel);
  const positive = rated.map((r) => r.recommend);
  const recommended = positive.filter(Boolean).length;
  const lexicons = {} as SentimentReport['lexicons'];
  for (const [name, labeller] of Object.entries(LABELLERS) as [LabellerName, SentimentLabeller][]) {
    const scores = rated.map((r) => labeller.score(r.text));
    const labels = rated.map((r) => labeller.label(r.text));
    lexicons[name] = { ...metricsOf(truth, positive, labels, scores), thresholds: labeller.thresholds };
  }
  return {
    pack: 'steam',
    reviews: reviews.length,
    withText: rated.length,
    recommended,
    recommendShare: rated.length ? recommended / rated.length : NaN,
    neutralRule: NEUTRAL_RULE,
    ingestLabeller: INGEST_LABELLER,
    lexicons,
    baseline: { name: 'always positive', ...metricsOf(truth, positive, rated.map(() => POSITIVE), rated.map(() => 0)) },
  };
}

/** The report as an aligned text table. */
export function formatSentimentReport(r: SentimentReport): string {
  const pct = (x: number) => (x * 100).toFixed(1) + ' %';
  const head = ['method', 'accuracy', 'macro-F1', 'AUC', 'negative', 'neutral', 'positive'];
  const row = (name: string, m: SentimentMetrics) => [
    name,
    m.accuracy.toFixed(4),
    m.macroF1.toFixed(4),
    m.auc.toFixed(4),
    String(m.labels.negative),
    String(m.labels.neutral),
    String(m.labels.positive),
  ];
  const rows = [
    ...(Object.entries(r.lexicons) as [LabellerName, SentimentMetrics][]).map(([name, m]) => row(name === r.ingestLabeller ? `${name} (ingest)` : name, m)),
    row(r.baseline.name, r.baseline),
  ];
  return [
    `sentiment against recommend: ${r.withText.toLocaleString('en-US')} reviews with text (of ${r.reviews.toLocaleString('en-US')}), ${r.recommended.toLocaleString('en-US')} recommend (${pct(r.recommendShare)})`,
    ...formatTable(head, rows),
    `neutral labels: ${r.neutralRule}`,
  ].join('\n');
}

/** Where the real review sample lives: $RECOPS_SHARED_DATA, else ../shared/data beside the checkout. */
export const REVIEW_SAMPLE = 'steam/user_reviews_sample_314_users.json';

export function reviewSamplePath(sharedData = process.env.RECOPS_SHARED_DATA ?? resolve(import.meta.dirname, '../../../../shared/data')): string {
  return join(sharedData, REVIEW_SAMPLE);
}

export interface SampleReview extends LabelledReview {
  userId: string;
  itemId: string;
}

/**
 * The 314-user sample of the real reviews file, read in place: a JSON array of users whose
 * `reviews` field is the raw Python-literal list. Every review in file order (875; the raw file
 * repeats a few (user, item) pairs, which ingest would drop: 863 distinct). Reviews whose
 * `recommend` is not a boolean are left out (none in this file).
 */
export function loadReviewSample(path = reviewSamplePath()): SampleReview[] {
  const users = JSON.parse(readFileSync(path, 'utf8')) as { user_id: string; reviews: string }[];
  const out: SampleReview[] = [];
  for (const u of users) {
    const reviews = parseLiteral(u.reviews);
    if (!Array.isArray(reviews)) throw new Error(`${path}: reviews of ${u.user_id} is not a list`);
    for (const r of reviews as Literal[]) {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new Error(`${path}: a review of ${u.user_id} is not a dict`);
      if (typeof r.recommend !== 'boolean') continue;
      out.push({ userId: u.user_id, itemId: String(r.item_id), text: typeof r.review === 'string' ? r.review : '', recommend: r.recommend });
    }
  }
  return out;
}
