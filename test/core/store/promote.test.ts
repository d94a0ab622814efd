/**
 * Publishing what a train promotes (`recops train --store`), checked before the long work, and a
 * request that spans a publish: its answer and its ETag come from the version it started on.
 * Real redis-server on loopback (skipped loudly without one).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { PACKS } from '../../../src/packs/index.js';
import { buildApp } from '../../../src/core/server/app.js';
import { RedisServing } from '../../../src/core/store/redis.js';
import { Registry, modelsDirFor } from '../../../src/core/registry/registry.js';
import { publish } from '../../../src/cli/publish.js';
import { demoWarehouse, tempDir } from '../../helpers.js';
import { RedisProcess, freePort, quietStderr, redisMissing } from './redis-server.js';

const CLI = ['--import', 'tsx', resolve(import.meta.dirname, '../../../src/cli/index.ts')];
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HOST|PORT|RECOPS_)/.test(k)));
const run = (args: string[]) => spawnSync(process.execPath, [...CLI, ...args], { env, encoding: 'utf8' });
const missing = redisMissing();
const { dir, cleanup } = tempDir('recops-promote-');
let db: string;
let other: string;
let redis: RedisProcess;

before(async () => {
  db = await demoWarehouse(moviesPack, { rows: '300', seed: '4' }, join(dir, 'a'));
  other = await demoWarehouse(moviesPack, { rows: '200', seed: '6' }, join(dir, 'b'), { train: true });
  if (missing) return;
  redis = new RedisProcess(await freePort(), dir);
  await redis.start();
});

after(async () => {
  await redis?.kill({ save: false });
  cleanup();
});

const runsOf = (warehouse: string) => new Registry(modelsDirFor(warehouse)).read().runs.length;

test('train --store: a wrong or unreachable store fails before any training, with the fix', async () => {
  const closed = `redis://127.0.0.1:${await freePort()}`;
  const cases: [string[], number, RegExp][] = [
    [['train', 'movies', '--db', db, '--store', 'http://x:1'], 2, /only redis:\/\/ and rediss:\/\/ URLs are accepted/],
    [['train', 'movies', '--db', db, '--store', closed], 1, /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*\); start one \(e\.g\. redis-server --port \d+\) or fix --store/],
    [['retrain', 'movies', '--from', join(dir, 'a', 'raw', 'movies'), '--db', db, '--store', closed], 1, /cannot reach Redis at/],
  ];
  // a pack with models that cannot be served from a store yet (none once every pack can)
  const inProcessOnly = PACKS.find((p) => p.models && !p.store);
  if (inProcessOnly) cases.push([['train', inProcessOnly.name, '--db', db, '--store', closed], 2, new RegExp(`pack '${inProcessOnly.name}' cannot be published to a shared store yet`)]);
  for (const [args, code, message] of cases) {
    const res = run(args);
    assert.equal(res.status, code, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message, args.join(' '));
  }
  assert.equal(runsOf(db), 0, 'nothing was trained');
  assert.match(run(['train', '--help']).stdout, /--store <url>/);
  assert.match(run(['retrain', '--help']).stdout, /--store <url>/);
});

test('train --store: the promoted models are published, the store names the warehouse and its new version', { skip: missing ?? false }, async () => {
  const res = run(['train', 'movies', '--db', db, '--store', redis.url]);
  assert.equal(res.status, 0, res.stderr);
  assert.ok(runsOf(db) > 0, 'runs were trained');
  assert.match(res.stderr, /live now: /);
  assert.match(res.stderr, /movies: v1 is live in redis:\/\/127\.0\.0\.1:\d+ \(\d[\d,]* keys/);
  const r = new Redis(redis.url);
  try {
    assert.equal(await r.get('recops:movies:live'), 'v1');
    const meta = JSON.parse((await r.get('recops:movies:v1:meta'))!) as { db: string; keys: number };
    assert.equal(meta.db, db);
    // the recommendations of the model just promoted are in the store: the in-process server on
    // the same warehouse (which reads the registry's live run) gives the same answer
    const inProcess = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false });
    const serving = new RedisServing(new URL(redis.url));
    serving.add('movies', moviesPack.store!);
    await serving.start();
    const fromStore = await buildApp({ packs: [], store: { serving, packs: [moviesPack] }, webDir: false });
    try {
      const title = (await (await inProcess.inject('/suggest/movies/title?n=1')).json()).suggestions[0] as string;
      const url = `/recomendacion/${encodeURIComponent(title)}`;
      const [a, b] = [await inProcess.inject(url), await fromStore.inject(url)];
      assert.equal(a.statusCode, 200, a.body);
      assert.equal(b.body, a.body);
    } finally {
      await fromStore.close();
      await serving.close();
      await inProcess.close();
    }
  } finally {
    r.disconnect();
  }
});

test('a request that spans a publish answers from the version it started on, and its ETag names that version', { skip: missing ?? false }, async () => {
  await quietStderr(() => publish('movies', { db: other, store: redis.url }));
  const serving = new RedisServing(new URL(redis.url));
  const accessors = serving.add('movies', moviesPack.store!);
  await serving.start();
  let app: FastifyInstance | undefined;
  try {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    app = await buildApp({ packs: [], store: { serving, packs: [moviesPack] }, webDir: false });
    // a slow reader: takes the view, then waits while a new version goes live
    app.get<{ Querystring: { wait?: string } }>('/probe', async (request) => {
      const first = accessors.view().answers.version;
      if (request.query.wait) {
        entered();
        await gate;
      }
      return { first, then: accessors.view().answers.version, names: await accessors.view().answers.names('names:titles').suggest('', 3) };
    });
    const was = serving.versionOf('movies')!;
    const first = await app.inject('/probe');
    assert.equal(first.statusCode, 200, first.body);
    const etagBefore = first.headers.etag as string;
    const pending = app.inject('/probe?wait=1');
    // the request is inside its handler (or answered already: then the check below says how)
    await Promise.race([inside, pending]);
    await quietStderr(() => publish('movies', { db: other, store: redis.url }));
    await serving.refresh();
    const now = serving.versionOf('movies')!;
    assert.notEqual(now, was, 'the new version is live in this process');
    release();
    const res = await pending;
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { first: string; then: string; names: string[] };
    assert.deepEqual([body.first, body.then], [was, was], 'one version for the whole request');
    assert.equal(res.headers.etag, etagBefore, 'the ETag names the version the answer came from');
    // a request after it reads the new version, under a new ETag
    const next = await app.inject('/probe');
    assert.equal((next.json() as { first: string }).first, now);
    assert.notEqual(next.headers.etag, etagBefore);
  } finally {
    await app?.close();
    await serving.close();
  }
});

test('a new version keeps the local part when it is unchanged (no rebuild); names come from the version served', { skip: missing ?? false }, async () => {
  const logs: string[] = [];
  const serving = new RedisServing(new URL(redis.url), { log: (m) => logs.push(m) });
  const accessors = serving.add('movies', moviesPack.store!);
  await serving.start();
  try {
    const switched = async (before: string | null) => {
      const deadline = Date.now() + 5000;
      while (serving.versionOf('movies') === before) {
        assert.ok(Date.now() < deadline, 'switched');
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    // the same warehouse again: a promotion over the same catalogue
    let was = serving.versionOf('movies');
    await quietStderr(() => publish('movies', { db: other, store: redis.url }));
    await switched(was);
    const local = accessors.local();
    was = serving.versionOf('movies');
    await quietStderr(() => publish('movies', { db: other, store: redis.url }));
    await switched(was);
    assert.equal(accessors.local(), local, 'the same local part');
    assert.match(logs.at(-1)!, /what it keeps local unchanged: kept/);
    // another catalogue: nothing to rebuild (a replica keeps no names), its names are suggested from the store
    was = serving.versionOf('movies');
    await quietStderr(() => publish('movies', { db, store: redis.url }));
    await switched(was);
    assert.match(logs.at(-1)!, /kept/);
    const inProcess = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false });
    try {
      const suggested = await accessors.view().answers.names('names:titles').suggest('th', 10);
      const expected = ((await inProcess.inject('/suggest/movies/title?q=th&n=10')).json() as { suggestions: string[] }).suggestions;
      assert.ok(expected.length > 0);
      assert.deepEqual(suggested, expected);
    } finally {
      await inProcess.close();
    }
  } finally {
    await serving.close();
  }
});
