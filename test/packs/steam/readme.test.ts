/**
 * The pack README is documentation users copy from: its warehouse tables must match the
 * declared schema, and its curl examples must be the real answers on the demo data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { steamPack } from '../../../src/packs/steam/index.js';
import { assertReadmeDocumentsTables, demoAnswers } from '../../helpers.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../src/packs/steam/README.md'), 'utf8');

test('README documents every table and column of the warehouse', () => {
  assertReadmeDocumentsTables(README, steamPack.tables);
});

test('README curl examples are the real answers on the demo data', async () => {
  const examples = [...README.matchAll(/^\$ curl -s localhost:8000(\S+)\n(.+)$/gm)].map((m) => ({ path: m[1], body: m[2] }));
  assert.ok(examples.length >= 7, 'an example per route');
  const bodies = await demoAnswers(steamPack, { scale: '0.05', seed: '42' }, examples.map((e) => e.path));
  examples.forEach(({ path, body }, i) => assert.equal(bodies[i], body, path));
});
