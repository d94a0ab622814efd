/**
 * The public-facing layer around the routes (security.ts, app.ts): headers on every answer,
 * CORS, API keys, rate limits, compression, build-id ETags, and strict bodies. On a small
 * movies warehouse; a real server on loopback where the socket matters (the hot swap).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildApp, type AppOptions } from '../../../src/core/server/app.js';
import { LiveServer } from '../../../src/core/server/live.js';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { clientNetwork, keyChecker, parseApiKeys, parseOrigins, rateLimitCounts } from '../../../src/core/server/security.js';
import { registerPriceRoutes } from '../../../src/packs/steam/price-routes.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { silent, tempDir } from '../../helpers.js';

const tmp = tempDir();
const db = join(tmp.dir, 'movies.duckdb');
const raw = join(tmp.dir, 'raw');
const webDir = join(tmp.dir, 'web');
const KEY = 'k1-0123456789abcdef';
const OTHER = 'k2-fedcba9876543210';
let title = '';

before(async () => {
  await moviesPack.synth.generate(raw, { rows: '300', seed: '4' }, silent);
  await ingestPack(moviesPack, { from: raw, db, log: silent });
  const app = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false });
  title = (await app.inject('/suggest/movies/title?q=&n=1')).json().suggestions[0];
  await app.close();
  mkdirSync(join(webDir, 'assets'), { recursive: true });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app-1.js"></script>');
  writeFileSync(join(webDir, 'assets/app-1.js'), 'console.log(1)');
});
after(() => tmp.cleanup());

async function withApp(opts: Partial<AppOptions>, fn: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<void>): Promise<void> {
  const app = await buildApp({ packs: [{ pack: moviesPack, db }], webDir, ...opts });
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

const similar = () => `/score_titulo/${encodeURIComponent(title)}`;

test('security headers on every answer: JSON, errors, the web app and the API docs', async () => {
  await withApp({}, async (app) => {
    for (const url of ['/health', similar(), '/no/such/route', '/suggest/movies/nope?q=a', '/', '/assets/app-1.js', '/docs/json', '/docs']) {
      const res = await app.inject({ url });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /object-src 'none'/, url);
      // no page of ours may run inline or injected scripts
      assert.ok(!/script-src[^;]*'unsafe-inline'/.test(csp), `${url}: ${csp}`);
    }
  });
});

test("a client's x-request-id is kept when it looks like an id, replaced when it is long or odd", async () => {
  await withApp({}, async (app) => {
    assert.equal((await app.inject({ url: '/health', headers: { 'x-request-id': 'trace-42/a.b' } })).headers['x-request-id'], 'trace-42/a.b');
    for (const odd of ['x'.repeat(129), 'has space', '"quoted"\u0007', '']) {
      assert.match(String((await app.inject({ url: '/health', headers: { 'x-request-id': odd } })).headers['x-request-id']), /^[0-9a-f-]{36}$/, odd.slice(0, 20));
    }
  });
});

test('CORS is off by default; --cors names the origins a browser may call from (preflight and simple requests)', async () => {
  const preflight = { method: 'OPTIONS' as const, url: similar(), headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } };
  await withApp({}, async (app) => {
    const simple = await app.inject({ url: similar(), headers: { origin: 'https://app.example.com' } });
    assert.equal(simple.statusCode, 200);
    assert.equal(simple.headers['access-control-allow-origin'], undefined);
    const pre = await app.inject(preflight);
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
  });
  await withApp({ security: { cors: parseOrigins(['https://app.example.com', 'http://localhost:5173']) } }, async (app) => {
    const pre = await app.inject(preflight);
    assert.equal(pre.statusCode, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.match(String(pre.headers['access-control-allow-methods']), /GET/);
    assert.match(String(pre.headers['access-control-allow-headers']), /authorization/);
    const simple = await app.inject({ url: similar(), headers: { origin: 'http://localhost:5173' } });
    assert.equal(simple.statusCode, 200);
    assert.equal(simple.headers['access-control-allow-origin'], 'http://localhost:5173');
    assert.match(String(simple.headers['vary']), /origin/i);
    const stranger = await app.inject({ url: similar(), headers: { origin: 'https://evil.example.net' } });
    assert.equal(stranger.headers['access-control-allow-origin'], undefined);
    const strangerPre = await app.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example.net' } });
    assert.equal(strangerPre.headers['access-control-allow-origin'], undefined);
  });
  assert.throws(() => parseOrigins(['https://app.example.com/path']), /not an origin.*https:\/\/app\.example\.com/);
  assert.throws(() => parseOrigins(['app.example.com']), /scheme:\/\/host/);
});

test('API keys: the operator routes need one (401 saying how to send it, 403 for a wrong one), /health hides its details, public routes stay open', async () => {
  await withApp({ security: { apiKeys: [KEY, OTHER] } }, async (app) => {
    for (const url of ['/metrics', '/models/movies']) {
      const none = await app.inject({ url });
      assert.equal(none.statusCode, 401, url);
      assert.equal(none.json().error, 'Unauthorized');
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      assert.match(none.json().message, /Authorization: Bearer KEY.*x-api-key: KEY/);
      const wrong = await app.inject({ url, headers: { authorization: `Bearer ${KEY}x` } });
      assert.equal(wrong.statusCode, 403, url);
      assert.equal(wrong.json().error, 'Forbidden');
      assert.ok(!wrong.body.includes(KEY), 'the key is not echoed');
      assert.equal((await app.inject({ url, headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200, url);
      assert.equal((await app.inject({ url, headers: { 'x-api-key': OTHER } })).statusCode, 200, url);
      // a key of another length, and the right key in a scheme that is not Bearer
      assert.equal((await app.inject({ url, headers: { 'x-api-key': 'short' } })).statusCode, 403);
      assert.equal((await app.inject({ url, headers: { authorization: `Basic ${KEY}` } })).statusCode, 401);
    }
    const open = await app.inject('/health');
    assert.equal(open.statusCode, 200);
    assert.deepEqual(Object.keys(open.json()).sort(), ['status', 'version']);
    const full = await app.inject({ url: '/health', headers: { 'x-api-key': KEY } });
    assert.equal(full.json().packs.movies.db, db);
    assert.equal((await app.inject(similar())).statusCode, 200);
    assert.equal((await app.inject('/')).statusCode, 200);
  });
  // without keys, everything is open as before
  await withApp({}, async (app) => {
    assert.equal((await app.inject('/metrics')).statusCode, 200);
    assert.equal((await app.inject('/health')).json().packs.movies.db, db);
  });
});

test('--require-key: every route needs a key but the web app files and /health (status only)', async () => {
  await withApp({ security: { apiKeys: [KEY], requireKey: true } }, async (app) => {
    for (const url of [similar(), '/docs/json', '/suggest/movies/title?q=a', '/metrics']) {
      assert.equal((await app.inject(url)).statusCode, 401, url);
      const ok = await app.inject({ url, headers: { authorization: `bearer ${KEY}` } });
      assert.equal(ok.statusCode, 200, url);
    }
    // answers for a key holder are not for shared caches
    assert.match(String((await app.inject({ url: similar(), headers: { 'x-api-key': KEY } })).headers['cache-control']), /private/);
    for (const url of ['/', '/assets/app-1.js']) assert.equal((await app.inject(url)).statusCode, 200, url);
    assert.deepEqual(Object.keys((await app.inject('/health')).json()).sort(), ['status', 'version']);
  });
  await assert.rejects(buildApp({ packs: [], webDir: false, security: { requireKey: true } }), /--require-key needs API keys/);
});

test('keys are compared whole and never logged', async () => {
  const check = keyChecker([KEY, OTHER]);
  assert.ok(check(KEY) && check(OTHER) && check(KEY) !== check(OTHER));
  for (const wrong of ['', KEY.slice(0, -1), `${KEY} `, KEY.toUpperCase(), `${KEY}${OTHER}`]) assert.equal(check(wrong), null, wrong);
  assert.throws(() => parseApiKeys('abc,0123456789abcdef', 'RECOPS_API_KEYS'), /#1 in RECOPS_API_KEYS is 3 characters long/);
  assert.deepEqual(parseApiKeys(`# ops\n${KEY}\n\n${OTHER}\n`, 'file'), [KEY, OTHER]);

  const lines: string[] = [];
  await withApp({ security: { apiKeys: [KEY] }, logger: { stream: { write: (l: string) => void lines.push(l) } } }, async (app) => {
    await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${KEY}` } });
    await app.inject({ url: '/metrics', headers: { 'x-api-key': KEY } });
    await app.inject({ url: '/metrics', headers: { 'x-api-key': `${KEY}-wrong` } });
    app.log.info({ headers: { authorization: `Bearer ${KEY}`, 'x-api-key': KEY } }, 'a line that prints headers');
  });
  const log = lines.join('');
  assert.equal(lines.filter((l) => /"msg":"request"/.test(l)).length, 3, log);
  assert.match(log, /\[redacted\]/);
  assert.ok(!log.includes(KEY), 'a key reached the log');
});

test('rate limit: 429 with retry-after past N a minute per address; a valid key has its own budget', async () => {
  await withApp({ security: { rateLimit: 3, apiKeys: [KEY] } }, async (app) => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.inject(similar())).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await app.inject('/no/such/route');
    assert.equal(limited.statusCode, 429, 'unknown paths count too');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(limited.json().error, 'Too Many Requests');
    assert.match(limited.json().message, /at most 3 a minute.*retry in \d+ s/);
    // a wrong key counts against the address; a valid one does not
    assert.equal((await app.inject({ url: similar(), headers: { 'x-api-key': `${KEY}x` } })).statusCode, 429);
    assert.equal((await app.inject({ url: similar(), headers: { 'x-api-key': KEY } })).statusCode, 200);
    // another client address has its own budget; the web app's files are not counted
    assert.equal((await app.inject({ url: similar(), remoteAddress: '10.0.0.7' })).statusCode, 200);
    assert.equal((await app.inject('/assets/app-1.js')).statusCode, 200);
    // an IPv6 client is one /64: another address in it shares the budget
    for (let i = 0; i < 3; i++) assert.equal((await app.inject({ url: similar(), remoteAddress: `2001:db8:1:2::${i + 1}` })).statusCode, 200);
    assert.equal((await app.inject({ url: similar(), remoteAddress: '2001:db8:1:2:ffff::9' })).statusCode, 429);
    assert.equal((await app.inject({ url: similar(), remoteAddress: '2001:db8:1:3::1' })).statusCode, 200);
  });
  assert.equal(clientNetwork('2001:DB8:0:12::7'), '2001:db8:0:12::/64');
  assert.equal(clientNetwork('::1'), '0:0:0:0::/64');
  assert.equal(clientNetwork('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(clientNetwork('::ffff:10.1.2.3'), '10.1.2.3');
  assert.equal(clientNetwork('10.1.2.3'), '10.1.2.3');
  // off by default
  await withApp({}, async (app) => {
    for (let i = 0; i < 10; i++) assert.equal((await app.inject(similar())).statusCode, 200);
  });
  // the counts of a live server outlive a hot swap (each new app is given the same ones)
  const counts = rateLimitCounts();
  const live = await LiveServer.start({ build: () => buildApp({ packs: [], webDir: false, security: { rateLimit: 2, rateLimitCounts: counts } }), dbs: [] });
  try {
    assert.deepEqual([(await live.app.inject('/health')).statusCode, (await live.app.inject('/health')).statusCode], [200, 200]);
    assert.equal(await live.reload(), true);
    assert.equal((await live.app.inject('/health')).statusCode, 429);
  } finally {
    await live.close();
  }
});

test('JSON and text answers are compressed (br, gzip) to the same bytes', async () => {
  await withApp({}, async (app) => {
    for (const url of ['/docs/json', '/metrics']) {
      const plain = await app.inject({ url });
      assert.equal(plain.headers['content-encoding'], undefined);
      const br = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(br.headers['content-encoding'], 'br');
      const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.match(String(br.headers.vary), /accept-encoding/i);
      if (url === '/docs/json') {
        assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
        assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
      } else {
        // the counters move between scrapes: the same series names
        const names = (t: string) => t.split('\n').filter((l) => l.startsWith('# TYPE')).join('\n');
        assert.equal(names(gunzipSync(gz.rawPayload).toString()), names(plain.body));
      }
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 4, `${url}: ${plain.rawPayload.length} B → br ${br.rawPayload.length} B, gzip ${gz.rawPayload.length} B`);
      console.log(`# ${url}: ${plain.rawPayload.length} B, br ${br.rawPayload.length} B, gzip ${gz.rawPayload.length} B`);
    }
  });
});

test('ETag from the build id: 304 on a match, per encoding; no ETag on per-request answers; a new warehouse under a live server, a new ETag', async () => {
  const live = await LiveServer.start({ build: () => buildApp({ packs: [{ pack: moviesPack, db }], webDir }), dbs: [db] });
  await new Promise<void>((done) => live.server.listen(0, '127.0.0.1', () => done()));
  const base = `http://127.0.0.1:${(live.server.address() as AddressInfo).port}`;
  try {
    const first = await fetch(base + similar(), { headers: { 'accept-encoding': 'identity' } });
    const body = await first.text();
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[\w-]{22}"$/);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    const again = await fetch(base + similar(), { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    assert.equal(again.headers.get('etag'), etag);
    // the same build, another route: the same validator (the build, not the body, is what changes)
    const other = await fetch(`${base}/suggest/movies/title?q=a`, { headers: { 'if-none-match': etag } });
    assert.equal(other.status, 304);
    // a compressed answer names its encoding and revalidates too
    const docs = await fetch(`${base}/docs/json`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(docs.headers.get('etag'), etag.replace(/"$/, '-gzip"'));
    assert.equal((await fetch(`${base}/docs/json`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': docs.headers.get('etag')! } })).status, 304);
    // not a match: the whole answer
    const stale = await fetch(base + similar(), { headers: { 'if-none-match': '"something-else"', 'accept-encoding': 'identity' } });
    assert.equal(stale.status, 200);
    assert.equal(await stale.text(), body);
    // answers read per request carry no build ETag
    for (const url of ['/health', '/metrics', '/models/movies']) {
      const res = await fetch(base + url);
      assert.equal(res.headers.get('etag'), null, url);
      assert.equal((await fetch(base + url, { headers: { 'if-none-match': etag } })).status, 200, url);
    }
    assert.equal((await fetch(`${base}/health`)).headers.get('cache-control'), 'no-store');
    // errors are not cached
    for (const url of ['/score_titulo/no%20such%20movie%20at%20all', '/no/such/route']) assert.equal((await fetch(base + url)).headers.get('cache-control'), 'no-store', url);

    // a new warehouse (same data, a new build) goes live: the old ETag no longer matches
    await ingestPack(moviesPack, { from: raw, db, log: silent });
    assert.equal(await live.reload(), true);
    const after = await fetch(base + similar(), { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' } });
    assert.equal(after.status, 200);
    const newTag = after.headers.get('etag')!;
    assert.notEqual(newTag, etag);
    assert.equal(await after.text(), body);
    assert.equal((await fetch(base + similar(), { headers: { 'if-none-match': newTag, 'accept-encoding': 'identity' } })).status, 304);
  } finally {
    await live.close();
  }
});

test('bodies: no type coercion (a 400 naming the field), 415 for a non-JSON body, 413 stating the limit; params and queries still coerced', async () => {
  // the price route's warehouse needs only the two tables it reads at registration
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run('CREATE TABLE item_names (item_id VARCHAR); CREATE TABLE games (item_id VARCHAR)');
  const app = await buildApp({ packs: [], webDir: false });
  try {
    await registerPriceRoutes(app, { path: ':memory:', instance, conn, close: () => {} }, null);
    app.post<{ Params: { n: number }; Querystring: { k?: number }; Body: { m: number } }>(
      '/typed/:n',
      { schema: { params: { type: 'object', properties: { n: { type: 'integer' } } }, querystring: { type: 'object', properties: { k: { type: 'integer' } } }, body: { type: 'object', properties: { m: { type: 'integer' } } } } },
      async (req) => ({ n: req.params.n, k: req.query.k, m: req.body.m }),
    );
    const post = (payload: string, contentType = 'application/json') => app.inject({ method: 'POST', url: '/prediccion_precio', payload, headers: { 'content-type': contentType } });
    const good = { title: 'A game', genres: ['Action'], early_access: false, release_year: 2016 };
    // valid: through validation to the handler (no model trained here: 503 saying how to train)
    assert.equal((await post(JSON.stringify(good))).statusCode, 503);
    for (const [field, value] of [['early_access', 'false'], ['release_year', '2016'], ['genres', 'Action'], ['title', 5]] as const) {
      const res = await post(JSON.stringify({ ...good, [field]: value }));
      assert.equal(res.statusCode, 400, `${field}: ${JSON.stringify(value)}`);
      assert.match(res.json().message, new RegExp(`body/${field}`));
    }
    const text = await post('title=A game', 'text/plain');
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().error, 'Unsupported Media Type');
    assert.match(text.json().message, /accepts a JSON body \(content-type: application\/json\).*'text\/plain'/);
    const big = await post(JSON.stringify({ ...good, title: 'x'.repeat(2 << 20) }));
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error, 'Payload Too Large');
    assert.match(big.json().message, /at most 1048576 bytes \(1 MB\)/);
    const broken = await post('{"title": "A game", ');
    assert.equal(broken.statusCode, 400);
    assert.match(broken.json().message, /not valid JSON/);

    const typed = await app.inject({ method: 'POST', url: '/typed/5?k=7', payload: { m: 3 } });
    assert.deepEqual(typed.json(), { n: 5, k: 7, m: 3 });
    assert.equal((await app.inject({ method: 'POST', url: '/typed/5?k=7', payload: { m: '3' } })).statusCode, 400);
  } finally {
    await app.close();
    conn.closeSync();
    instance.closeSync();
  }
});
