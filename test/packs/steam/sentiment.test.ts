import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { pyReprString } from '../../../src/core/ingest/literal.js';
import { LABELLERS, normalizeSteamText, CENSORED_TOKEN } from '../../../src/core/text/sentiment.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { evaluateSentiment, formatSentimentReport, loadReviewSample, reviewSentiment, reviewSamplePath, INGEST_LABELLER } from '../../../src/packs/steam/sentiment.js';
import { SHARED_DATA, hasShared, query, silent, tempDir } from '../../helpers.js';
import { GAME_LINES, ITEM_LINES, writeFixture } from './fixtures.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
const SAMPLE = 'steam/user_reviews_sample_314_users.json';

for (const [name, lexicon] of Object.entries(LABELLERS)) {
  test(`${name}: labels of hand-written sentences`, () => {
    assert.equal(lexicon.label('This game is amazing, I love it! Best purchase ever.'), 2);
    assert.equal(lexicon.label('Terrible game. Boring, buggy and a waste of money.'), 0);
    assert.equal(lexicon.label('The game has twelve levels and a map editor.'), 1);
    assert.ok(lexicon.score('This game is amazing, I love it!') > 0);
    assert.ok(lexicon.score('Terrible game, a waste of money.') < 0);
    for (const blank of ['', '   ', '\n\t ']) {
      assert.equal(lexicon.label(blank), 1);
      assert.equal(lexicon.score(blank), 0);
    }
    // a censored word carries no valence of its own: it scores as any unknown word would
    assert.equal(lexicon.score('a ♥♥♥♥ing great game'), lexicon.score('a blorping great game'));
    assert.equal(lexicon.score('runs like ♥♥♥♥'), lexicon.score('runs like blorp'));
    // a sentence glued to the previous one by the scrape is still read
    assert.equal(lexicon.label('I tried it.Boring'), 0);
  });
}

test('vader reads ASCII emoticons; afinn reads emoji', () => {
  assert.equal(LABELLERS.vader.label(':)'), 2);
  assert.equal(LABELLERS.vader.label(':('), 0);
  assert.equal(LABELLERS.vader.label('Nice update!!!<3'), 2);
  assert.equal(LABELLERS.afinn.label('👍'), 2);
  assert.equal(LABELLERS.afinn.label('♥'), 2); // a lone heart is a heart, not a censored word
});

test('Steam text normalisation: censored words, glued sentences, nothing else', () => {
  assert.equal(normalizeSteamText('What-The-♥♥♥♥ is this'), `What-The- ${CENSORED_TOKEN}  is this`);
  assert.equal(normalizeSteamText('♥♥♥♥ING BUY IT'), ` ${CENSORED_TOKEN}  BUY IT`);
  assert.equal(normalizeSteamText('dudes.It was fun!!!<3'), 'dudes. It was fun!!! <3');
  assert.equal(normalizeSteamText('this gameMultiplayer'), 'this game Multiplayer');
  for (const same of ['9.5/10 :D', 'cs:go :) ;)', 'I ♥ it', 'plain text.', 'FULL CAPS!']) assert.equal(normalizeSteamText(same), same);
});

test('evaluateSentiment on a hand-made set: hand-computed figures', () => {
  const reviews = [
    { text: 'I love it, great game', recommend: true },
    { text: 'Awful. I hate it.', recommend: false },
    { text: '', recommend: false }, // no text: left out
    { text: 'The game has twelve levels and a map editor.', recommend: true },
  ];
  for (const l of Object.values(LABELLERS)) assert.deepEqual(reviews.map((r) => l.label(r.text)), [2, 0, 1, 1]);
  const r = evaluateSentiment(reviews);
  assert.deepEqual([r.reviews, r.withText, r.recommended], [4, 3, 2]);
  close(r.recommendShare, 2 / 3);
  for (const m of Object.values(r.lexicons)) {
    close(m.accuracy, 2 / 3); // the neutral label is a miss
    // negative: P 1, R 1 → F1 1; positive: P 1, R 1/2 → F1 2/3
    close(m.macroF1, (1 + 2 / 3) / 2);
    close(m.auc, 1); // both recommending reviews score above the negative one (0 > negative)
    assert.deepEqual(m.labels, { negative: 1, neutral: 1, positive: 1 });
  }
  close(r.baseline.accuracy, 2 / 3);
  // negative: never predicted → F1 0; positive: P 2/3, R 1 → F1 4/5
  close(r.baseline.macroF1, (0 + 4 / 5) / 2);
  close(r.baseline.auc, 0.5);
});

test('the evaluation on the 875 real reviews: every lexicon beside the always-positive baseline', { skip: !hasShared(SAMPLE) && 'no ../shared/data' }, () => {
  assert.equal(reviewSamplePath(SHARED_DATA), join(SHARED_DATA, SAMPLE));
  const sample = loadReviewSample(join(SHARED_DATA, SAMPLE));
  // independent counts by regex over the raw Python-literal strings
  const raw = (JSON.parse(readFileSync(join(SHARED_DATA, SAMPLE), 'utf8')) as { reviews: string }[]).map((u) => u.reviews).join('\n');
  const yes = (raw.match(/'recommend': True/g) ?? []).length;
  const no = (raw.match(/'recommend': False/g) ?? []).length;
  assert.equal(yes + no, 875);
  assert.equal((raw.match(/'review': ''/g) ?? []).length, 0); // every review of the sample has text
  assert.equal(sample.length, 875);

  const report = evaluateSentiment(sample);
  assert.equal(report.withText, 875);
  assert.deepEqual(Object.keys(report.lexicons).sort(), ['afinn', 'vader']);
  assert.equal(report.ingestLabeller, INGEST_LABELLER);
  close(report.baseline.accuracy, yes / (yes + no));
  close(report.recommendShare, yes / (yes + no));
  const p = yes / (yes + no);
  close(report.baseline.macroF1, (0 + (2 * p) / (1 + p)) / 2);
  close(report.baseline.auc, 0.5);
  for (const [name, m] of Object.entries(report.lexicons)) {
    assert.equal(m.labels.negative + m.labels.neutral + m.labels.positive, 875, name);
    for (const x of [m.accuracy, m.macroF1, m.auc]) assert.ok(x >= 0 && x <= 1, name);
    // a lexicon's score ranks reviews better than chance, and it finds negatives the baseline never does
    assert.ok(m.auc > 0.6, `${name} AUC ${m.auc}`);
    assert.ok(m.macroF1 > report.baseline.macroF1, `${name} macro-F1`);
  }
  const table = formatSentimentReport(report);
  for (const row of ['vader', `${INGEST_LABELLER} (ingest)`, 'always positive', 'neutral labels']) assert.ok(table.includes(row), row);
});

test('ingest writes the lexicon label of each review into reviews.sentiment (fixture)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir, true);
    const db = join(dir, 'w.duckdb');
    await ingestPack(steamPack, { from: dir, db, log: silent });
    const rows = await query(db, 'SELECT review, sentiment FROM reviews ORDER BY user_id, item_id');
    assert.equal(rows.length, 3);
    for (const r of rows) assert.equal(r.sentiment, LABELLERS[INGEST_LABELLER].label(r.review), r.review);
    assert.equal(rows.find((r) => r.review === '')!.sentiment, 1);
  } finally {
    cleanup();
  }
});

test('ingest labels every review of the real sample as the labeller does, none NULL', { skip: !hasShared(SAMPLE) && 'no ../shared/data' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const sample = JSON.parse(readFileSync(join(SHARED_DATA, SAMPLE), 'utf8')) as { user_id: string; user_url: string; reviews: string }[];
    // raw lines rebuilt from the untouched Python-literal `reviews` strings
    const lines = sample.map((u) => `{'user_id': ${pyReprString(u.user_id)}, 'user_url': ${pyReprString(u.user_url)}, 'reviews': ${u.reviews}}`);
    writeFileSync(join(dir, 'australian_user_reviews.json'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'steam_games.json'), GAME_LINES.join('\n') + '\n');
    writeFileSync(join(dir, 'australian_users_items.json'), ITEM_LINES.join('\n') + '\n');
    const db = join(dir, 'w.duckdb');
    await ingestPack(steamPack, { from: dir, db, log: silent });
    const rows = await query(db, 'SELECT review, sentiment FROM reviews');
    assert.equal(rows.length, 863);
    const wrong = rows.filter((r) => r.sentiment !== reviewSentiment(r.review));
    assert.deepEqual(wrong, []);
    const counts = new Set(rows.map((r) => r.sentiment));
    assert.deepEqual([...counts].sort(), [0, 1, 2]);
  } finally {
    cleanup();
  }
});
