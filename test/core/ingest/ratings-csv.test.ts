import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRatingsCsv } from '../../../src/core/ingest/ratings-csv.js';
import { evalRatings } from '../../../src/cli/eval-ratings.js';
import { tempDir } from '../../helpers.js';

// 6 ratings, hand-written: (user, item, rating)
const ROWS: [string, string, number][] = [
  ['1', 'as1', 4],
  ['1', 'ns2', 3.5],
  ['2', 'as1', 5],
  ['2', 'hs3', 1],
  ['3', 'ns2', 2.5],
  ['3', 'as1', 0.5],
];

test('column order, header case and extra columns do not matter; ids are shared across files', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    // the streaming files' order, and a reordered one with other names and an extra column
    writeFileSync(a, 'userId,rating,timestamp,movieId\n' + ROWS.map(([u, i, r]) => `${u},${r},1500000000,${i}`).join('\n') + '\n');
    writeFileSync(b, 'Rating,ItemId,comment,USER_ID\n' + ROWS.map(([u, i, r]) => `${r},${i},"hello, world",${u}`).join('\n') + '\n');
    const read = await readRatingsCsv([a, b]);
    assert.deepEqual(read.userIds, ['1', '2', '3']);
    assert.deepEqual(read.itemIds, ['as1', 'hs3', 'ns2']);
    for (const f of read.files) {
      const triples = [...f.users].map((u, k) => [read.userIds[u], read.itemIds[f.items[k]], f.values[k]]);
      assert.deepEqual(triples, ROWS);
      assert.equal(f.skipped, 0);
    }
  } finally {
    cleanup();
  }
});

test('a timestamp column gives each rating its Unix day (for time features); none without it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    // MovieLens's u.data converted to CSV: user, item, rating, Unix seconds
    writeFileSync(a, 'userId,movieId,rating,timestamp\n196,242,3,881250949\n186,302,3,\n22,377,1,86399\n');
    writeFileSync(b, 'userId,movieId,rating\n196,242,3\n');
    const read = await readRatingsCsv([a, b]);
    // 881250949 / 86400 = 10199.66 → day 10199; 86399 s is still day 0; an empty cell → −1
    assert.deepEqual([...read.files[0].days!], [10199, -1, 0]);
    assert.equal(read.files[1].days, undefined);
  } finally {
    cleanup();
  }
});

test('malformed rows are counted and named, not lost silently; a missing column is a clear error', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = join(dir, 'r.csv');
    writeFileSync(f, 'userId,rating,timestamp,movieId\n1,4.0,1,as1\n2,abc,1,as1\n3,2.0,1\n4,3.0,1,ns2\n');
    const read = await readRatingsCsv([f]);
    assert.equal(read.files[0].users.length, 2);
    assert.equal(read.files[0].skipped, 2);
    assert.match(read.files[0].skippedExample!, /line 3 \(user 2, item as1\)/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'user,stars,item\n1,4,a\n');
    await assert.rejects(readRatingsCsv([bad]), /no rating column in the header \(user, stars, item\); accepted names: rating, score/);
    await assert.rejects(readRatingsCsv([join(dir, 'nope.csv')]), /no such file/);
  } finally {
    cleanup();
  }
});

test('recops eval ratings: JSON with the contract keys; --folds; the same answer whatever the column order', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const lines = (order: string) => {
      const cols = order.split(',');
      const rows = [];
      for (let u = 0; u < 40; u++) for (let i = 0; i < 30; i += 1 + (u % 3)) rows.push({ userId: `u${u}`, movieId: `m${i}`, rating: String(1 + ((u * 7 + i * 3) % 9) / 2), timestamp: '0' });
      return cols.join(',') + '\n' + rows.map((r) => cols.map((c) => r[c as keyof typeof r]).join(',')).join('\n') + '\n';
    };
    writeFileSync(join(dir, 'train.csv'), lines('userId,rating,timestamp,movieId'));
    writeFileSync(join(dir, 'test.csv'), lines('movieId,timestamp,rating,userId'));
    writeFileSync(join(dir, 'test2.csv'), lines('rating,userId,movieId'));
    const run = async (test: string) => JSON.parse(await evalRatings({ train: join(dir, 'train.csv'), test: join(dir, test), algo: 'svd', factors: '5', epochs: '3', seed: '1' }));
    const one = await run('test.csv');
    assert.deepEqual(Object.keys(one).sort(), ['algo', 'fit_seconds', 'mae', 'n_test', 'params', 'rmse']);
    assert.equal(one.algo, 'svd');
    assert.equal(one.params.factors, 5);
    assert.equal(one.n_test, (await readRatingsCsv([join(dir, 'test.csv')])).files[0].users.length);
    const two = await run('test2.csv');
    assert.equal(two.rmse, one.rmse);
    assert.equal(two.mae, one.mae);
    const cv = JSON.parse(await evalRatings({ file: join(dir, 'train.csv'), folds: '4', algo: 'baseline', seed: '1' }));
    assert.equal(cv.folds, 4);
    assert.equal(cv.per_fold.length, 4);
    assert.equal(cv.per_fold.reduce((s: number, f: { n_test: number }) => s + f.n_test, 0), one.n_test);
    await assert.rejects(evalRatings({ train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), algo: 'knn', seed: '1' }), /--algo must be one of global_mean, baseline, svd, svdpp/);
  } finally {
    cleanup();
  }
});
