/**
 * SourceSpec.group: bulk sources loaded together, on a connection of their own, while the build
 * reads the other sources. The warehouse and the report must be what loading them one by one
 * gives; the core checks the rows the group tells against what its table gained, writes each
 * source's rejects at its turn, and keeps the build atomic when the group fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ingestPack, type IngestReport } from '../../../src/core/ingest/run.js';
import type { BulkSink, GroupPart, Pack, SourceGroup, SourceSpec } from '../../../src/core/pack.js';
import { col } from '../../../src/core/warehouse/schema.js';
import { query, silent, tempDir } from '../../helpers.js';

/** One 'key,integer' file into `items`: good lines appended, the others rejected; returns the rows. */
async function loadPairs(conn: DuckDBConnection, file: string, sink: BulkSink): Promise<number> {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const app = await conn.createAppender('items');
  let kept = 0;
  lines.forEach((line, i) => {
    const m = /^(\w+),(\d+)$/.exec(line);
    if (!m) return sink.reject(i + 1, 'not key,integer', line);
    app.appendVarchar(m[1]);
    app.appendInteger(Number(m[2]));
    app.endRow();
    kept++;
  });
  app.closeSync();
  sink.progress(readFileSync(file).length, lines.length);
  sink.kept(kept);
  return kept;
}

interface Spy {
  /** what the group does: 'load' its parts, 'decline' them, 'lie' about their rows, 'throw' */
  mode: 'load' | 'decline' | 'lie' | 'throw';
  /** lines the line source had read when the group was started (-1: not started) */
  startedAt: number;
  lineSourceLines: number;
}

function makePack(spy: Spy, opts: { grouped?: boolean; intruder?: boolean } = {}): Pack {
  const group: SourceGroup = {
    name: 'pairs',
    async load(conn: DuckDBConnection, parts: GroupPart[], progress: (bytes: number) => void): Promise<boolean> {
      spy.startedAt = spy.lineSourceLines;
      if (spy.mode === 'decline') return false;
      if (spy.mode === 'throw') throw new Error('the group broke');
      let bytes = 0;
      for (const { file, sink } of parts) {
        const rows = await loadPairs(conn, file, sink);
        sink.rows(spy.mode === 'lie' ? rows + 1 : rows);
        progress((bytes += readFileSync(file).length));
      }
      return true;
    },
  };
  const bulk = (k: number): SourceSpec => ({
    name: `pairs_${k}`,
    files: [`p${k}.txt`],
    unit: 'pair',
    mainTable: 'items',
    load: async (conn, file, sink) => void (await loadPairs(conn, file, sink)),
    ...(opts.grouped === false ? {} : { group }),
  });
  return {
    name: 'groupdemo',
    title: 'a line source, then three bulk sources in one group',
    tables: [
      { name: 'items', doc: 'pairs', columns: [col('k', 'VARCHAR', 'key'), col('v', 'INTEGER', 'value')] },
      { name: 'words', doc: 'words', columns: [col('w', 'VARCHAR', 'word')] },
    ],
    sources: [
      {
        name: 'words_source',
        files: ['words.txt'],
        unit: 'word',
        mainTable: opts.intruder ? 'items' : 'words',
        open: () => ({
          line(text, sink) {
            spy.lineSourceLines++;
            if (text === 'bad') return sink.reject('a bad word');
            if (opts.intruder) sink.row('items', [text, 0]);
            else sink.row('words', [text]);
            sink.kept();
          },
        }),
      },
      bulk(1),
      bulk(2),
      bulk(3),
    ],
    synth: { description: '', options: [], generate: async () => [] },
  };
}

function writeRaw(dir: string): void {
  writeFileSync(join(dir, 'words.txt'), Array.from({ length: 2000 }, (_, i) => (i === 5 ? 'bad' : `w${i}`)).join('\n') + '\n');
  writeFileSync(join(dir, 'p1.txt'), 'a,1\nb,x\nc,3\n');
  writeFileSync(join(dir, 'p2.txt'), 'd,4\n\ne,5\n');
  writeFileSync(join(dir, 'p3.txt'), 'f,six\ng,7\n');
}

const spy = (mode: Spy['mode']): Spy => ({ mode, startedAt: -1, lineSourceLines: 0 });
const withoutTimes = (r: IngestReport) => r.sources.map(({ seconds: _s, ...rest }) => rest);
const everything = async (db: string) => ({
  items: await query(db, 'SELECT k, v FROM items ORDER BY rowid'),
  words: await query(db, 'SELECT count(*) AS n FROM words'),
  rejects: await query(db, 'SELECT source, line, reason, excerpt, kind FROM rejects ORDER BY rowid'),
  build: await query(db, 'SELECT source, bytes, lines, records, rows, rejected FROM build_info ORDER BY rowid'),
});

test('a group loads its sources together, from the start of the build, into what loading them one by one gives', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeRaw(dir);
    const alone = await ingestPack(makePack(spy('load'), { grouped: false }), { from: dir, db: join(dir, 'alone.duckdb'), log: silent });
    const s = spy('load');
    const together = await ingestPack(makePack(s), { from: dir, db: join(dir, 'together.duckdb'), log: silent });
    // started before the line source (declared first) had read its 2,000 lines
    assert.ok(s.startedAt >= 0 && s.startedAt < 2000, `group started after ${s.startedAt} lines`);
    assert.deepEqual(withoutTimes(together), withoutTimes(alone));
    assert.deepEqual(await everything(join(dir, 'together.duckdb')), await everything(join(dir, 'alone.duckdb')));
    // each grouped source's rejects under its own name, in the sources' order, after the line source's
    assert.deepEqual(
      (await query(join(dir, 'together.duckdb'), 'SELECT source, line FROM rejects ORDER BY rowid')).map((r) => `${r.source}:${r.line}`),
      ['words_source:6', 'pairs_1:2', 'pairs_2:2', 'pairs_3:1'],
    );
    assert.deepEqual(together.sources.map((r) => r.rows), [1999, 2, 2, 1]);
  } finally {
    cleanup();
  }
});

test('a group that declines leaves its sources to their own load, one by one', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeRaw(dir);
    const alone = await ingestPack(makePack(spy('load'), { grouped: false }), { from: dir, db: join(dir, 'alone.duckdb'), log: silent });
    const s = spy('decline');
    const declined = await ingestPack(makePack(s), { from: dir, db: join(dir, 'declined.duckdb'), log: silent });
    assert.ok(s.startedAt >= 0, 'the group was asked');
    assert.deepEqual(withoutTimes(declined), withoutTimes(alone));
    assert.deepEqual(await everything(join(dir, 'declined.duckdb')), await everything(join(dir, 'alone.duckdb')));
  } finally {
    cleanup();
  }
});

test('the reference build (fast: false) never asks a group', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeRaw(dir);
    const s = spy('throw');
    await ingestPack(makePack(s), { from: dir, db: join(dir, 'ref.duckdb'), log: silent, fast: false });
    assert.equal(s.startedAt, -1);
  } finally {
    cleanup();
  }
});

test('rows told that the table did not gain, or a group that throws, fail the build and keep the previous warehouse', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeRaw(dir);
    const db = join(dir, 'w.duckdb');
    await ingestPack(makePack(spy('load')), { from: dir, db, log: silent });
    const before = readFileSync(db);
    await assert.rejects(ingestPack(makePack(spy('lie')), { from: dir, db, log: silent }), /group pairs: its sources told 8 rows, items gained 5; the previous warehouse is kept/);
    await assert.rejects(ingestPack(makePack(spy('throw')), { from: dir, db, log: silent }), /cannot load pairs \(3 files\): the group broke; the previous warehouse is kept/);
    assert.ok(readFileSync(db).equals(before));
  } finally {
    cleanup();
  }
});

test("a source outside the group that writes the group's table is refused before any work", async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeRaw(dir);
    const s = spy('load');
    await assert.rejects(ingestPack(makePack(s, { intruder: true }), { from: dir, db: join(dir, 'w.duckdb'), log: silent }), /group pairs loads items, which words_source also writes/);
    assert.equal(s.startedAt, -1);
  } finally {
    cleanup();
  }
});
