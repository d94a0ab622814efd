/**
 * `recops serve` as an operator runs it: the bind default, the settings it reports, keys from a
 * file, and flag mistakes refused with the fix before any warehouse is opened.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { silent, tempDir } from '../../helpers.js';

const CLI = ['--import', 'tsx', resolve(import.meta.dirname, '../../../src/cli/index.ts')];
const tmp = tempDir();
const db = join(tmp.dir, 'movies.duckdb');
const KEY = 'cli-key-0123456789abcdef';
// no settings inherited from the shell running the tests
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HOST|PORT|RECOPS_)/.test(k)));

before(async () => {
  await moviesPack.synth.generate(join(tmp.dir, 'raw'), { rows: '200', seed: '2' }, silent);
  await ingestPack(moviesPack, { from: join(tmp.dir, 'raw'), db, log: silent });
});
after(() => tmp.cleanup());

test('recops serve listens on 127.0.0.1 by default, reports its settings, takes keys from a file and never logs them', async () => {
  const keysFile = join(tmp.dir, 'keys');
  writeFileSync(keysFile, `# the ops team\n${KEY}\n`);
  const child = spawn(process.execPath, [...CLI, 'serve', '--db', db, '--port', '0', '--poll', '0', '--no-web', '--api-keys-file', keysFile, '--rate-limit', '100', '--headers-timeout', '3'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  try {
    const deadline = Date.now() + 60_000;
    while (!/listening on http:\/\/[^:]+:\d+/.test(stderr)) {
      assert.ok(Date.now() < deadline && child.exitCode === null, stderr);
      await new Promise((r) => setTimeout(r, 100));
    }
    const [, host, port] = /listening on http:\/\/([^:]+):(\d+)/.exec(stderr)!;
    assert.equal(host, '127.0.0.1');
    assert.match(stderr, /1 API key\(s\); \/metrics, \/models\/\* and \/health details need one/);
    assert.match(stderr, /rate limit 100\/min/);
    assert.match(stderr, /headers 3 s/);
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${base}/metrics`)).status, 401);
    assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).status, 200);
    assert.equal((await fetch(`${base}/metrics`, { headers: { 'x-api-key': KEY } })).status, 200);
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  assert.equal(stdout.split('\n').filter((l) => l.includes('"msg":"request"')).length, 3, stdout);
  assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY), 'the key reached the output');
});

test('recops serve refuses bad settings with the fix and exit 2 (wrong usage), before opening any warehouse', () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['--rate-limit', 'lots'], {}, /--rate-limit must be an integer ≥ 0, got 'lots'/],
    [['--headers-timeout', '0'], {}, /--headers-timeout must be a number of seconds > 0/],
    [['--headers-timeout', '60', '--request-timeout', '30'], {}, /--headers-timeout \(60 s\) must not exceed --request-timeout \(30 s\)/],
    [['--max-connections', '-1'], {}, /--max-connections must be an integer ≥ 1/],
    [['--trust-proxy', '1'], {}, /--trust-proxy: give the proxies' addresses, not a hop count/],
    [['--require-key'], {}, /--require-key needs API keys: set RECOPS_API_KEYS/],
    [['--cors', 'example.com'], {}, /--cors: 'example.com' is not an origin; give scheme:\/\/host\[:port\]/],
    [[], { RECOPS_API_KEYS: 'short,also-short' }, /API key #1 in RECOPS_API_KEYS is 5 characters long; use keys of at least 16/],
    [['--api-keys-file', join(tmp.dir, 'missing')], {}, /--api-keys-file: cannot read .*missing \(ENOENT\)/],
    [['--port', 'abc'], {}, /--port must be an integer 0-65535, got 'abc'/],
    [['--poll', '-1'], {}, /--poll must be a number of seconds ≥ 0, got '-1'/],
  ];
  for (const [args, extra, message] of cases) {
    // a warehouse that does not exist: the flags must be refused first
    const res = spawnSync(process.execPath, [...CLI, 'serve', '--db', join(tmp.dir, 'nope.duckdb'), ...args], { env: { ...env, ...extra }, encoding: 'utf8' });
    assert.equal(res.status, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message);
    assert.ok(!res.stderr.includes('short,also-short'));
  }
  const help = spawnSync(process.execPath, [...CLI, 'serve', '--help'], { env, encoding: 'utf8' }).stdout;
  for (const flag of ['--host', '--cors', '--require-key', '--api-keys-file', '--rate-limit', '--trust-proxy', '--no-compress', '--request-timeout', '--headers-timeout', '--keep-alive-timeout', '--idle-timeout', '--max-connections']) assert.ok(help.includes(flag), flag);
  assert.match(help, /default:\s+"127\.0\.0\.1"/);
  assert.match(help, /RECOPS_API_KEYS/);
});

test("a replica's Node flags: docker-compose.yml starts replicas with the ones serve names, and serve tells when they are missing", async () => {
  const { REPLICA_NODE_OPTIONS, replicaHeapSized } = await import('../../../src/cli/serve.js');
  const compose = readFileSync(resolve(import.meta.dirname, '../../../docker-compose.yml'), 'utf8');
  const replica = compose.slice(compose.indexOf('x-replica:'), compose.indexOf('\nservices:'));
  assert.match(replica, new RegExp(`^\\s+- NODE_OPTIONS=${REPLICA_NODE_OPTIONS.replace(/[-=]/g, '\\$&')}$`, 'm'));
  assert.equal(replicaHeapSized([], {}), false);
  assert.equal(replicaHeapSized([], { NODE_OPTIONS: '--max-old-space-size=300' }), false);
  assert.equal(replicaHeapSized(['--max-semi-space-size=8'], {}), false);
  assert.equal(replicaHeapSized([], { NODE_OPTIONS: `--enable-source-maps ${REPLICA_NODE_OPTIONS}` }), true);
  assert.equal(replicaHeapSized(['--max-semi-space-size=8'], { NODE_OPTIONS: '--max-old-space-size=300' }), true);
  assert.equal(replicaHeapSized(['--max-heap-size=200'], {}), true);
});
