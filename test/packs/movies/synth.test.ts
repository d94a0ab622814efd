/**
 * The movies generator: determinism, the original formats and quirks, and (when the real derived
 * tables are at hand) that --from rebuilds the real catalogue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { parseLiteral } from '../../../src/core/ingest/literal.js';
import { moviesPack, rowsOption } from '../../../src/packs/movies/index.js';
import { SHARED_DATA, hasShared, silent, tempDir } from '../../helpers.js';

const COLUMNS = 'adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count';

const generate = (out: string, options: Record<string, string>) => moviesPack.synth.generate(out, options, silent);

function records(text: string | Buffer): string[][] {
  return parse(text, { relax_column_count: true }) as string[][];
}

test('same seed gives byte-identical files, another seed different ones; --gzip writes the same text', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const a = await generate(join(dir, 'a'), { rows: '400', seed: '3' });
    const b = await generate(join(dir, 'b'), { rows: '400', seed: '3' });
    const c = await generate(join(dir, 'c'), { rows: '400', seed: '4' });
    const z = await generate(join(dir, 'z'), { rows: '400', seed: '3', gzip: 'true' });
    assert.deepEqual(a.map((p) => basename(p)), ['movies_dataset.csv', 'credits.csv']);
    assert.deepEqual(z.map((p) => basename(p)), ['movies_dataset.csv.gz', 'credits.csv.gz']);
    for (let i = 0; i < 2; i++) {
      const bytes = readFileSync(a[i]);
      assert.ok(bytes.equals(readFileSync(b[i])), `${basename(a[i])} is reproducible`);
      assert.ok(!bytes.equals(readFileSync(c[i])), `${basename(a[i])} depends on the seed`);
      assert.ok(gunzipSync(readFileSync(z[i])).equals(bytes), `${basename(z[i])} holds the same text`);
    }
  } finally {
    cleanup();
  }
});

test('size options: full size by default, --scale, --rows', () => {
  assert.equal(rowsOption({}), 45466);
  assert.equal(rowsOption({ scale: '0.05' }), 2273);
  assert.equal(rowsOption({ rows: '1000', scale: '0.5' }), 1000);
  assert.throws(() => rowsOption({ rows: '12' }), /--rows must be an integer/);
  assert.throws(() => rowsOption({ scale: '0' }), /--scale must be/);
});

test('the original formats, with the quirks of the real files', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const rows = 4000;
    const [moviesPath, creditsPath] = await generate(dir, { rows: String(rows), seed: '9' });
    const text = readFileSync(moviesPath, 'utf8');
    assert.equal(text.slice(0, text.indexOf('\n')), COLUMNS);
    const [header, ...movies] = records(text);
    assert.equal(header.length, 24);
    assert.equal(movies.length, rows, 'records as pandas counts them (a broken record counts twice)');
    const short = movies.filter((r) => r.length !== 24);
    const full = movies.filter((r) => r.length === 24);
    // broken records: the raw kind (10 + 15 fields) and the re-saved kind (24 fields, a date as id)
    assert.ok(short.some((r) => r.length === 10) && short.some((r) => r.length === 15), 'split records');
    const shifted = full.filter((r) => !/^\d+$/.test(r[5]));
    assert.ok(shifted.length >= 1 && shifted.every((r) => /^\d{4}-\d\d-\d\d$/.test(r[5]) && r[0].startsWith(' - Written by')), 'a date where the id should be');
    const good = full.filter((r) => /^\d+$/.test(r[5]));
    const ids = good.map((r) => r[5]);
    assert.ok(new Set(ids).size < ids.length, 'repeated ids');
    assert.ok(good.some((r) => r[14] === ''), 'rows without release_date');
    assert.ok(good.some((r) => r[2] === '') && good.some((r) => r[15] === ''), 'empty budget and revenue');
    assert.ok(good.some((r) => r[9].includes('\n')), 'an overview with a line break (quoted)');
    // every nested column of the complete rows is a Python literal of the right shape (the head of
    // a padded broken record has a good id and nothing after its overview)
    for (const r of good.filter((x) => x[20] !== '')) {
      for (const col of [3, 12, 13, 17]) assert.ok(r[col] === '' || Array.isArray(parseLiteral(r[col])), `${header[col]}: ${r[col].slice(0, 80)}`);
      if (r[1] !== '') assert.deepEqual(Object.keys(parseLiteral(r[1]) as object), ['id', 'name', 'poster_path', 'backdrop_path']);
      assert.match(r[10], /^\d+(\.\d+)?(e-\d\d)?$/, 'popularity as Python writes a float');
      assert.match(r[15], /^(\d+\.0)?$/, 'revenue as a float');
    }
    // names with an apostrophe are written by repr() in double quotes
    const creditsText = readFileSync(creditsPath, 'utf8');
    assert.match(creditsText, /'name': ""[^"']*'[^"]*""/);
    const [cHeader, ...credits] = records(creditsText);
    assert.deepEqual(cHeader, ['cast', 'crew', 'id']);
    assert.equal(credits.length, Math.round((rows * 45476) / 45466));
    const creditIds = credits.map((r) => r[2]);
    assert.ok(new Set(creditIds).size < creditIds.length, 'repeated ids in credits');
    // every movie id of the movies file has credits
    const creditSet = new Set(creditIds);
    assert.ok(ids.every((id) => creditSet.has(id)));
    for (const r of credits.slice(0, 300)) {
      const cast = parseLiteral(r[0]) as Record<string, unknown>[];
      const crew = parseLiteral(r[1]) as Record<string, unknown>[];
      for (const c of cast) assert.deepEqual(Object.keys(c), ['cast_id', 'character', 'credit_id', 'gender', 'id', 'name', 'order', 'profile_path']);
      for (const c of crew) assert.deepEqual(Object.keys(c), ['credit_id', 'department', 'gender', 'id', 'job', 'name', 'profile_path']);
    }
  } finally {
    cleanup();
  }
});

/** The real derived table, read here on its own: id → title and year; id → set of directors. */
function realTable(file: string): Record<string, string>[] {
  const [header, ...rows] = records(gunzipSync(readFileSync(join(SHARED_DATA, 'movies', file))));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/**
 * Directors by movie id from credits.csv, by a line scan: the generated credits hold no line
 * breaks, so a record is a line; a crew name is written 'like this' or, when it holds an
 * apostrophe, "like this" (CSV-doubled to ""like this""). Far cheaper than parsing 190 MB.
 */
function directorsByLine(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of text.split('\n').slice(1)) {
    const id = /,(\d+)$/.exec(line)?.[1];
    if (!id || out.has(id)) continue;
    const names = new Set<string>();
    for (const m of line.matchAll(/'job': 'Director', 'name': ('(?:[^'\\]|\\.)*'|""(?:[^"]|"")*?"")/g)) {
      names.add(parseLiteral(m[1].startsWith('""') ? m[1].replaceAll('""', '"') : m[1]) as string);
    }
    out.set(id, names);
  }
  return out;
}

test('--from rebuilds the real catalogue: every title, year and director of the derived tables, at full size', { skip: !hasShared('movies/peliculas_duracion.csv.gz') && 'no ../shared/data' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const [moviesPath, creditsPath] = await generate(dir, { seed: '42', from: join(SHARED_DATA, 'movies') });
    const movies = records(readFileSync(moviesPath)).slice(1);
    assert.equal(movies.length, 45466, 'the real number of records');
    const creditsText = readFileSync(creditsPath, 'utf8');
    assert.equal(creditsText.split('\n').length - 2, 45476, 'the real number of credits records (a line each, after the header)');

    const generated = new Map<string, { title: string; year: string; date: string }>();
    for (const r of movies) if (r.length === 24 && /^\d+$/.test(r[5]) && !generated.has(r[5])) generated.set(r[5], { title: r[20], year: r[14].slice(0, 4), date: r[14] });
    const real = realTable('peliculas_duracion.csv.gz');
    assert.equal(real.length, 45362);
    for (const r of real) assert.deepEqual(generated.get(r.id) && { title: generated.get(r.id)!.title, year: generated.get(r.id)!.year }, { title: r.title, year: r.release_year }, `movie ${r.id}`);

    const realDirectors = realTable('director_movies.csv.gz');
    assert.equal(realDirectors.length, 49041);
    const directors = directorsByLine(creditsText);
    for (const r of realDirectors) {
      assert.ok(directors.get(r.id)?.has(r.name_crew), `director ${r.name_crew} of ${r.id}`);
      // the real release date, where the derived tables have one
      assert.equal(generated.get(r.id)?.date, r.release_date.slice(0, 10), `date of ${r.id}`);
    }
  } finally {
    cleanup();
  }
});
