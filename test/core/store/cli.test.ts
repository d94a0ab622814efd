/**
 * `recops publish` and `recops serve --store` as an operator runs them: mistakes refused with the
 * fix before any work (exit 2; an unreachable Redis exit 1), then a real publish and a real
 * server answering from a real redis-server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { buildApp } from '../../../src/core/server/app.js';
import { query, silent, tempDir } from '../../helpers.js';
import { RedisProcess, freePort, redisMissing } from './redis-server.js';

const CLI = ['--import', 'tsx', resolve(import.meta.dirname, '../../../src/cli/index.ts')];
const tmp = tempDir();
const db = join(tmp.dir, 'movies.duckdb');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HOST|PORT|RECOPS_)/.test(k)));
const run = (args: string[]) => spawnSync(process.execPath, [...CLI, ...args], { env, encoding: 'utf8' });

before(async () => {
  await moviesPack.synth.generate(join(tmp.dir, 'raw'), { rows: '200', seed: '2' }, silent);
  await ingestPack(moviesPack, { from: join(tmp.dir, 'raw'), db, log: silent });
});
after(() => tmp.cleanup());

test('recops publish and serve --store refuse mistakes with the fix, before any work', async () => {
  const closed = `redis://127.0.0.1:${await freePort()}`;
  const cases: [string[], number, RegExp][] = [
    [['publish', 'nopack', '--db', db, '--store', closed], 2, /unknown pack 'nopack'; known packs: steam, movies, streaming/],
    [['publish', 'steam', '--db', db, '--store', closed], 2, /pack 'steam' cannot be published to a shared store yet \(it is served in-process from its warehouse\); packs that can: movies/],
    [['publish', 'movies', '--store', closed], 2, /no warehouse given: pass --db FILE/],
    [['publish', 'movies', '--db', db], 2, /no store given: pass --store redis:\/\/HOST:PORT/],
    [['publish', 'movies', '--db', db, '--store', 'http://x:1'], 2, /only redis:\/\/ and rediss:\/\/ URLs are accepted/],
    [['publish', 'movies', '--db', db, '--store', `${closed},127.0.0.1:1`], 1, /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:1 \(/],
    [['publish', 'movies', '--db', join(tmp.dir, 'nope.duckdb'), '--store', closed], 2, /nope\.duckdb/],
    [['publish', 'movies', '--db', db, '--store', closed], 1, /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*\); start one/],
    [['serve', '--store', 'redis//x'], 2, /--store 'redis\/\/x' is not a URL; give redis:\/\/HOST:PORT/],
    [['serve', '--store', closed, '--db', db], 2, /is a movies warehouse, and movies is served from the shared store with --store: drop this --db/],
  ];
  for (const [args, code, message] of cases) {
    const res = run(args);
    assert.equal(res.status, code, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message, args.join(' '));
  }
  const help = run(['publish', '--help']).stdout;
  assert.match(help, /Only movies, streaming can be published so far/);
  assert.match(run(['serve', '--help']).stdout, /--store <url>/);
});

const missing = redisMissing();

test('recops publish, then recops serve --store answers from Redis as the in-process server does', { skip: missing ?? false }, async () => {
  const redis = new RedisProcess(await freePort(), tmp.dir);
  await redis.start();
  const inProcess = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false });
  const child = spawn(process.execPath, [...CLI, 'serve', '--store', redis.url, '--port', '0', '--poll', '0', '--no-web', '--no-log'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    const published = run(['publish', 'movies', '--db', db, '--store', redis.url]);
    assert.equal(published.status, 0, published.stderr);
    assert.match(published.stderr, /movies: v1 is live in redis:\/\/127\.0\.0\.1:\d+ \(\d[\d,]* keys/);
    const deadline = Date.now() + 60_000;
    while (!/listening on http:\/\/[^:]+:\d+/.test(stderr) || !/movies: serving v1/.test(stderr)) {
      assert.ok(Date.now() < deadline && child.exitCode === null, stderr);
      await new Promise((r) => setTimeout(r, 100));
    }
    const [, port] = /listening on http:\/\/[^:]+:(\d+)/.exec(stderr)!;
    const title = (await query(db, 'SELECT title FROM api_titles LIMIT 1'))[0].title as string;
    for (const url of [`/peliculas_duracion/${encodeURIComponent(title)}`, '/cantidad_filmaciones_mes/enero', '/get_actor/nobody%20at%20all', '/suggest/movies/title?q=the']) {
      const res = await fetch(`http://127.0.0.1:${port}${url}`);
      const expected = await inProcess.inject(url);
      assert.equal(res.status, expected.statusCode, url);
      assert.equal(await res.text(), expected.body, url);
    }
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { store: { packs: Record<string, { version: string }> } };
    assert.equal(health.store.packs.movies.version, 'v1');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await inProcess.close();
    await redis.kill({ save: false });
  }
});
