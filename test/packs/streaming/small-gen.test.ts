/**
 * A small generated set ingests as it is (no --allow-empty): every ratings file holds ratings.
 * At 10,000 ratings with seed 42 a heavy user once took file 6 past file 7's share, leaving
 * file 7 with only a malformed row, and the ingest failed ("a source kept no record").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { query, silent, tempDir } from '../../helpers.js';

test('streaming gen --ratings 10000: every ratings file has well-formed ratings, and the set ingests without --allow-empty', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await streamingPack.synth.generate(raw, { ratings: '10000', seed: '42' }, silent);
    for (let f = 1; f <= 8; f++) {
      // a well-formed rating as the generator writes it: user, a star rating, a timestamp, a title id
      const good = readFileSync(join(raw, 'ratings', `${f}.csv`), 'utf8').split('\n').slice(1).filter((l) => /^\d+,(0\.5|[1-4]\.[05]|5\.0),\d+,[a-z]+\d+$/.test(l)).length;
      assert.ok(good > 0, `ratings/${f}.csv has no well-formed rating`);
    }
    const db = join(dir, 'streaming.duckdb');
    await ingestPack(streamingPack, { from: raw, db, log: silent });
    const perFile = await query(db, "SELECT count(DISTINCT source) AS files FROM build_info WHERE source LIKE 'ratings%' AND rows > 0");
    assert.equal(perFile[0].files, 8);
  } finally {
    cleanup();
  }
});
