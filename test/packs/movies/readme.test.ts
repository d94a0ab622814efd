/**
 * The pack README is documentation users copy from: its warehouse tables must match the
 * declared schema, and its curl examples must be the real answers on the demo data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { assertReadmeDocumentsTables, demoAnswers } from '../../helpers.js';

const README = readFileSync(resolve(import.meta.dirname, '../../../src/packs/movies/README.md'), 'utf8');

test('README documents every table and column of the warehouse', () => {
  assertReadmeDocumentsTables(README, moviesPack.tables);
});

test('README curl examples are the real answers on the demo data, one per route at least', async () => {
  const examples = [...README.matchAll(/^\$ curl -s localhost:8000(\S+)\n(.+)$/gm)].map((m) => ({ path: m[1], body: m[2] }));
  const routes = ['peliculas_idioma', 'peliculas_duracion', 'franquicia', 'peliculas_pais', 'productoras_exitosas', 'get_director', 'cantidad_filmaciones_mes', 'cantidad_filmaciones_dia', 'score_titulo', 'votos_titulo', 'get_actor', 'recomendacion'];
  for (const r of routes) assert.ok(examples.some((e) => e.path.startsWith(`/${r}/`)), `an example of /${r}`);
  const bodies = await demoAnswers(moviesPack, { scale: '0.05', seed: '42' }, examples.map((e) => e.path), { train: true });
  examples.forEach(({ path, body }, i) => assert.equal(bodies[i], body, path));
});
