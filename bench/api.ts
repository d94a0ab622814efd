/**
 * API budget: the full-scale warehouse (cached), `recops serve` in a child process, every route
 * driven by autocannon over a mix of valid (≈80 %) and invalid (≈20 %) inputs.
 * Prints JSON per route (req/s, p50, p99, non-2xx, errors) plus server start time and peak RSS.
 * Budget (2 cores): every route p99 ≤ 10 ms, server RSS ≤ 256 MB, server start ≤ 5 s.
 * That budget is the analytics server's: the warehouse is served from a copy in a folder of its
 * own, without the models that bench:train leaves beside the cached one (the server with the
 * models loaded is measured by bench:train, budget 512 MB).
 *
 *   npm run bench:api [-- --scale 1 --seconds 5 --connections 10]
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DuckDBInstance } from '@duckdb/node-api';
import { peakRssMB, startServer, steamWarehouse } from './common.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' }, port: { type: 'string', default: '8765' } },
});
const cached = steamWarehouse(values.scale);
const db = join(dirname(cached), 'api-only', basename(cached));
mkdirSync(dirname(db), { recursive: true });
if (!existsSync(db) || statSync(db).mtimeMs < statSync(cached).mtimeMs) copyFileSync(cached, db);

// valid inputs straight from the warehouse, read before the server starts
async function validInputs() {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  const col = async (sql: string) => (await conn.runAndReadAll(sql)).getRows().map((r) => String(r[0]));
  const out = {
    genres: await col('SELECT DISTINCT genre FROM api_genre_year_playtime'),
    developers: await col('SELECT developer FROM api_developer_sentiment ORDER BY negative + neutral + positive DESC LIMIT 500'),
    postedYears: await col('SELECT DISTINCT posted_year FROM api_year_top3'),
    releaseYears: await col('SELECT release_year FROM api_release_year_sentiment'),
  };
  conn.closeSync();
  inst.closeSync();
  return out;
}
const v = await validInputs();
const invalidNames = ["'; DROP TABLE games; --", 'zzzzzz', '%00', '😀', 'a'.repeat(300), 'Acton', 'valvee'];
const invalidYears = ['abc', '1850', '3000', '2015.5', '%27'];
const enc = encodeURIComponent;
function mix(prefix: string, valid: string[], invalid: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < 200; i++) out.push(prefix + (i % 5 === 4 ? enc(invalid[i % invalid.length]) : enc(valid[i % valid.length].toLowerCase())));
  return out;
}
const routes: Record<string, string[]> = {
  '/PlayTimeGenre/{genero}': mix('/PlayTimeGenre/', v.genres, invalidNames),
  '/UserForGenre/{genero}': mix('/UserForGenre/', v.genres, invalidNames),
  '/UsersRecommend/{anio}': mix('/UsersRecommend/', v.postedYears, invalidYears),
  '/UsersNotRecommend/{anio}': mix('/UsersNotRecommend/', v.postedYears, invalidYears),
  '/UsersWorstDeveloper/{anio}': mix('/UsersWorstDeveloper/', v.postedYears, invalidYears),
  '/sentiment_analysis/{desarrolladora}': mix('/sentiment_analysis/', v.developers, invalidNames),
  '/sentiment_analysis/year/{anio}': mix('/sentiment_analysis/year/', v.releaseYears, invalidYears),
  '/health': ['/health'],
};

const port = Number(values.port);
const { server, startSeconds } = await startServer(['--db', db], port);
const rssAfterStart = peakRssMB(server.pid!);

const results: Record<string, unknown>[] = [];
for (const [route, paths] of Object.entries(routes)) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  const fiveXX = r['5xx'];
  results.push({ route, reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, maxMs: r.latency.max, requests: r.requests.total, non2xx: r.non2xx, fiveXX, errors: r.errors, timeouts: r.timeouts });
}
const rss = peakRssMB(server.pid!);
server.kill('SIGTERM');

const worstP99 = Math.max(...results.map((r) => r.p99ms as number));
console.log(
  JSON.stringify(
    {
      bench: 'api steam',
      scale: Number(values.scale),
      cores: availableParallelism(),
      connections: Number(values.connections),
      secondsPerRoute: Number(values.seconds),
      budget: { p99ms: 10, serverRssMB: 256, startSeconds: 5 },
      server: { startSeconds, rssAfterStartMB: rssAfterStart, peakRssMB: rss },
      within: worstP99 <= 10 && (rss ?? Infinity) <= 256 && startSeconds <= 5 && results.every((r) => r.fiveXX === 0),
      routes: results,
    },
    null,
    2,
  ),
);
