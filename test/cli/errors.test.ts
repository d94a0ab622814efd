/**
 * The CLI's answers to wrong input, run as a user runs it (a child process): each says what is
 * wrong and how to fix it, comes before any long work, and exits 2 for wrong usage (unknown
 * names, bad values, a file that is not the warehouse asked for), 1 for the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingestPack } from '../../src/core/ingest/run.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { silent, tempDir } from '../helpers.js';
import { writeFixture } from '../packs/steam/fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
function recops(args: string[], opts: SpawnSyncOptions = {}): { status: number | null; stdout: string; stderr: string; seconds: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args], { encoding: 'utf8', cwd: ROOT, timeout: 60_000, ...opts });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr), seconds: (Date.now() - started) / 1000 };
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

test('a warehouse of another pack: train, eval, retrain and models say whose it is and what to run, exit 2, before any work', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await moviesPack.synth.generate(join(dir, 'raw'), { rows: '200', seed: '5' }, silent);
    const db = join(dir, 'movies.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'raw'), db, log: silent });
    for (const [cmd, ...rest] of [['train'], ['eval'], ['retrain', '--from', join(dir, 'raw')]]) {
      const r = recops([cmd, 'steam', '--db', db, ...rest]);
      assert.equal(r.status, 2, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^recops: error: ${esc(db)} is a warehouse of pack 'movies', not 'steam': run \`recops ${cmd} movies --db ${esc(db)}\`, or pass the steam warehouse \\(built by \`recops ingest steam\`\\)\\n$`));
      assert.doesNotMatch(r.stderr, /Catalog Error/);
    }
    const m = recops(['models', '--db', db, '--pack', 'steam']);
    assert.equal(m.status, 2);
    assert.match(m.stderr, new RegExp(`${esc(db)} is a warehouse of pack 'movies', not 'steam': pass --pack movies, or the steam warehouse`));
    assert.ok(!existsSync(join(dir, 'models')), 'nothing was trained or written');
    assert.deepEqual(readdirSync(dir).sort(), ['movies.duckdb', 'raw']);
  } finally {
    cleanup();
  }
});

test('unknown names and bad values exit 2 everywhere, commander\'s usage errors too; --help exits 0', () => {
  const cases: [string[], RegExp][] = [
    [['models', '--db', 'x.duckdb', '--pack', 'nope'], /unknown pack 'nope'; known packs: steam, movies, streaming/],
    [['schema', 'nope'], /unknown pack 'nope'; known packs: steam, movies, streaming/],
    [['ingest', 'nope', '--from', '.', '--db', 'x.duckdb'], /unknown pack 'nope'/],
    [['train', 'nope', '--db', 'x.duckdb'], /unknown pack 'nope'/],
    [['eval', 'nope', '--db', 'x.duckdb'], /unknown pack 'nope'/],
    [['retrain', 'nope', '--from', '.', '--db', 'x.duckdb'], /unknown pack 'nope'/],
    [['train', 'steam', '--db', 'x.duckdb', '--seed', 'abc'], /--seed must be an integer, got 'abc'/],
    [['eval', 'steam', '--db', 'x.duckdb', '--k', '0'], /--k must be an integer from 1 to 1000, got '0'/],
    [['eval', 'ratings', '--algo', 'nope', '--file', 'x.csv'], /--algo must be one of global_mean, baseline, svd, svdpp, bayes_mf, bayes_fm \(or all, to compare them\), got 'nope'/],
    [['gen', 'nope'], /unknown command 'nope'/],
    [['nope'], /unknown command 'nope'/],
    [['ingest', 'steam', '--from', '.', '--db', 'x.duckdb', '--bogus'], /unknown option '--bogus'/],
    [['ingest', 'steam', '--db', 'x.duckdb'], /required option '--from <dir>' not specified/],
    [['models'], /no warehouse given: pass --db FILE/],
  ];
  for (const [args, message] of cases) {
    const r = recops(args, { env: { ...process.env, RECOPS_DB: '' } });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  for (const args of [['--help'], ['ingest', '--help'], ['--version']]) assert.equal(recops(args).status, 0, args.join(' '));
  assert.match(recops(['ingest', '--help']).stdout, /--allow-empty/);
});

test('--db naming a folder, or a file that is not a DuckDB database: refused before the ingest, nothing left behind', () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    mkdirSync(raw);
    writeFixture(raw, true);
    const folder = join(dir, 'warehouses');
    mkdirSync(folder);
    const r = recops(['ingest', 'steam', '--from', raw, '--db', folder]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`--db ${esc(folder)} is a folder: --db names the warehouse file to build, e.g. ${esc(folder)}/warehouse\\.duckdb`));
    assert.doesNotMatch(r.stderr, /steam_games +game/, 'refused before reading any raw file');
    assert.deepEqual(readdirSync(folder), []);
    assert.deepEqual(readdirSync(dir).sort(), ['raw', 'warehouses'], 'no .building- or .lock file');

    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes, not a warehouse\n');
    const n = recops(['ingest', 'steam', '--from', raw, '--db', notes]);
    assert.equal(n.status, 2);
    assert.match(n.stderr, /notes\.txt exists and is not a DuckDB file: refusing to replace it/);
    assert.equal(readFileSync(notes, 'utf8'), 'my notes, not a warehouse\n');
  } finally {
    cleanup();
  }
});

test('--db in a folder that cannot be written: said before the ingest, with how to fix it', () => {
  const { dir, cleanup } = tempDir();
  try {
    chmodSync(dir, 0o755);
    const raw = join(dir, 'raw');
    mkdirSync(raw);
    writeFixture(raw, true);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    // root writes anywhere: run the CLI as an unprivileged user then (its permissions are what a user meets)
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: dir } } : {};
    const r = recops(['ingest', 'steam', '--from', raw, '--db', join(locked, 'steam.duckdb')], asUser);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot write the warehouse in ${esc(locked)}: permission denied\\. Choose a --db in a folder you can write, or give yourself write permission on it`));
    assert.doesNotMatch(r.stderr, /steam_games +game/);
    assert.deepEqual(readdirSync(locked), []);
  } finally {
    cleanup();
  }
});

test('serve on a file that is not a warehouse: what it is and how to build one, exit 2, no server started', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const files: [string, (p: string) => Promise<void> | void, RegExp][] = [
      ['empty.duckdb', (p) => writeFileSync(p, ''), /empty\.duckdb is not a warehouse: the file is empty\. Pass a file built by `recops ingest`/],
      ['junk.duckdb', (p) => writeFileSync(p, Buffer.alloc(4096, 7)), /junk\.duckdb is not a warehouse: not a DuckDB database file/],
      [
        'plain.duckdb',
        async (p) => {
          const instance = await DuckDBInstance.create(p);
          const conn = await instance.connect();
          await conn.run('CREATE TABLE t (x INTEGER)');
          conn.closeSync();
          instance.closeSync();
        },
        /plain\.duckdb is a DuckDB file but not a recops warehouse \(it has no build_info table\); build one with `recops ingest <pack> --from RAW_DIR --db/,
      ],
      ['missing.duckdb', () => {}, /no warehouse at .*missing\.duckdb: build one with `recops ingest/],
    ];
    for (const [name, make, message] of files) {
      const path = join(dir, name);
      await make(path);
      const r = recops(['serve', '--db', path, '--port', '0', '--no-log']);
      assert.equal(r.status, 2, `${name}: ${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.doesNotMatch(r.stderr, /in-memory database|listening/, name);
    }
    const d = recops(['serve', '--db', dir, '--port', '0']);
    assert.equal(d.status, 2);
    assert.match(d.stderr, /is a folder, not a warehouse file: pass the \.duckdb file/);
  } finally {
    cleanup();
  }
});
