/**
 * The pack README is documentation users copy from: its warehouse tables must match the declared
 * schema, and its curl examples must be the real answers on the demo data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { assertReadmeDocumentsTables, demoAnswers } from '../../helpers.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../src/packs/streaming/README.md'), 'utf8');

test('README documents every table and column of the warehouse', () => {
  assertReadmeDocumentsTables(README, streamingPack.tables);
});

test('README curl examples are the real answers on the demo data', async () => {
  const examples = [...README.matchAll(/^\$ curl -s 'localhost:8000(\S+)'\n(.+)$/gm)].map((m) => ({ path: m[1], body: m[2] }));
  const routes = ['/get_max_duration', '/get_score_count/', '/get_count_platform/', '/get_actor/', '/prod_per_county/', '/get_contents/', '/streaming/recomendacion/', '/streaming/prediccion/'];
  for (const r of routes) assert.ok(examples.some((e) => e.path.startsWith(r) && !e.body.includes('statusCode')), `an example of ${r}`);
  assert.ok(examples.some((e) => e.body.includes('"statusCode":400')) && examples.some((e) => e.body.includes('"statusCode":404')), 'error examples');
  const bodies = await demoAnswers(streamingPack, { ratings: '200000', seed: '42' }, examples.map((e) => e.path), { train: true });
  examples.forEach(({ path, body }, i) => assert.equal(bodies[i], body, path));
});
