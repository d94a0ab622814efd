/**
 * The server behind the deployment's own nginx config (deploy/nginx.conf, upstream and port
 * pointed at loopback), real nginx: the client address the rate limit counts is the one nginx
 * saw, so a client cannot buy a fresh budget by sending its own x-forwarded-for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { buildApp } from '../../../src/core/server/app.js';
import { LiveServer } from '../../../src/core/server/live.js';
import { tempDir } from '../../helpers.js';

const NGINX = process.env.RECOPS_NGINX ?? '/usr/sbin/nginx';
const skip = existsSync(NGINX) ? false : `no nginx at ${NGINX} (apt-get install nginx, or set RECOPS_NGINX)`;

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });

/** A GET from a loopback address of its own (Linux answers all of 127/8): a client of nginx. */
const request = (localAddress: string, url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((done, fail) =>
    get(url, { localAddress, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
    }).on('error', fail),
  );

test('behind deploy/nginx.conf: rate limits count the client nginx saw, not a forged x-forwarded-for', { skip }, async () => {
  const tmp = tempDir('recops-nginx-');
  // as in docker-compose.yml, the whole network is trusted (there 'uniquelocal', here 'loopback'),
  // clients included (127.0.0.2, 127.0.0.3): nginx replacing x-forwarded-for is what protects
  const live = await LiveServer.start({ build: () => buildApp({ packs: [], webDir: false, trustProxy: 'loopback', security: { rateLimit: 3 } }), dbs: [] });
  await new Promise<void>((done) => live.server.listen(0, '127.0.0.1', () => done()));
  const upstream = (live.server.address() as AddressInfo).port;
  const port = await freePort();
  const site = readFileSync(resolve(import.meta.dirname, '../../../deploy/nginx.conf'), 'utf8').replace('server api:8000;', `server 127.0.0.1:${upstream};`).replace('listen 80;', `listen 127.0.0.1:${port};`);
  assert.ok(site.includes(`127.0.0.1:${upstream}`) && site.includes(`127.0.0.1:${port}`), 'the config names its upstream and port as expected');
  writeFileSync(join(tmp.dir, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(tmp.dir, t)};`).join(' ');
  writeFileSync(join(tmp.dir, 'nginx.conf'), `pid ${join(tmp.dir, 'nginx.pid')}; error_log ${join(tmp.dir, 'error.log')}; daemon off; events {} http { access_log off; ${temp} include ${join(tmp.dir, 'site.conf')}; }`);
  const nginx = spawn(NGINX, ['-p', tmp.dir, '-c', join(tmp.dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let nginxErr = '';
  nginx.stderr.on('data', (d) => (nginxErr += d));
  try {
    const health = `http://127.0.0.1:${port}/health`;
    for (let i = 0; ; i++) {
      try {
        await request('127.0.0.2', health, { 'x-forwarded-for': '203.0.113.1' });
        break;
      } catch {
        assert.ok(i < 100 && nginx.exitCode === null, `nginx did not start: ${nginxErr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // the first request above counted; each of these claims another address
    const statuses = [];
    for (const forged of ['203.0.113.2', '203.0.113.3', '203.0.113.4']) statuses.push((await request('127.0.0.2', health, { 'x-forwarded-for': forged })).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    const limited = await request('127.0.0.2', health);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // the answer through the proxy keeps the server's headers and error shape
    assert.equal(limited.headers['x-frame-options'], 'DENY');
    assert.equal(JSON.parse(limited.body).error, 'Too Many Requests');
    // another client of nginx has its own budget: the server reads the address nginx appended
    assert.equal((await request('127.0.0.3', health)).status, 200);
  } finally {
    nginx.kill('SIGQUIT');
    await new Promise((r) => (nginx.exitCode === null ? nginx.once('exit', r) : r(null)));
    await live.close();
    tmp.cleanup();
  }
});
