/**
 * The pack README is documentation users copy from: its warehouse tables must match the
 * declared schema, and its curl examples must be the real answers on the demo data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { silent, tempDir } from '../../helpers.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../src/packs/steam/README.md'), 'utf8');

test('README documents every table and column of the warehouse', () => {
  for (const table of steamPack.tables) {
    assert.ok(README.includes(`### \`${table.name}\``), `table ${table.name}`);
    for (const c of table.columns) assert.match(README, new RegExp(`^\\| ${c.name} \\| ${c.type.replace(/[[\]]/g, '\\$&')} \\|`, 'm'), `${table.name}.${c.name}`);
  }
});

test('README curl examples are the real answers on the demo data', async () => {
  const examples = [...README.matchAll(/^\$ curl -s localhost:8000(\S+)\n(.+)$/gm)].map((m) => ({ path: m[1], body: m[2] }));
  assert.ok(examples.length >= 7, 'an example per route');
  const { dir, cleanup } = tempDir();
  try {
    // the demo data set of `npm start` (recops start defaults)
    await steamPack.synth.generate(join(dir, 'raw'), { scale: '0.05', seed: '42' }, silent);
    const db = join(dir, 'steam.duckdb');
    await ingestPack(steamPack, { from: join(dir, 'raw'), db, log: silent });
    const app = await buildApp({ packs: [{ pack: steamPack, db }] });
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
