import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { openReadOnly } from '../../../src/core/warehouse/warehouse.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { silent, tempDir } from '../../helpers.js';

/** The value of one sample line of the Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2].split(/,(?=\w+=")/);
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

test('/metrics: requests and latency per route template and status, warehouse age, live models after a promotion; x-request-id', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await moviesPack.synth.generate(join(dir, 'raw'), { rows: '60', seed: '2' }, silent);
    const db = join(dir, 'movies.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'raw'), db, log: silent });
    const wh = await openReadOnly(db);
    const title = String((await wh.conn.runAndReadAll('SELECT title FROM api_titles LIMIT 1')).getRows()[0][0]);
    wh.close();
    const app = await buildApp({ packs: [{ pack: moviesPack, db }] });
    try {
      for (let k = 0; k < 3; k++) assert.equal((await app.inject(`/score_titulo/${encodeURIComponent(title)}`)).statusCode, 200);
      assert.equal((await app.inject('/score_titulo/zzzz-no-such-title')).statusCode, 404);
      assert.equal((await app.inject('/no/such/route')).statusCode, 404);
      const tagged = await app.inject({ url: '/health', headers: { 'x-request-id': 'abc-123' } });
      assert.equal(tagged.headers['x-request-id'], 'abc-123');
      assert.match(String((await app.inject('/health')).headers['x-request-id']), /^[0-9a-f-]{36}$/);

      let res = await app.inject('/metrics');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/plain/);
      let text = res.body;
      assert.equal(sample(text, 'recops_http_requests_total', { route: '/score_titulo/:titulo', status: '200' }), 3);
      assert.equal(sample(text, 'recops_http_requests_total', { route: '/score_titulo/:titulo', status: '404' }), 1);
      assert.equal(sample(text, 'recops_http_requests_total', { route: 'unmatched', status: '404' }), 1);
      assert.equal(sample(text, 'recops_http_request_duration_seconds_count', { route: '/score_titulo/:titulo' }), 4);
      assert.ok(sample(text, 'recops_warehouse_age_seconds', { pack: 'movies' })! >= 0);
      assert.equal(sample(text, 'recops_model_live_info', { pack: 'movies' }), undefined, 'no model yet');
      assert.match(text, /recops_process_resident_memory_bytes \d+/);

      // a model promoted while the server runs shows at the next scrape
      await moviesPack.models!.train(db, { seed: 42, log: silent });
      res = await app.inject('/metrics');
      text = res.body;
      assert.equal(sample(text, 'recops_model_live_info', { pack: 'movies', model: 'content' }), 1);
    } finally {
      await app.close();
    }
  } finally {
    cleanup();
  }
});
