/**
 * Streaming budget (issue 6): 11 M ratings generated once (cached in .cache/bench; the real title
 * files when ../shared/data has them), `recops ingest streaming` in a child process (wall seconds,
 * peak RSS), then `recops serve` with every route driven by autocannon over a mix of valid (≈80 %)
 * and invalid (≈20 %) inputs, after one unmeasured warm-up second per route. Prints JSON next to the budget (2 cores): ingest ≤ 60 s, peak RSS
 * ≤ 2 GB, every route p99 ≤ 10 ms, server RSS ≤ 512 MB with the model loaded, ≤ 10 s per SVD
 * epoch at 100 factors (bench/svd-epoch.ts, 3 epochs). `recops train streaming` (the served
 * Bayesian FM: ≤ 300 s, ≤ 2 GB) runs before the server, which then answers the rating routes too.
 * bench/bayes-heldout.ts fits the rating models on 90 % of the ratings and prints the RMSE on the
 * other 10 % (the baselines, the SVD, the Bayesian FM averaged over every stored sweep and as
 * served), with the seconds per Gibbs sweep.
 *
 *   npm run bench:streaming [-- --ratings 11000000 --seed 42 --seconds 5 --connections 10 --routes-only --no-heldout]
 *
 * --routes-only serves the warehouse the last run built instead of ingesting again; --no-heldout
 * skips the hold-out evaluation (its fits take minutes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DuckDBInstance } from '@duckdb/node-api';
import { CLI, ROOT, cachedRaw, peakRssMB, startServer, timed } from './common.js';

const { values } = parseArgs({
  options: {
    ratings: { type: 'string', default: '11000000' },
    seed: { type: 'string', default: '42' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '8766' },
    'routes-only': { type: 'boolean', default: false },
    'no-heldout': { type: 'boolean', default: false },
  },
});
const BUDGET = { ingestSeconds: 60, peakRssMB: 2048, p99ms: 10, serverRssMB: 512, secondsPerSvdEpoch: 10, trainSeconds: 300, trainPeakRssMB: 2048 };

/** A child process under GNU time: wall and CPU seconds (user + system), peak RSS, its output; exits the bench if it fails. */
function timedCpu(cmd: string, args: string[]) {
  const started = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(1);
  }
  const [rssKB, user, sys] = res.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wallSeconds: +(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2), cpuSeconds: +(user + sys).toFixed(1), peakRssMB: Math.round(rssKB / 1024), stdout: res.stdout, stderr: res.stderr };
}
const REAL_TITLES = resolve(ROOT, '../shared/data/streaming');
const realTitles = existsSync(join(REAL_TITLES, 'netflix_titles.csv'));

/** The raw files at full size, generated once per generator version; returns the folder and the generation time if it ran. */
function streamingRaw(ratings: string, seed: string): { dir: string; genSeconds: number | null } {
  const name = `streaming-ratings${ratings}-seed${seed}${realTitles ? '-realtitles' : ''}`;
  return cachedRaw('streaming', name, ['--ratings', ratings, '--seed', seed, ...(realTitles ? ['--titles', REAL_TITLES] : [])]);
}

function ingest(raw: string, db: string) {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [...CLI, 'ingest', 'streaming', '--from', raw, '--db', db, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(1);
  }
  const report = JSON.parse(res.stdout);
  const sum = (k: string) => report.sources.reduce((a: number, s: Record<string, number>) => a + s[k], 0);
  return {
    wallSeconds: +wall.toFixed(2),
    peakRssMB: report.peakRssMB as number,
    tables: report.tables as Record<string, number>,
    records: sum('records'),
    rejected: sum('rejected'),
    secondsBySource: Object.fromEntries(report.sources.map((s: Record<string, number | string>) => [s.source, s.seconds])),
  };
}

// valid inputs straight from the warehouse, read before the server starts
async function validInputs(db: string) {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  const col = async (sql: string) => (await conn.runAndReadAll(sql)).getRows().map((r) => String(r[0]));
  const out = {
    years: await col('SELECT DISTINCT release_year FROM titles WHERE release_year >= 1990 ORDER BY 1'),
    countries: await col('SELECT country FROM api_country_type_year GROUP BY country ORDER BY sum(titles) DESC LIMIT 100'),
    ratings: await col('SELECT rating FROM api_rating_titles'),
    users: await col('SELECT user_id FROM (SELECT DISTINCT user_id FROM ratings) USING SAMPLE 400 ROWS (reservoir, 7)'),
    ids: await col('SELECT id FROM titles USING SAMPLE 400 ROWS (reservoir, 7)'),
  };
  conn.closeSync();
  inst.closeSync();
  return out;
}

function requests(v: Awaited<ReturnType<typeof validInputs>>): Record<string, string[]> {
  const platforms = ['netflix', 'Amazon', 'DISNEY', 'hulu'];
  const enc = encodeURIComponent;
  const pick = <T>(xs: T[], i: number) => xs[i % xs.length];
  const bad = ["'; DROP TABLE titles; --", 'zzzzzz', '%00', '😀', 'a'.repeat(300), 'netflx'];
  const badYears = ['abc', '1850', '3000', '2015.5'];
  const mix = (valid: (i: number) => string, invalid: (i: number) => string) => Array.from({ length: 200 }, (_, i) => (i % 5 === 4 ? invalid(i) : valid(i)));
  return {
    '/get_max_duration': mix(
      (i) => '/get_max_duration' + ['', `?year=${pick(v.years, i)}`, `?platform=${pick(platforms, i)}`, `?year=${pick(v.years, i)}&platform=${pick(platforms, i)}&duration_type=min`][i % 4],
      (i) => `/get_max_duration?year=${enc(pick(badYears, i))}&duration_type=hours`,
    ),
    '/get_score_count/{platform}/{scored}/{year}': mix(
      (i) => `/get_score_count/${pick(platforms, i)}/${pick(['2.5', '3', '3.5', '4', '4.5'], i)}/${pick(v.years, i)}`,
      (i) => `/get_score_count/${enc(pick(bad, i))}/7/${enc(pick(badYears, i))}`,
    ),
    '/get_count_platform/{platform}': mix(
      (i) => `/get_count_platform/${pick(platforms, i)}`,
      (i) => `/get_count_platform/${enc(pick(bad, i))}`,
    ),
    '/get_actor/{platform}/{year}': mix(
      (i) => `/get_actor/${pick(platforms, i)}/${pick(v.years, i)}`,
      (i) => `/get_actor/${enc(pick(bad, i))}/${enc(pick(badYears, i))}`,
    ),
    '/prod_per_county/{tipo}/{pais}/{anio}': mix(
      (i) => `/prod_per_county/${pick(['movie', 'tv%20show'], i)}/${enc(pick(v.countries, i).toUpperCase())}/${pick(v.years, i)}`,
      (i) => `/prod_per_county/movie/${enc(pick(bad, i))}/${pick(v.years, i)}`,
    ),
    '/get_contents/{rating}': mix(
      (i) => `/get_contents/${enc(pick(v.ratings, i).toUpperCase())}`,
      (i) => `/get_contents/${enc(pick(bad, i))}`,
    ),
    '/streaming/recomendacion/{userId}': mix(
      (i) => `/streaming/recomendacion/${pick(v.users, i)}${i % 3 === 0 ? '?n=10' : ''}`,
      (i) => `/streaming/recomendacion/${enc(pick(bad, i))}`,
    ),
    '/streaming/prediccion/{userId}/{id}': mix(
      (i) => `/streaming/prediccion/${pick(v.users, i)}/${pick(v.ids, i * 7)}`,
      (i) => `/streaming/prediccion/${pick(v.users, i)}/${enc(pick(bad, i))}`,
    ),
    '/health': ['/health'],
  };
}

async function drive(port: number, routes: Record<string, string[]>) {
  const results: Record<string, unknown>[] = [];
  for (const [route, paths] of Object.entries(routes)) {
    // one unmeasured second first, so the JIT has compiled the route's code before timing starts
    await autocannon({ url: `http://127.0.0.1:${port}`, connections: Number(values.connections), duration: 1, requests: paths.map((path) => ({ method: 'GET' as const, path })) });
    const r = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: Number(values.connections),
      duration: Number(values.seconds),
      requests: paths.map((path) => ({ method: 'GET' as const, path })),
    });
    results.push({ route, reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, maxMs: r.latency.max, requests: r.requests.total, non2xx: r.non2xx, fiveXX: r['5xx'], errors: r.errors, timeouts: r.timeouts });
  }
  return results;
}

const loadBefore = loadavg()[0];
const raw = streamingRaw(values.ratings, values.seed);
const db = join(ROOT, '.cache/bench', 'streaming-ingest-bench.duckdb');
const ingested = values['routes-only'] && existsSync(db) ? null : ingest(raw.dir, db);
const svd = timed(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/svd-epoch.ts'), db, '3']);
const loadAtTrain = loadavg()[0];
const train = timedCpu(process.execPath, [...CLI, 'train', 'streaming', '--db', db]);
const loadAfterTrain = loadavg()[0];
const heldout = values['no-heldout'] ? null : timedCpu(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/bayes-heldout.ts'), db]);
const routes = requests(await validInputs(db));
const port = Number(values.port);
const { server, startSeconds } = await startServer(['--db', db], port);
const rssAfterStartMB = peakRssMB(server.pid!);
const results = await drive(port, routes);
const serverPeakRssMB = peakRssMB(server.pid!);
server.kill('SIGTERM');

/** The median seconds of chain 0's Gibbs sweeps, from the train log. */
function sweepSeconds(log: string): number | null {
  const s = [...log.matchAll(/sweep \d+\/\d+ of chain 0 in ([\d.]+) s/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

const worstP99 = Math.max(...results.map((r) => r.p99ms as number));
console.log(
  JSON.stringify(
    {
      bench: 'streaming',
      ratings: Number(values.ratings),
      realTitles,
      cores: availableParallelism(),
      // other jobs on the machine skew every figure: the 1-minute load average before and after
      loadAverage: { before: loadBefore, after: loadavg()[0] },
      budget: BUDGET,
      gen: { seconds: raw.genSeconds, note: raw.genSeconds === null ? 'raw files cached from an earlier run' : undefined },
      ingest: ingested ?? 'not run (--routes-only)',
      svd: { ...JSON.parse(svd.stdout.trim().split('\n').pop()!), peakRssMB: svd.peakRssMB },
      train: {
        wallSeconds: train.wallSeconds,
        cpuSeconds: train.cpuSeconds,
        peakRssMB: train.peakRssMB,
        loadAverage: { before: loadAtTrain, after: loadAfterTrain },
        secondsPerSweep: sweepSeconds(train.stderr),
        summary: train.stderr.split('\n').filter((l) => l.startsWith('train:')).slice(-1)[0] ?? null,
      },
      heldout: heldout ? { wallSeconds: heldout.wallSeconds, cpuSeconds: heldout.cpuSeconds, peakRssMB: heldout.peakRssMB, ...JSON.parse(heldout.stdout.trim().split('\n').pop()!) } : 'not run (--no-heldout)',
      server: { startSeconds, rssAfterStartMB, peakRssMB: serverPeakRssMB, note: 'with the served Bayesian FM loaded' },
      within: {
        ingest: ingested ? ingested.wallSeconds <= BUDGET.ingestSeconds && ingested.peakRssMB <= BUDGET.peakRssMB : null,
        routes: worstP99 <= BUDGET.p99ms && results.every((r) => r.fiveXX === 0),
        serverRss: (serverPeakRssMB ?? Infinity) <= BUDGET.serverRssMB,
        svdEpoch: JSON.parse(svd.stdout.trim().split('\n').pop()!).secondsPerEpoch <= BUDGET.secondsPerSvdEpoch,
        train: train.wallSeconds <= BUDGET.trainSeconds && train.peakRssMB <= BUDGET.trainPeakRssMB,
      },
      routes: results,
    },
    null,
    2,
  ),
);
