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
import { moviesPack } from '../../../src/packs/movies/index.js';
import { silent, tempDir } from '../../helpers.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../src/packs/movies/README.md'), 'utf8');

test('README documents every table and column of the warehouse', () => {
  for (const table of moviesPack.tables) {
    assert.ok(README.includes(`### \`${table.name}\``), `table ${table.name}`);
    for (const c of table.columns) assert.match(README, new RegExp(`^\\| ${c.name} \\| ${c.type.replace(/[[\]]/g, '\\$&')} \\|`, 'm'), `${table.name}.${c.name}`);
  }
});

test('README curl examples are the real answers on the demo data, one per route at least', async () => {
  const examples = [...README.matchAll(/^\$ curl -s localhost:8000(\S+)\n(.+)$/gm)].map((m) => ({ path: m[1], body: m[2] }));
  const routes = ['peliculas_idioma', 'peliculas_duracion', 'franquicia', 'peliculas_pais', 'productoras_exitosas', 'get_director', 'cantidad_filmaciones_mes', 'cantidad_filmaciones_dia', 'score_titulo', 'votos_titulo', 'get_actor'];
  for (const r of routes) assert.ok(examples.some((e) => e.path.startsWith(`/${r}/`)), `an example of /${r}`);
  const { dir, cleanup } = tempDir();
  try {
    // the demo data set: the defaults of `recops start`
    await moviesPack.synth.generate(join(dir, 'raw'), { scale: '0.05', seed: '42' }, silent);
    const db = join(dir, 'movies.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'raw'), db, log: silent });
    const app = await buildApp({ packs: [{ pack: moviesPack, db }] });
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
