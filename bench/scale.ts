/**
 * Scale-out budget: the full-scale warehouses published to a real redis-server, N `recops serve
 * --store` replicas (the built CLI) behind a real nginx (deploy/nginx-replicas.conf, pointed at
 * loopback), next to the in-process server on the same warehouses and the same cores.
 * Measures: publish seconds, CPU and peak RSS per pack; Redis INFO memory and bytes per key
 * family (the 1,000× sizing in the README comes from these); per replica the start time to
 * listening and RSS after start and under load; req/s and p99 through nginx and in-process;
 * a promotion (publish) under load: failed requests, time until every replica serves it, RSS
 * during it. Goals: replica RSS ≤ 120 MB, start ≤ 2 s, p99 ≤ 10 ms through nginx, 0 failures.
 * Only packs that can be served from the store are published; the others are listed as skipped.
 *
 *   npm run bench:scale [-- --db A.duckdb --db B.duckdb --replicas 3 --seconds 5 --connections 10 --node-options '…']
 *   (default warehouses: those of bench:train, bench:movies and bench:streaming in .cache/bench;
 *    env RECOPS_BENCH_DBS=a.duckdb,b.duckdb also names them)
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer, type AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { ROOT } from './common.js';
import { PACKS } from '../src/packs/index.js';
import { packOfWarehouse } from '../src/core/server/serve.js';
import { REPLICA_NODE_OPTIONS } from '../src/cli/serve.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', multiple: true },
    replicas: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    // the replicas' NODE_OPTIONS: the deployment's (docker-compose.yml) unless given ('' for none)
    'node-options': { type: 'string', default: REPLICA_NODE_OPTIONS },
  },
});
const GOAL = { replicaRssMB: 120, startSeconds: 2, p99ms: 10, failed: 0 };
const BUILT = join(ROOT, 'dist/cli/index.js');
const REDIS_SERVER = process.env.RECOPS_REDIS_SERVER ?? '/usr/bin/redis-server';
const NGINX = process.env.RECOPS_NGINX ?? '/usr/sbin/nginx';
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const N = Number(values.replicas);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const [what, path] of [['redis-server', REDIS_SERVER], ['nginx', NGINX]] as const) {
  if (!existsSync(path)) {
    console.error(`${what} is missing at ${path}: apt-get install -y redis-server nginx (or set RECOPS_REDIS_SERVER / RECOPS_NGINX)`);
    process.exit(2);
  }
}
const defaults = ['steam-scale1-seed42.duckdb', 'movies-bench.duckdb', 'streaming-ingest-bench.duckdb'].map((f) => join(ROOT, '.cache/bench', f));
const dbs = values.db ?? process.env.RECOPS_BENCH_DBS?.split(',').filter(Boolean) ?? defaults.filter((d) => existsSync(d));
if (!dbs.length) {
  console.error(`no warehouse: pass --db FILE (full scale), or run npm run bench:movies (and bench:train, bench:streaming) to leave them in .cache/bench`);
  process.exit(2);
}
for (const d of dbs) if (!existsSync(d)) (console.error(`${d} does not exist`), process.exit(2));

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
const rssMB = (pid: number) => {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
  } catch {
    return null;
  }
};
const cpuSeconds = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return +((f[11] + f[12]) / 100).toFixed(2);
};

const tmp = mkdtempSync(join(tmpdir(), 'recops-bench-scale-'));
const children: ChildProcess[] = [];
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HOST|PORT|RECOPS_)/.test(k)));
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

console.error('building (npm run build)');
execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const load = { before: loadavg().map((l) => +l.toFixed(2)) };

// --- Redis and the publishes
const redisPort = await freePort();
const storeUrl = `redis://127.0.0.1:${redisPort}`;
const redisProc = spawn(REDIS_SERVER, ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', tmp, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
children.push(redisProc);
const redis = new Redis(storeUrl, { lazyConnect: true, retryStrategy: () => 100 });
// refused until redis-server listens: retried above
redis.on('error', () => {});
// a second connect() while the first one retries is refused: wait for the client to be ready instead
redis.connect().catch(() => {});
for (let i = 0; redis.status !== 'ready'; i++) {
  if (i > 400) throw new Error('redis-server did not start');
  await sleep(50);
}
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

const packsOf = await Promise.all(dbs.map(async (db) => ({ db, pack: await packOfWarehouse(db, PACKS) })));
const published = packsOf.filter((p) => p.pack.store);
const skipped = packsOf.filter((p) => !p.pack.store).map((p) => `${p.pack.name} (${p.db}): not servable from the store yet`);
if (!published.length) {
  console.error(`none of ${dbs.join(', ')} is a warehouse of a pack servable from the store (${PACKS.filter((p) => p.store).map((p) => p.name).join(', ')})`);
  process.exit(2);
}

/** `recops publish` in a child under GNU time, not blocking this process (autocannon runs here meanwhile). */
async function publishTimed(pack: string, db: string) {
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%M %U %S', process.execPath, BUILT, 'publish', pack, '--db', db, '--store', storeUrl], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise((r) => child.once('exit', r));
  const res = { status: code, stderr };
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(1);
  }
  const [maxKb, user, sys] = res.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const m = /\(([\d,]+) keys, ([\d.]+) MB of JSON, written in ([\d.]+) s\)/.exec(res.stderr);
  const prepared = /prepared from .* in ([\d.]+) s/.exec(res.stderr);
  return {
    wallSeconds: +(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2),
    cpuSeconds: +(user + sys).toFixed(2),
    peakRssMB: Math.round(maxKb / 1024),
    prepareSeconds: prepared ? Number(prepared[1]) : null,
    writeSeconds: m ? Number(m[3]) : null,
    keys: m ? Number(m[1].replace(/,/g, '')) : null,
    jsonMB: m ? Number(m[2]) : null,
  };
}

type Published = Awaited<ReturnType<typeof publishTimed>>;
const publishes: Record<string, Published & { redisMB: number }> = {};
for (const { pack, db } of published) {
  const before = await usedMemory();
  console.error(`publishing ${pack.name} from ${db}`);
  const r = await publishTimed(pack.name, db);
  publishes[pack.name] = { ...r, redisMB: +(((await usedMemory()) - before) / 1e6).toFixed(1) };
}

/** Redis memory per key family (`<pack>:<family>`): a sample's MEMORY USAGE, times the count. */
async function families(): Promise<Record<string, { keys: number; avgBytes: number; totalMB: number }>> {
  const out: Record<string, { keys: number; sample: string[] }> = {};
  for (const { pack } of published) {
    const version = await redis.get(`recops:${pack.name}:live`);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `recops:${pack.name}:${version}:k:*`, 'COUNT', 5000);
      cursor = next;
      for (const k of keys) {
        const family = `${pack.name}:${k.slice(`recops:${pack.name}:${version}:k:`.length).split(':')[0]}`;
        const f = (out[family] ??= { keys: 0, sample: [] });
        f.keys++;
        if (f.sample.length < 500) f.sample.push(k);
      }
    } while (cursor !== '0');
  }
  const result: Record<string, { keys: number; avgBytes: number; totalMB: number }> = {};
  for (const [family, f] of Object.entries(out)) {
    const sizes = await Promise.all(f.sample.map((k) => redis.memory('USAGE', k)));
    const avg = sizes.reduce((a: number, b) => a + Number(b ?? 0), 0) / sizes.length;
    result[family] = { keys: f.keys, avgBytes: Math.round(avg), totalMB: +((avg * f.keys) / 1e6).toFixed(1) };
  }
  return result;
}

// --- the replicas
/**
 * A replica's environment as deployed: docker-compose's NODE_OPTIONS (or --node-options), and the
 * image's MALLOC_ARENA_MAX=2 (Dockerfile: glibc keeps fewer per-thread arenas of freed memory)
 */
const REPLICA_ENV = { NODE_OPTIONS: [env.NODE_OPTIONS, values['node-options']].filter(Boolean).join(' '), MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
async function startReplica(port: number): Promise<{ child: ChildProcess; startSeconds: number; startCpuSeconds: number; rssMB: number | null; memorySteps: string[]; log: () => string }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BUILT, 'serve', '--store', storeUrl, '--port', String(port), '--host', '127.0.0.1', '--no-web', '--no-log', '--poll', '0'], { env: { ...env, ...REPLICA_ENV, RECOPS_MEMORY_STEPS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  while (!/listening on/.test(log)) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`replica on ${port} did not start: ${log}`);
    await sleep(5);
  }
  const startSeconds = (Date.now() - started) / 1000;
  const startCpuSeconds = cpuSeconds(child.pid!);
  await sleep(500);
  const memorySteps = [...log.matchAll(/memory after (.*)/g)].map((m) => m[1]);
  return { child, startSeconds: +startSeconds.toFixed(2), startCpuSeconds, rssMB: rssMB(child.pid!), memorySteps, log: () => log };
}

const ports = await Promise.all(Array.from({ length: N }, freePort));
const replicas = [];
for (const port of ports) replicas.push({ port, ...(await startReplica(port)) });

// --- nginx with the deployment's config
const front = await freePort();
let site = readFileSync(join(ROOT, 'deploy/nginx-replicas.conf'), 'utf8');
const servers = [...site.matchAll(/^\s*server replica-\d+:8000\b.*$/gm)];
const serverLine = servers[0][0];
site = site.replace(/^\s*server replica-\d+:8000\b.*\n/gm, '');
site = site.replace(/upstream recops_replicas \{\n/, `upstream recops_replicas {\n${ports.map((p) => serverLine.replace(/replica-\d+:8000/, `127.0.0.1:${p}`)).join('\n')}\n`).replace('listen 80;', `listen 127.0.0.1:${front};`);
writeFileSync(join(tmp, 'site.conf'), site);
const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(tmp, t)};`).join(' ');
writeFileSync(join(tmp, 'nginx.conf'), `pid ${join(tmp, 'nginx.pid')}; error_log ${join(tmp, 'error.log')} warn; daemon off; worker_processes 1; events {} http { access_log off; keepalive_requests 1000000; ${temp} include ${join(tmp, 'site.conf')}; }`);
const nginx = spawn(NGINX, ['-p', tmp, '-c', join(tmp, 'nginx.conf')], { stdio: 'ignore' });
children.push(nginx);
const base = `http://127.0.0.1:${front}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    if (i > 200) throw new Error('nginx did not start');
    await sleep(50);
  }
}

/**
 * Every GET route of the published packs: each path parameter filled with up to 20 names of the
 * autocomplete kind that answers it (found by asking once per kind), and one unknown name (a 404
 * with suggestions: the mix of valid and mistaken inputs of the other benches).
 */
async function loadUrls(at: string): Promise<string[]> {
  const doc = (await (await fetch(`${at}/docs/json`)).json()) as { paths: Record<string, Record<string, { tags?: string[]; parameters?: { name: string; description?: string }[] }>> };
  const urls: string[] = [];
  for (const { pack } of published) {
    const kinds = (doc.paths[`/suggest/${pack.name}/{kind}`]?.get?.parameters?.find((p) => p.name === 'kind')?.description ?? '').split(',').map((k) => k.trim()).filter(Boolean);
    const names = new Map<string, string[]>();
    for (const kind of kinds) {
      urls.push(`/suggest/${pack.name}/${encodeURIComponent(kind)}?q=a`);
      names.set(kind, ((await (await fetch(`${at}/suggest/${pack.name}/${encodeURIComponent(kind)}?n=20`)).json()) as { suggestions: string[] }).suggestions);
    }
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!methods.get?.tags?.includes(pack.name) || path.startsWith('/models') || path.startsWith('/suggest')) continue;
      const params = path.match(/\{[^}]+\}/g) ?? [];
      const fill = (value: string) => params.reduce((p, n) => p.replace(n, encodeURIComponent(value)), path);
      if (!params.length) {
        urls.push(path);
        continue;
      }
      let values: string[] = [];
      for (const list of names.values()) {
        if (list.length && (await fetch(at + fill(list[0]))).status === 200) {
          values = list;
          break;
        }
      }
      urls.push(...[...values, 'zz unknown name'].map(fill));
    }
  }
  return urls;
}

async function drive(url: string, urls: string[], pids: number[], during?: () => Promise<void>) {
  let peak = 0;
  const sampler = setInterval(() => {
    for (const pid of pids) peak = Math.max(peak, rssMB(pid) ?? 0);
  }, 100);
  const cpuBefore = pids.map(cpuSeconds);
  let failed = 0;
  // with `during`: the load lasts until it is over, and a second more (answers after the switch)
  const run = autocannon({ url, connections: CONNECTIONS, duration: during ? 3600 : SECONDS, requests: urls.map((path) => ({ method: 'GET' as const, path, onResponse: (status: number) => void (status >= 500 && failed++) })) });
  if (during) await during().then(() => sleep(1000)).finally(() => (run as unknown as { stop(): void }).stop());
  const r = await run;
  clearInterval(sampler);
  return {
    reqPerSec: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    requests: r.requests.total,
    failed: failed + r.errors + r.timeouts,
    status4xx: r['4xx'],
    peakRssMB: peak,
    cpuSeconds: +pids.map((p, i) => cpuSeconds(p) - cpuBefore[i]).reduce((a, b) => a + b, 0).toFixed(2),
  };
}

const urls = await loadUrls(`http://127.0.0.1:${ports[0]}`);
console.error(`load: ${urls.length} URLs, ${CONNECTIONS} connections, ${SECONDS} s`);
const pids = replicas.map((r) => r.child.pid!);
await drive(base, urls.slice(0, 50), pids); // warm-up: JIT and hot keys, as after any start
const throughNginx = await drive(base, urls, pids);
const rssAfterLoad = pids.map((p) => rssMB(p));

// --- a promotion under load: the first pack published again (a new version)
const first = published[0];
const was = await redis.get(`recops:${first.pack.name}:live`);
let switchSeconds: number | null = null;
let publishUnderLoad: Published | null = null;
const promotion = await drive(base, urls, pids, async () => {
  await sleep(1000);
  publishUnderLoad = await publishTimed(first.pack.name, first.db);
  const flipped = Date.now();
  for (;;) {
    const v = await Promise.all(ports.map(async (p) => ((await (await fetch(`http://127.0.0.1:${p}/health`)).json()) as { store: { packs: Record<string, { version: string }> } }).store.packs[first.pack.name].version));
    if (v.every((x) => x !== was)) break;
    if (Date.now() - flipped > 30_000) break;
    await sleep(20);
  }
  switchSeconds = +((Date.now() - flipped) / 1000).toFixed(2);
});
const memory = await redis.info('memory');
const redisInfo = {
  usedMemoryMB: +(Number(/used_memory:(\d+)/.exec(memory)![1]) / 1e6).toFixed(1),
  usedMemoryPeakMB: +(Number(/used_memory_peak:(\d+)/.exec(memory)![1]) / 1e6).toFixed(1),
  rssMB: +(Number(/used_memory_rss:(\d+)/.exec(memory)![1]) / 1e6).toFixed(1),
};
const keyFamilies = await families();
for (const c of replicas) c.child.kill('SIGTERM');
nginx.kill('SIGQUIT');

// --- the in-process server on the same warehouses, same URLs
const inPort = await freePort();
const started = Date.now();
const inProc = spawn(process.execPath, [BUILT, 'serve', '--db', ...published.map((p) => p.db), '--port', String(inPort), '--host', '127.0.0.1', '--no-web', '--no-log', '--poll', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
children.push(inProc);
let inLog = '';
inProc.stderr!.on('data', (d) => (inLog += d));
while (!/listening on/.test(inLog)) {
  if (inProc.exitCode !== null) throw new Error(inLog);
  await sleep(20);
}
const inStartSeconds = (Date.now() - started) / 1000;
const inRssAfterStart = rssMB(inProc.pid!);
await drive(`http://127.0.0.1:${inPort}`, urls.slice(0, 50), [inProc.pid!]);
const inProcess = await drive(`http://127.0.0.1:${inPort}`, urls, [inProc.pid!]);
inProc.kill('SIGTERM');
redis.disconnect();

const ok = (v: number | null, goal: number) => (v !== null && v <= goal ? 'ok' : 'OVER');
console.log(
  JSON.stringify(
    {
      machine: { cores: availableParallelism(), loadBefore: load.before, loadAfter: loadavg().map((l) => +l.toFixed(2)) },
      warehouses: Object.fromEntries(packsOf.map((p) => [p.pack.name, p.db])),
      skipped,
      publish: publishes,
      redis: redisInfo,
      keyFamilies,
      replicas: {
        count: N,
        env: REPLICA_ENV,
        startSeconds: replicas.map((r) => r.startSeconds),
        startCpuSeconds: replicas.map((r) => r.startCpuSeconds),
        memoryStepsOfTheFirst: replicas[0].memorySteps,
        switchLog: replicas.map((r) => /serving \S+ from .* \(was .*/.exec(r.log())?.[0] ?? null),
        rssAfterStartMB: replicas.map((r) => r.rssMB),
        rssAfterLoadMB: rssAfterLoad,
        goal: { rssMB: GOAL.replicaRssMB, startSeconds: GOAL.startSeconds },
        verdict: { rss: ok(Math.max(...replicas.map((r) => r.rssMB ?? Infinity), ...rssAfterLoad.map((r) => r ?? Infinity), throughNginx.peakRssMB), GOAL.replicaRssMB), start: ok(Math.max(...replicas.map((r) => r.startSeconds)), GOAL.startSeconds) },
      },
      throughNginx: { ...throughNginx, goalP99ms: GOAL.p99ms, verdict: ok(throughNginx.p99ms, GOAL.p99ms) },
      inProcess: { ...inProcess, startSeconds: +inStartSeconds.toFixed(2), rssAfterStartMB: inRssAfterStart },
      promotionUnderLoad: { pack: first.pack.name, from: was, publish: publishUnderLoad, everyReplicaSwitchedSeconds: switchSeconds, ...promotion, goalFailed: GOAL.failed, verdict: promotion.failed === 0 ? 'ok' : 'FAILED REQUESTS' },
      urls: urls.length,
      connections: CONNECTIONS,
      seconds: SECONDS,
    },
    null,
    2,
  ),
);
process.exit(0);
