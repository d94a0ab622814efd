/**
 * The movies ingest on hand-written raw records (fixtures.ts): every rule of the issue, with the
 * expected rows, rejects and answers worked out by hand from the lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { SHARED_DATA, hasShared, linesWithReferences, query, silent, tempDir } from '../../helpers.js';
import { writeFixture } from './fixtures.js';

for (const gzip of [false, true]) {
  test(`hand-checked fixture${gzip ? ' (.csv.gz)' : ''}: rows, rejects, duplicates and every cleaning rule`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFixture(dir, gzip);
      const db = join(dir, 'w.duckdb');
      const report = await ingestPack(moviesPack, { from: dir, db, log: silent });
      const by = Object.fromEntries(report.sources.map((s) => [s.source, s]));
      const m = by.movies_dataset;
      // 14 lines, 12 records: 4 kept, 7 rejected, 1 duplicate
      assert.deepEqual([m.lines, m.records, m.rows, m.rejected, m.duplicates, m.empty], [14, 12, 4, 7, 1, 0]);
      assert.deepEqual(m.notes, {
        'budget empty → 0': 1,
        'revenue empty → 0': 1,
        'no release_date (dropped)': 1,
        'broken rows (columns shifted)': 1,
        'nested entries without id or name (skipped)': 1,
      });
      const c = by.credits;
      // 9 lines, 8 records: 5 kept, 2 rejected, 1 duplicate
      assert.deepEqual([c.lines, c.records, c.rows, c.rejected, c.duplicates], [9, 8, 5, 2, 1]);
      assert.deepEqual(c.notes, { 'credit entries without id or name (skipped)': 1 });
      for (const s of report.sources) assert.equal(s.records, s.rows + s.rejected + s.duplicates + s.empty, s.source);

      const movies = await query(db, `SELECT id, title, original_language AS lang, overview, tagline, status, release_date::VARCHAR AS date, release_year AS year,
        runtime, budget, revenue, "return", popularity, vote_average, vote_count FROM movies ORDER BY id`);
      assert.deepEqual(movies, [
        { id: 862, title: 'Toy Story', lang: 'en', overview: "Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz Lightyear onto the scene.", tagline: null, status: 'Released', date: '1995-10-30', year: 1995, runtime: 81, budget: 30000000, revenue: 373554033, return: 373554033 / 30000000, popularity: 21.946943, vote_average: 7.7, vote_count: 5415 },
        { id: 8844, title: 'Jumanji', lang: 'en', overview: null, tagline: 'Roll the dice and unleash the excitement!', status: 'Released', date: '1995-12-15', year: 1995, runtime: 104, budget: 0, revenue: 0, return: 0, popularity: 17.015539, vote_average: 6.9, vote_count: 2413 },
        { id: 11860, title: 'Sabrina', lang: 'en', overview: 'An ugly duckling, "Sabrina",\nbecomes a swan.', tagline: null, status: 'Released', date: '1996-02-10', year: 1996, runtime: null, budget: 58000000, revenue: 0, return: 0, popularity: null, vote_average: null, vote_count: null },
        { id: 15602, title: 'Grumpier Old Men', lang: 'fr', overview: null, tagline: null, status: 'Released', date: '1995-12-22', year: 1995, runtime: 90, budget: 25000000, revenue: 71500000, return: 2.86, popularity: 1, vote_average: 5, vote_count: 10 },
      ]);
      assert.deepEqual(await query(db, 'SELECT * FROM movie_collections'), [{ movie_id: 862, collection_id: 10194, collection: 'Toy Story Collection' }]);
      assert.deepEqual(await query(db, 'SELECT movie_id, genre_id, genre FROM movie_genres ORDER BY movie_id, genre_id'), [
        { movie_id: 862, genre_id: 16, genre: 'Animation' },
        { movie_id: 862, genre_id: 35, genre: 'Comedy' },
        { movie_id: 862, genre_id: 10751, genre: 'Family' },
        { movie_id: 8844, genre_id: 12, genre: 'Adventure' },
        { movie_id: 8844, genre_id: 14, genre: 'Fantasy' },
        { movie_id: 11860, genre_id: 35, genre: 'Comedy' },
      ]);
      assert.deepEqual(await query(db, 'SELECT * FROM movie_companies ORDER BY movie_id, company_id'), [
        { movie_id: 862, company_id: 3, company: 'Pixar Animation Studios' },
        { movie_id: 8844, company_id: 559, company: 'TriStar Pictures' },
        { movie_id: 8844, company_id: 2550, company: "Teitler's Film" },
      ]);
      assert.deepEqual(await query(db, 'SELECT * FROM movie_countries ORDER BY movie_id, iso_3166_1'), [
        { movie_id: 862, iso_3166_1: 'US', country: 'United States of America' },
        { movie_id: 11860, iso_3166_1: 'DE', country: 'Germany' },
        { movie_id: 11860, iso_3166_1: 'US', country: 'United States of America' },
      ]);
      assert.deepEqual(await query(db, 'SELECT * FROM movie_languages ORDER BY movie_id, iso_639_1'), [
        { movie_id: 862, iso_639_1: 'en', language: 'English' },
        { movie_id: 8844, iso_639_1: 'en', language: 'English' },
        { movie_id: 8844, iso_639_1: 'fr', language: 'Français' },
        { movie_id: 11860, iso_639_1: 'yi', language: null },
      ]);
      // credits: one row per kept record; cast and crew unnested (Tom Hanks twice in Toy Story)
      assert.deepEqual(await query(db, 'SELECT * FROM movie_credits ORDER BY movie_id'), [
        { movie_id: 862, cast_size: 3, crew_size: 2 },
        { movie_id: 8844, cast_size: 0, crew_size: 1 },
        { movie_id: 11860, cast_size: 1, crew_size: 0 },
        { movie_id: 15602, cast_size: 2, crew_size: 0 },
        { movie_id: 82663, cast_size: 1, crew_size: 0 },
      ]);
      assert.deepEqual(await query(db, 'SELECT movie_id, cast_order, person_id, name, character, gender, cast_id, credit_id FROM movie_cast ORDER BY movie_id, cast_order'), [
        { movie_id: 862, cast_order: 0, person_id: 31, name: 'Tom Hanks', character: 'Woody (voice)', gender: 2, cast_id: 14, credit_id: '52fe4284c3a36847f8024f95' },
        { movie_id: 862, cast_order: 1, person_id: 12898, name: "Tim O'Allen", character: 'Buzz Lightyear (voice)', gender: 2, cast_id: 15, credit_id: '52fe4284c3a36847f8024f99' },
        { movie_id: 862, cast_order: 2, person_id: 31, name: 'Tom Hanks', character: 'Woody (singing voice)', gender: 2, cast_id: 16, credit_id: '52fe4284c3a36847f8024f9d' },
        { movie_id: 11860, cast_order: 0, person_id: 1, name: 'Julia Ormond', character: 'Sabrina', gender: 1, cast_id: 1, credit_id: 'c' },
        { movie_id: 15602, cast_order: 0, person_id: 3, name: 'Jack Lemmon', character: 'John', gender: 2, cast_id: 1, credit_id: 'd' },
        { movie_id: 15602, cast_order: 1, person_id: 31, name: 'Tom Hanks', character: 'Max', gender: 2, cast_id: 2, credit_id: 'e' },
        { movie_id: 82663, cast_order: 0, person_id: 99, name: 'Kevin Tighe', character: 'Rick', gender: 2, cast_id: 1, credit_id: 'b' },
      ]);
      assert.deepEqual(await query(db, 'SELECT movie_id, person_id, name, department, job FROM movie_crew ORDER BY movie_id, job'), [
        { movie_id: 862, person_id: 7879, name: 'John Lasseter', department: 'Directing', job: 'Director' },
        { movie_id: 862, person_id: 7879, name: 'John Lasseter', department: 'Writing', job: 'Screenplay' },
        { movie_id: 8844, person_id: 31, name: 'Tom Hanks', department: 'Directing', job: 'Director' },
      ]);

      const rejects = await query(db, 'SELECT source, line, kind, reason FROM rejects ORDER BY source, line');
      assert.deepEqual(rejects, [
        { source: 'credits', line: 4, kind: 'duplicate', reason: 'repeated id 862: the first record is kept' },
        { source: 'credits', line: 5, kind: 'invalid', reason: "broken row: id 'abc' is not a movie id" },
        // the parser names the character after the text, which ran out: 38 and 24 characters long
        { source: 'credits', line: 7, kind: 'invalid', reason: 'cast: not a Python literal (unterminated dict at character 39)' },
        { source: 'movies_dataset', line: 4, kind: 'invalid', reason: 'no release_date: the row is dropped' },
        { source: 'movies_dataset', line: 5, kind: 'duplicate', reason: 'repeated id 862: the first record is kept' },
        { source: 'movies_dataset', line: 6, kind: 'invalid', reason: '10 fields where the header has 24' },
        { source: 'movies_dataset', line: 7, kind: 'invalid', reason: '15 fields where the header has 24' },
        { source: 'movies_dataset', line: 8, kind: 'invalid', reason: "broken row: id '1997-08-20' is not a movie id (columns shifted)" },
        { source: 'movies_dataset', line: 9, kind: 'invalid', reason: "broken row: text in numeric column popularity: 'Beware Of Frost Bites'" },
        { source: 'movies_dataset', line: 10, kind: 'invalid', reason: 'genres: not a Python literal (unterminated string at character 25)' },
        { source: 'movies_dataset', line: 11, kind: 'invalid', reason: "release_date '1995-02-30' is not a date" },
      ]);

      // the answers on these rows, worked out by hand
      const app = await buildApp({ packs: [{ pack: moviesPack, db }] });
      try {
        const get = async (url: string) => {
          const res = await app.inject({ method: 'GET', url });
          return { status: res.statusCode, body: res.json() };
        };
        const ok = async (url: string, body: unknown) => {
          const res = await get(url);
          assert.equal(res.status, 200, url);
          assert.deepEqual(res.body, body, url);
        };
        await ok('/get_director/john%20lasseter', { director: 'John Lasseter', cantidad: 1, retorno_total: 12.4518, peliculas: [{ titulo: 'Toy Story', fecha_estreno: '1995-10-30', retorno: 12.4518, costo: 30000000, ganancia: 373554033 }] });
        // Tom Hanks directed Jumanji and acts in two movies (twice in one): crew credits are not acting
        await ok('/get_director/Tom%20Hanks', { director: 'Tom Hanks', cantidad: 1, retorno_total: 0, peliculas: [{ titulo: 'Jumanji', fecha_estreno: '1995-12-15', retorno: 0, costo: 0, ganancia: 0 }] });
        await ok('/get_actor/tom%20hanks', { actor: 'Tom Hanks', cantidad: 2, retorno_total: 15.3118, retorno_promedio: 7.6559 });
        assert.equal((await get('/get_actor/kevin%20tighe')).status, 404); // credits of a movie that was not kept
        await ok('/peliculas_idioma/en', { idioma: 'en', nombre: 'inglés', cantidad: 3 });
        await ok('/peliculas_idioma/FRANCES', { idioma: 'fr', nombre: 'francés', cantidad: 1 });
        // spoken only, so no movie has it as original language; its Spanish name is ICU's (which varies by version)
        await ok('/peliculas_idioma/yi', { idioma: 'yi', nombre: new Intl.DisplayNames(['es'], { type: 'language' }).of('yi'), cantidad: 0 });
        await ok('/peliculas_pais/alemania', { pais: 'Germany', iso_3166_1: 'DE', cantidad: 1 });
        await ok('/peliculas_pais/us', { pais: 'United States of America', iso_3166_1: 'US', cantidad: 2 });
        await ok('/franquicia/toy%20story', { franquicia: 'Toy Story Collection', cantidad: 1, ganancia_total: 373554033, ganancia_promedio: 373554033 });
        await ok(`/productoras_exitosas/${encodeURIComponent("teitler's film")}`, { productora: "Teitler's Film", revenue_total: 0, cantidad: 1 });
        await ok('/cantidad_filmaciones_mes/diciembre', { mes: 'diciembre', cantidad: 2 });
        await ok('/cantidad_filmaciones_mes/Enero', { mes: 'enero', cantidad: 0 });
        await ok('/cantidad_filmaciones_dia/viernes', { dia: 'viernes', cantidad: 2 });
        await ok('/cantidad_filmaciones_dia/SABADO', { dia: 'sábado', cantidad: 1 });
        await ok('/cantidad_filmaciones_dia/lunes', { dia: 'lunes', cantidad: 1 });
        await ok('/score_titulo/toy%20story', { titulo: 'Toy Story', anio: 1995, popularidad: 21.946943 });
        await ok('/votos_titulo/jumanji', { titulo: 'Jumanji', anio: 1995, votos: 2413, promedio: 6.9 });
        await ok('/votos_titulo/sabrina', { titulo: 'Sabrina', anio: 1996, mensaje: "la película 'Sabrina' tiene menos de 2000 valoraciones, por eso no se devuelve ningún valor" });
        await ok('/peliculas_duracion/sabrina', { pelicula: 'Sabrina', duracion: null, anio: 1996 });
      } finally {
        await app.close();
      }
    } finally {
      cleanup();
    }
  });
}

test('no HTML references in the names: none in the generated files, none in the real ones (so names are stored as written)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await moviesPack.synth.generate(raw, { rows: '300', seed: '3' }, silent);
    assert.deepEqual(linesWithReferences(raw), []);
    if (hasShared('movies')) assert.deepEqual(linesWithReferences(join(SHARED_DATA, 'movies')), []);
  } finally {
    cleanup();
  }
});
