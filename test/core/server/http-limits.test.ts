/**
 * The listening server's limits, on a real socket on loopback: a client that trickles its
 * headers, one that stays idle, too many connections, and requests Node's parser refuses.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../../src/core/server/app.js';
import { LiveServer } from '../../../src/core/server/live.js';
import type { HttpLimits } from '../../../src/core/server/http-limits.js';

async function start(limits: Partial<HttpLimits>): Promise<{ live: LiveServer; port: number }> {
  const live = await LiveServer.start({ build: () => buildApp({ packs: [], webDir: false }), dbs: [], limits });
  await new Promise<void>((done) => live.server.listen(0, '127.0.0.1', () => done()));
  return { live, port: (live.server.address() as AddressInfo).port };
}

/** A raw socket: what it received, and when it was closed (ms after it connected). */
function rawSocket(port: number): { socket: Socket; received: () => string; closed: Promise<number> } {
  const socket = connect(port, '127.0.0.1');
  const opened = Date.now();
  let data = '';
  socket.on('data', (d) => (data += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - opened)));
  return { socket, received: () => data, closed };
}

const headersOf = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n')).toLowerCase();
const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

let server: { live: LiveServer; port: number };
before(async () => {
  server = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 400, idleTimeoutMs: 5000, maxConnections: 50 });
});
after(async () => server.live.close());

test('a client trickling its headers one byte a second is answered 408 and closed within the headers timeout', async () => {
  const { socket, received, closed } = rawSocket(server.port);
  const request = 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(100);
  let i = 0;
  socket.write(request[i++]);
  const trickle = setInterval(() => socket.writable && socket.write(request[i++]), 1000);
  try {
    const ms = await closed;
    // the deadline is 1 s; Node looks for expired sockets every 250 ms here
    assert.ok(ms >= 900 && ms < 2000, `closed after ${ms} ms`);
    assert.ok(i <= 2, `${i} bytes were sent before the close`);
    assert.match(received(), /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.deepEqual(Object.keys(bodyOf(received())).sort(), ['error', 'message', 'statusCode']);
    assert.equal(bodyOf(received()).error, 'Request Timeout');
  } finally {
    clearInterval(trickle);
  }
});

test('an idle keep-alive connection is closed after the keep-alive timeout, a busy one is not', async () => {
  const { socket, received, closed } = rawSocket(server.port);
  socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => setTimeout(r, 200));
  assert.match(received(), /^HTTP\/1\.1 200 OK/);
  assert.match(headersOf(received()), /connection: keep-alive/);
  // a second request inside the timeout keeps it open
  socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
  const second = Date.now();
  const ms = await closed;
  const afterLast = Date.now() - second;
  assert.equal(received().match(/HTTP\/1\.1 200 OK/g)?.length, 2);
  assert.ok(afterLast >= 350 && afterLast < 1500, `closed ${afterLast} ms after the last request (${ms} ms in all); keep-alive timeout 400 ms`);
});

test('a socket with no traffic is closed after the idle timeout, before the (longer) headers timeout', async () => {
  const idle = await start({ headersTimeoutMs: 10_000, requestTimeoutMs: 20_000, idleTimeoutMs: 500 });
  try {
    const { closed } = rawSocket(idle.port);
    const ms = await closed;
    assert.ok(ms >= 450 && ms < 2000, `closed after ${ms} ms`);
  } finally {
    await idle.live.close();
  }
});

test('connections beyond the cap are closed at once; those under it are served', async () => {
  const capped = await start({ maxConnections: 2 });
  const sockets: ReturnType<typeof rawSocket>[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      sockets.push(rawSocket(capped.port));
      await new Promise((r) => setTimeout(r, 50));
    }
    const third = rawSocket(capped.port);
    sockets.push(third);
    const ms = await third.closed;
    assert.ok(ms < 500, `the third connection was closed after ${ms} ms`);
    assert.equal(third.received(), '');
    // the first two are still open and answer
    sockets[0].socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 200));
    assert.match(sockets[0].received(), /^HTTP\/1\.1 200 OK/);
    assert.equal(sockets[1].socket.destroyed, false);
  } finally {
    for (const s of sockets) s.socket.destroy();
    await capped.live.close();
  }
});

test("Node's parser refusals answer in the app's error shape, with the right status name and without echoing the input", async () => {
  const longQuery = 'q='.concat('x'.repeat(20_000));
  const cases = [
    { raw: `GET /suggest/steam/game?${longQuery} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 414, error: 'URI Too Long' },
    { raw: `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`, status: 431, error: 'Request Header Fields Too Large' },
    { raw: `G\u0001T /health HTTP/1.1\r\nHost: x\r\n\r\n`, status: 400, error: 'Bad Request' },
    { raw: `GET /health HTTP/9.9\r\nHost: x\r\n\r\n`, status: 400, error: 'Bad Request' },
    { raw: `GET /health HTTP/1.1\r\nHost: x\r\nBad Header: zzzz\r\n\r\n`, status: 400, error: 'Bad Request' },
    { raw: `POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nTransfer-Encoding: chunked\r\n\r\n`, status: 400, error: 'Bad Request' },
  ];
  for (const c of cases) {
    const { socket, received, closed } = rawSocket(server.port);
    socket.write(c.raw);
    await closed;
    const raw = received();
    assert.match(raw, new RegExp(`^HTTP/1\\.1 ${c.status} ${c.error}\\r\\n`), raw.slice(0, 80));
    assert.match(headersOf(raw), /content-type: application\/json/);
    assert.match(headersOf(raw), /x-content-type-options: nosniff/);
    const body = bodyOf(raw);
    assert.deepEqual(Object.keys(body).sort(), ['error', 'message', 'statusCode']);
    assert.equal(body.statusCode, c.status);
    assert.equal(body.error, c.error);
    assert.ok(body.message.length < 200, body.message);
    for (const echo of ['xxxxxxxxxx', 'yyyyyyyyyy', 'zzzz', 'HTTP/9.9']) assert.ok(!raw.includes(echo), `echoes ${echo}`);
  }
});
