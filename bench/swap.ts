/**
 * The hot swap at full scale (issue 8): the built server over the three packs' warehouses with
 * their models, under autocannon load over every recommendation route, is told to reload
 * (SIGHUP: what a promotion seen by --poll does) and builds a whole new app beside the running
 * one. Prints the requests, failures, latency, how long the swap took, and RSS before, at its
 * peak during the swap, and after the old app is released. Needs the caches of bench:train,
 * bench:movies and bench:streaming.   npm run bench:swap
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ROOT, allPacksBuilt } from './common.js';

const dbs = allPacksBuilt();
const port = 8798;
const server = spawn(process.execPath, [join(ROOT, 'dist/cli/index.js'), 'serve', '--db', ...dbs, '--no-log', '--poll', '0', '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
const rssMB = () => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024);
const started = Date.now();
while (!stderr.includes('listening')) {
  if (Date.now() - started > 120_000 || server.exitCode !== null) throw new Error(`server did not start:\n${stderr}`);
  await new Promise((r) => setTimeout(r, 50));
}
await new Promise((r) => setTimeout(r, 1000));
const before = rssMB();

const paths = ['/recomendacion_usuario/dognitro', '/recomendacion_juego/10', '/recomendacion/Toy%20Story', '/streaming/recomendacion/5', '/streaming/prediccion/5/ns1', '/suggest/movies/title?q=toy', '/health'];
const load = autocannon({ url: `http://127.0.0.1:${port}`, connections: 8, duration: 30, requests: paths.map((path) => ({ method: 'GET' as const, path })) });
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, rssMB())), 50);
await new Promise((r) => setTimeout(r, 5000));
const hup = Date.now();
server.kill('SIGHUP');
while (!/reloaded in|reload failed/.test(stderr)) await new Promise((r) => setTimeout(r, 20));
const swapSeconds = (Date.now() - hup) / 1000;
const result = await load;
clearInterval(sampler);
// the load ran on for ~20 s after the swap: the old app was closed once its last request was
// answered, and the collector has had that time to release it
const after = rssMB();
// then idle: V8 collects the previous app's memory once the process is quiet (its memory
// reducer); RSS every second for up to 60 s
let idle = after;
let idleSeconds = 0;
for (; idleSeconds < 60 && idle > before + 60; idleSeconds++) {
  await new Promise((r) => setTimeout(r, 1000));
  idle = rssMB();
}
// what the process itself says (prom-client's process metrics): heap in use vs RSS
const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const metricMB = (name: string) => Math.round(Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(metrics)?.[1]) / 2 ** 20);
const heapAfter = { heapUsedMB: metricMB('recops_nodejs_heap_size_used_bytes'), heapTotalMB: metricMB('recops_nodejs_heap_size_total_bytes'), externalMB: metricMB('recops_nodejs_external_memory_bytes') };
server.kill('SIGTERM');
console.log(
  JSON.stringify(
    {
      bench: 'hot swap of all three packs under load',
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      reqPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      swapSeconds,
      serverSaid: /reload(ed in [\d.]+ s|ed|failed[^\n]*)/.exec(stderr)?.[0],
      rssMB: { before, peakDuringSwap: peak, afterSwapUnderLoad: after, idle, idleSeconds },
      processAfterIdle: heapAfter,
      budgetMB: 512,
    },
    null,
    2,
  ),
);
