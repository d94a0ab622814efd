/**
 * Training budget: `recops train steam` on the full-scale warehouse (cached), then the server with
 * every model loaded, driven on the recommendation routes (80 % known ids, 20 % unknown).
 * Prints JSON: train wall seconds and peak RSS, per-model seconds, server RSS, route p99.
 * Budget (2 cores): train all Steam models ≤ 120 s, peak ≤ 2 GB; server with models ≤ 512 MB;
 * recommendation routes p99 ≤ 10 ms.
 *
 *   npm run bench:train [-- --scale 1 --seconds 5]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DuckDBInstance } from '@duckdb/node-api';
import { CLI, peakRssMB, startServer, steamWarehouse, timed } from './common.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, seconds: { type: 'string', default: '5' }, port: { type: 'string', default: '8766' } } });
const db = steamWarehouse(values.scale);

const train = timed(process.execPath, [...CLI, 'train', 'steam', '--db', db]);
const trainSeconds = train.wallSeconds;
const trainPeakMB = train.peakRssMB;
const perModel = Object.fromEntries([...train.stderr.matchAll(/train: (\w+) in ([\d.]+) s/g)].map((m) => [m[1], Number(m[2])]));

async function sampleIds() {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  const col = async (sql: string) => (await conn.runAndReadAll(sql)).getRows().map((r) => String(r[0]));
  const users = await col('SELECT user_id FROM (SELECT DISTINCT user_id FROM user_items) USING SAMPLE 400 ROWS (reservoir, 7)');
  const items = await col('SELECT item_id FROM (SELECT DISTINCT item_id FROM user_items) USING SAMPLE 400 ROWS (reservoir, 7)');
  conn.closeSync();
  inst.closeSync();
  return { users, items };
}
const ids = await sampleIds();
const mix = (prefix: string, valid: string[]) => valid.map((v, i) => prefix + encodeURIComponent(i % 5 === 4 ? `unknown-${i}` : v));

const port = Number(values.port);
const { server, startSeconds } = await startServer(['--db', db], port);
const routes: Record<string, string[]> = {
  '/recomendacion_juego/{item_id}': mix('/recomendacion_juego/', ids.items),
  '/recomendacion_usuario/{user_id}': mix('/recomendacion_usuario/', ids.users),
};
const results = [];
for (const [route, paths] of Object.entries(routes)) {
  const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 10, duration: Number(values.seconds), requests: paths.map((path) => ({ method: 'GET' as const, path })) });
  results.push({ route, reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, fiveXX: r['5xx'], errors: r.errors });
}
const serverRssMB = peakRssMB(server.pid!);
server.kill('SIGTERM');
console.log(
  JSON.stringify(
    {
      bench: 'train steam',
      scale: Number(values.scale),
      cores: availableParallelism(),
      budget: { trainSeconds: 120, trainPeakMB: 2048, serverRssMB: 512, p99ms: 10 },
      train: { wallSeconds: trainSeconds, peakRssMB: trainPeakMB, perModelSeconds: perModel },
      server: { startSeconds, peakRssMB: serverRssMB },
      within: trainSeconds <= 120 && trainPeakMB <= 2048 && (serverRssMB ?? Infinity) <= 512 && results.every((r) => r.p99ms <= 10 && r.fiveXX === 0),
      routes: results,
    },
    null,
    2,
  ),
);
