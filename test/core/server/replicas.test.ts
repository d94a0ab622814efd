/**
 * The scale-out deployment for real, on loopback: a real redis-server, three `recops serve
 * --store` replicas (the built CLI, as deployed), and a real nginx with the deployment's own
 * config (deploy/nginx-replicas.conf, its upstream pointed at the replicas), driven by
 * autocannon. Every pack that can be served from the store takes part (its small generated
 * warehouses, two of them with different data: one per published version).
 *   (a) a replica killed under load costs no request;
 *   (b) a version published under load costs no request, reaches every replica within 2 s, and
 *       every answer is whole of one version: its body is that version's and its ETag names it;
 *   (c) Redis stopped: the store's routes answer 503 saying so and /health says degraded; Redis
 *       back: answered again, the replicas never restarted.
 * Skipped, loudly, without redis-server or nginx (RECOPS_REQUIRE_REDIS=1: failed instead).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import type { Pack } from '../../../src/core/pack.js';
import { PACKS } from '../../../src/packs/index.js';
import { demoWarehouse, tempDir } from '../../helpers.js';
import { RedisProcess, freePort, redisMissing } from '../store/redis-server.js';
import { REPLICA_NODE_OPTIONS } from '../../../src/cli/serve.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BUILT_CLI = join(ROOT, 'dist/cli/index.js');
const NGINX = process.env.RECOPS_NGINX ?? '/usr/sbin/nginx';

/** Small data per pack: seconds to build and train; two seeds give two versions that differ. */
const SMALL: Record<string, Record<string, string>> = {
  movies: { rows: '300' },
  steam: { scale: '0.01' },
  streaming: { ratings: '30000' },
};

function nginxMissing(): string | null {
  if (existsSync(NGINX)) return null;
  const why = `no nginx at ${NGINX}: install Debian's nginx (apt-get install -y nginx) or set RECOPS_NGINX`;
  if (process.env.RECOPS_REQUIRE_REDIS === '1') throw new Error(`RECOPS_REQUIRE_REDIS=1 but ${why}`);
  process.stderr.write(`\n*** SKIPPED: the scale-out test needs a real nginx; ${why} ***\n\n`);
  return why;
}

const skip = redisMissing() ?? nginxMissing() ?? (existsSync(BUILT_CLI) ? null : `${BUILT_CLI} is missing: run npm run build`);
const storePacks: Pack[] = PACKS.filter((p) => p.store);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HOST|PORT|RECOPS_)/.test(k)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tmp = tempDir('recops-replicas-');
let redis: RedisProcess;
const dbs: Record<'a' | 'b', { pack: Pack; db: string }[]> = { a: [], b: [] };

/** `recops serve --store` from the built CLI, on a port of its own. */
class Replica {
  child: ChildProcess | null = null;
  log = '';
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.log = '';
    // as deployed (docker-compose.yml): the replica's heap flags are part of what is under test here
    const child = spawn(process.execPath, [BUILT_CLI, 'serve', '--store', redis.url, '--port', String(this.port), '--host', '127.0.0.1', '--no-web', '--no-log', '--poll', '0'], { env: { ...env, NODE_OPTIONS: REPLICA_NODE_OPTIONS }, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr!.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 60_000;
    while (!/listening on/.test(this.log)) {
      assert.ok(Date.now() < deadline && child.exitCode === null, `replica on ${this.port} did not start: ${this.log}`);
      await sleep(50);
    }
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.kill(signal);
    await new Promise((r) => child.once('exit', r));
  }

  async health(): Promise<{ status: string; store: { reachable: boolean; packs: Record<string, { version: string | null }> } }> {
    return (await fetch(`${this.url}/health`)).json() as never;
  }
}

const replicas: Replica[] = [];
let urls: string[] = [];

const versions = async (r: Replica) => Object.fromEntries(Object.entries((await r.health()).store.packs).map(([p, v]) => [p, v.version]));

/** Waits until every replica serves another version of every store-served pack than `was`. */
async function allSwitchedFrom(was: Record<string, string | null>, withinMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const now = await Promise.all(replicas.map(versions));
    if (now.every((v) => storePacks.every((p) => v[p.name] && v[p.name] !== was[p.name]))) return;
    assert.ok(Date.now() - started < withinMs, `the replicas switched within ${withinMs} ms: ${JSON.stringify(now)}`);
    await sleep(20);
  }
}
let nginx: ChildProcess | null = null;
let nginxErr = '';
let front = '';

/** The deployment's config with its replicas' names and its port pointed at loopback. */
function siteConfig(port: number): string {
  const text = readFileSync(join(ROOT, 'deploy/nginx-replicas.conf'), 'utf8');
  const servers = [...text.matchAll(/^\s*server replica-\d+:8000\b.*$/gm)];
  assert.equal(servers.length, replicas.length, 'deploy/nginx-replicas.conf lists three replicas');
  let site = text;
  servers.forEach((m, i) => (site = site.replace(m[0], m[0].replace(/replica-\d+:8000/, `127.0.0.1:${replicas[i].port}`))));
  site = site.replace('listen 80;', `listen 127.0.0.1:${port};`);
  assert.ok(!/replica-\d|listen 80;/.test(site), 'every name and the port were replaced');
  return site;
}

/** `recops publish` of every store-served pack's warehouse `which`, the built CLI, one after the other. */
async function publish(which: 'a' | 'b'): Promise<void> {
  for (const { pack, db } of dbs[which]) {
    const child = spawn(process.execPath, [BUILT_CLI, 'publish', pack.name, '--db', db, '--store', redis.url], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 0, `publish ${pack.name}: ${err}`);
  }
}

before(async () => {
  if (skip) return;
  for (const pack of storePacks) {
    for (const [which, seed] of [['a', '7'], ['b', '8']] as const) {
      const dir = join(tmp.dir, which, pack.name);
      mkdirSync(dir, { recursive: true });
      dbs[which].push({ pack, db: await demoWarehouse(pack, { ...(SMALL[pack.name] ?? {}), seed }, dir, { train: true }) });
    }
  }
  redis = new RedisProcess(await freePort(), tmp.dir);
  await redis.start();
  // the second data set first, so that the URLs below name what both versions hold
  await publish('b');
  for (let i = 0; i < 3; i++) replicas.push(new Replica(await freePort()));
  for (const r of replicas) await r.start();
  urls = await loadUrls();
  const was = await versions(replicas[0]);
  await publish('a');
  await allSwitchedFrom(was, 10_000);
  urls = [...new Set([...urls, ...(await loadUrls())])];
  const port = await freePort();
  front = `http://127.0.0.1:${port}`;
  writeFileSync(join(tmp.dir, 'site.conf'), siteConfig(port));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(tmp.dir, t)};`).join(' ');
  // keepalive_requests: nginx closes a client connection after 1,000 requests by default, and
  // autocannon, writing its next request at that moment, then credits each later answer on that
  // connection to the request before it; with no such closes, every answer is the one asked for
  writeFileSync(join(tmp.dir, 'nginx.conf'), `pid ${join(tmp.dir, 'nginx.pid')}; error_log ${join(tmp.dir, 'error.log')} warn; daemon off; worker_processes 1; events {} http { access_log off; keepalive_requests 1000000; ${temp} include ${join(tmp.dir, 'site.conf')}; }`);
  nginx = spawn(NGINX, ['-p', tmp.dir, '-c', join(tmp.dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx.stderr!.on('data', (d) => (nginxErr += d));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${front}/health`)).ok) break;
    } catch {
      assert.ok(i < 200 && nginx.exitCode === null, `nginx did not start: ${nginxErr}`);
      await sleep(50);
    }
  }
});

after(async () => {
  nginx?.kill('SIGQUIT');
  if (nginx && nginx.exitCode === null) await new Promise((r) => nginx!.once('exit', r));
  for (const r of replicas) await r.kill('SIGTERM');
  await redis?.kill({ save: false });
  tmp.cleanup();
});

/**
 * What the load asks, for every store-served pack: each GET route of its OpenAPI document (the
 * models' routes aside), path parameters filled with names its autocomplete gives (so answers
 * come from the store) and with an unknown name (a 404 with suggestions, from the local part).
 */
async function loadUrls(): Promise<string[]> {
  const doc = (await (await fetch(`${replicas[0].url}/docs/json`)).json()) as { paths: Record<string, Record<string, { tags?: string[]; parameters?: { name: string; in: string; description?: string }[] }>> };
  const urls: string[] = [];
  for (const pack of storePacks) {
    const suggest = doc.paths[`/suggest/${pack.name}/{kind}`]?.get;
    const kinds = (suggest?.parameters?.find((p) => p.name === 'kind')?.description ?? '').split(',').map((k) => k.trim()).filter(Boolean);
    const names: string[] = [];
    for (const kind of kinds) {
      urls.push(`/suggest/${pack.name}/${encodeURIComponent(kind)}?q=a`);
      const body = (await (await fetch(`${replicas[0].url}/suggest/${pack.name}/${encodeURIComponent(kind)}?n=2`)).json()) as { suggestions: string[] };
      names.push(...body.suggestions);
    }
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      if (!op?.tags?.includes(pack.name) || path.startsWith('/models') || path.startsWith('/suggest')) continue;
      const params = path.match(/\{[^}]+\}/g) ?? [];
      if (!params.length) {
        urls.push(path);
        continue;
      }
      for (const value of [...names.slice(0, 4), 'zz unknown name']) urls.push(params.reduce((p, name) => p.replace(name, encodeURIComponent(value)), path));
    }
  }
  assert.ok(urls.length >= 10, `enough URLs to load: ${urls.join(' ')}`);
  return urls;
}

interface Seen {
  url: string;
  status: number;
  etag: string | undefined;
  body: string;
}

/**
 * autocannon through nginx over `urls` while `during` runs; every answer kept
 * (status, ETag, body). Failed: a transport error, a timeout, or a 5xx.
 */
async function underLoad(urls: string[], during: () => Promise<void>): Promise<{ seen: Seen[]; result: autocannon.Result; errors: string[] }> {
  const seen: Seen[] = [];
  const errors: string[] = [];
  const run = autocannon({
    url: front,
    connections: 8,
    duration: 60,
    timeout: 5,
    requests: urls.map((url) => ({ method: 'GET' as const, path: url, onResponse: (status: number, body: string, _ctx: unknown, headers?: { etag?: string | string[] }) => void seen.push({ url, status, etag: headers?.etag?.toString(), body }) })),
  });
  (run as unknown as NodeJS.EventEmitter).on('reqError', (err: Error) => errors.push(err.message));
  await during().finally(() => (run as unknown as { stop(): void }).stop());
  const result = await run;
  return { seen, result, errors };
}

const nginxLog = () => {
  try {
    return readFileSync(join(tmp.dir, 'error.log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
};

function assertNoFailure(label: string, { seen, result, errors }: { seen: Seen[]; result: autocannon.Result; errors: string[] }): void {
  const failed = seen.filter((s) => s.status >= 500);
  assert.equal(result.errors, 0, `${label}: transport errors (${[...new Set(errors)].join('; ')}); nginx said: ${nginxLog()}`);
  assert.equal(result.timeouts, 0, `${label}: timeouts`);
  assert.deepEqual(failed.slice(0, 3).map((s) => `${s.status} ${s.url} ${s.body.slice(0, 200)}`), [], `${label}: 5xx answers (${failed.length})`);
  assert.ok(seen.length > 100, `${label}: enough requests answered (${seen.length})`);
}

/** Each URL's answer, straight from a replica: status, ETag, body. */
async function snapshot(urls: string[], base: string): Promise<Map<string, { status: number; etag: string | null; body: string }>> {
  const out = new Map<string, { status: number; etag: string | null; body: string }>();
  for (const url of urls) {
    const res = await fetch(base + url);
    out.set(url, { status: res.status, etag: res.headers.get('etag'), body: await res.text() });
  }
  return out;
}

let answersA: Map<string, { status: number; etag: string | null; body: string }>;

test('nginx over three replicas: one killed under load, no request fails', { skip: skip ?? false }, async () => {
  answersA = await snapshot(urls, replicas[0].url);
  assert.ok([...answersA.values()].some((a) => a.status === 200), 'some answers are 200s');
  const load = await underLoad(urls, async () => {
    await sleep(1500);
    await replicas[1].kill('SIGKILL');
    await sleep(2500);
  });
  assertNoFailure('replica killed', load);
  const { seen } = load;
  // every answer is the one the live version gives
  for (const s of seen) assert.equal(s.body, answersA.get(s.url)!.body, s.url);
  // the killed replica's place is taken again, as an orchestrator would
  await replicas[1].start();
});

test('a version published under load: no request fails, every replica switches within 2 s, no answer mixes versions', { skip: skip ?? false }, async () => {
  let flipped = 0;
  let allSwitched = 0;
  const was = await versions(replicas[0]);
  const load = await underLoad(urls, async () => {
    await sleep(1000);
    await publish('b');
    flipped = Date.now();
    await allSwitchedFrom(was, 10_000);
    allSwitched = Date.now();
    // answers of the new version under load too
    await sleep(1000);
  });
  assertNoFailure('publish', load);
  const { seen } = load;
  assert.ok(allSwitched - flipped <= 2000, `every replica on the new version ${allSwitched - flipped} ms after the publish (goal ≤ 2000)`);
  const answersB = await snapshot(urls, replicas[2].url);
  const changed = urls.filter((u) => answersA.get(u)!.body !== answersB.get(u)!.body);
  assert.ok(changed.length >= urls.length / 4, `the two versions answer differently (${changed.length} of ${urls.length} URLs)`);
  const tagA = [...answersA.values()].find((a) => a.etag)!.etag!;
  const tagB = [...answersB.values()].find((a) => a.etag)!.etag!;
  assert.notEqual(tagA, tagB, 'a new version has a new ETag');
  let fromA = 0;
  let fromB = 0;
  // the packs are published one after the other, so the server's ETag (every served version)
  // also takes the values in between (the first pack new, the others not yet): one ETag still
  // names one body per URL, and the first and last ETags name the first and last answers
  const bodyOfTag = new Map<string, string>();
  for (const s of seen) {
    const [a, b] = [answersA.get(s.url)!, answersB.get(s.url)!];
    const which = s.body === a.body ? 'first' : s.body === b.body ? 'second' : 'neither';
    assert.ok(s.body === a.body || s.body === b.body, `${s.url}: the body is one version's whole answer (${s.body.slice(0, 200)})`);
    if (s.etag) {
      // the ETag names the version the body came from: a client revalidating it gets that version's answer
      if (s.etag === a.etag || s.etag === b.etag) assert.equal(s.body, s.etag === a.etag ? a.body : b.body, `${s.url}: the body is the version its ETag names (ETag ${s.etag === a.etag ? 'first' : 'second'}, body ${which})`);
      const key = `${s.url}\n${s.etag}`;
      const known = bodyOfTag.get(key);
      if (known === undefined) bodyOfTag.set(key, s.body);
      else assert.equal(s.body, known, `${s.url}: one ETag (${s.etag}), two bodies`);
    }
    if (a.body !== b.body) s.body === a.body ? fromA++ : fromB++;
  }
  assert.ok(fromA > 0 && fromB > 0, `the load saw both versions (${fromA} answers of the first, ${fromB} of the second)`);
});

test('Redis stopped: the store routes answer 503 saying so and /health says degraded; Redis back: served again, no restart', { skip: skip ?? false }, async () => {
  // a route read from the store (autocomplete is answered from the replica's local names)
  const now = await snapshot(urls.filter((u) => !u.startsWith('/suggest/')), replicas[0].url);
  const [url, { body: expected }] = [...now].find(([, a]) => a.status === 200)!;
  const pids = replicas.map((r) => r.child!.pid);
  await redis.kill({ save: true });
  for (const r of replicas) {
    const deadline = Date.now() + 5000;
    let res = await fetch(r.url + url);
    while (res.status !== 503 && Date.now() < deadline) {
      await sleep(50);
      res = await fetch(r.url + url);
    }
    assert.equal(res.status, 503, `${r.url}${url} while Redis is down`);
    assert.match(((await res.json()) as { message: string }).message, /the shared store redis:\/\/127\.0\.0\.1:\d+ is unreachable: .*reconnects by itself, retry shortly/);
    const health = await r.health();
    assert.equal(health.status, 'degraded');
    assert.equal(health.store.reachable, false);
  }
  // through nginx too: every replica says the same, and the client gets that answer
  const through = await fetch(front + url);
  assert.equal(through.status, 503);
  assert.match(((await through.json()) as { message: string }).message, /is unreachable/);
  await redis.start();
  const deadline = Date.now() + 15_000;
  for (const base of [...replicas.map((r) => r.url), front]) {
    for (;;) {
      const res = await fetch(base + url);
      if (res.status === 200) {
        assert.equal(await res.text(), expected, `${base}${url} answers as before`);
        break;
      }
      assert.ok(Date.now() < deadline, `${base}${url} answered again within 15 s of Redis's return (last: ${res.status})`);
      await sleep(100);
    }
  }
  for (const r of replicas) assert.equal((await r.health()).status, 'ok');
  assert.deepEqual(
    replicas.map((r) => r.child!.pid),
    pids,
    'no replica restarted',
  );
});
