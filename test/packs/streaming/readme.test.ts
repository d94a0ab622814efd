/**
 * The pack README is documentation users copy from: its warehouse tables must match the declared
 * schema, and its curl examples must be the real answers on the demo data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { silent, tempDir } from '../../helpers.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../src/packs/streaming/README.md'), 'utf8');

test('README documents every table and column of the warehouse', () => {
  for (const table of streamingPack.tables) {
    assert.ok(README.includes(`### \`${table.name}\``), `table ${table.name}`);
    for (const c of table.columns) assert.match(README, new RegExp(`^\\| ${c.name} \\| ${c.type.replace(/[[\]]/g, '\\$&')} \\|`, 'm'), `${table.name}.${c.name}`);
  }
});

test('README curl examples are the real answers on the demo data', async () => {
  const examples = [...README.matchAll(/^\$ curl -s 'localhost:8000(\S+)'\n(.+)$/gm)].map((m) => ({ path: m[1], body: m[2] }));
  const routes = ['/get_max_duration', '/get_score_count/', '/get_count_platform/', '/get_actor/', '/prod_per_county/', '/get_contents/'];
  for (const r of routes) assert.ok(examples.some((e) => e.path.startsWith(r) && !e.body.includes('statusCode')), `an example of ${r}`);
  assert.ok(examples.some((e) => e.body.includes('"statusCode":400')) && examples.some((e) => e.body.includes('"statusCode":404')), 'error examples');
  const { dir, cleanup } = tempDir();
  try {
    // the demo data set the README names
    await streamingPack.synth.generate(join(dir, 'raw'), { ratings: '200000', seed: '42' }, silent);
    const db = join(dir, 'streaming.duckdb');
    await ingestPack(streamingPack, { from: join(dir, 'raw'), db, log: silent });
    const app = await buildApp({ packs: [{ pack: streamingPack, db }] });
    try {
      for (const { path, body } of examples) {
        const res = await app.inject({ method: 'GET', url: path });
        assert.equal(res.body, body, path);
      }
    } finally {
      await app.close();
    }
  } finally {
    cleanup();
  }
});
