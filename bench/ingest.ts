/**
 * Ingest budgets (issue 18, 2 cores): `recops ingest <pack>` (the built CLI, compiled first) of
 * the full-scale raw files in a child process under GNU time, for each pack: wall seconds, CPU seconds (user + system, DuckDB's
 * threads included), peak RSS, and each raw file's throughput (MB on disk and MB of text per
 * second of its source), next to the budget, with the load average before and after each run:
 * on a shared machine the wall time follows the load, CPU seconds much less.
 *
 * Budgets: steam (--scale 1) ≤ 12 s, streaming (11 M ratings) ≤ 8 s, movies (full) ≤ 10 s; peak
 * RSS ≤ 1 GB each. Raw files are generated once and cached in .cache/bench, or taken from
 * --steam/--streaming/--movies DIR. The data profile computed at the end of every ingest is part
 * of the wall time; its own seconds (from the warehouse's `profile` table) are shown beside it.
 *
 *   npm run bench:ingest [-- --packs steam,streaming,movies --runs 1 --steam /tmp/raw/steam]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT, cachedRaw, moviesRaw, steamRaw } from './common.js';

const { values } = parseArgs({
  options: {
    packs: { type: 'string', default: 'steam,streaming,movies' },
    runs: { type: 'string', default: '1' },
    steam: { type: 'string' },
    streaming: { type: 'string' },
    movies: { type: 'string' },
  },
});

const BUDGET: Record<string, { wallSeconds: number; peakRssMB: number }> = {
  steam: { wallSeconds: 12, peakRssMB: 1024 },
  streaming: { wallSeconds: 8, peakRssMB: 1024 },
  movies: { wallSeconds: 10, peakRssMB: 1024 },
};

function rawDir(pack: string): string {
  const given = values[pack as 'steam' | 'streaming' | 'movies'];
  if (given) {
    if (!existsSync(given)) throw new Error(`--${pack} ${given} is not there`);
    return resolve(given);
  }
  if (pack === 'steam') return steamRaw('1', '42');
  if (pack === 'movies') return moviesRaw('42');
  const titles = resolve(ROOT, '../shared/data/streaming');
  const real = existsSync(join(titles, 'netflix_titles.csv'));
  return cachedRaw('streaming', `streaming-ratings11000000-seed42${real ? '-realtitles' : ''}`, ['--ratings', '11000000', '--seed', '42', ...(real ? ['--titles', titles] : [])]).dir;
}

/** Bytes of text a raw file holds (its size, or what it gunzips to). */
async function textBytes(file: string): Promise<number> {
  if (!file.endsWith('.gz')) return statSync(file).size;
  let n = 0;
  for await (const chunk of createReadStream(file).pipe(createGunzip())) n += (chunk as Buffer).length;
  return n;
}

interface SourceFigures {
  source: string;
  seconds: number;
  records: number;
  rows: number;
  diskMB: number;
  textMB: number;
  textMBps: number | null;
}

/** Wall seconds the data profile took inside the ingest, as the warehouse records them. */
async function profileTime(db: string): Promise<number | null> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const rows = (await conn.runAndReadAll('SELECT seconds FROM profile')).getRows();
    return rows.length ? +Number(rows[0][0]).toFixed(2) : null;
  } catch {
    return null; // a warehouse without a profile table
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const load = () => loadavg().map((x) => +x.toFixed(2));
const mb = (n: number) => n / 1e6;

// the built CLI, as `recops` runs: through tsx the sources would be compiled at every start, CPU the ingest does not spend
execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
const CLI = [join(ROOT, 'dist/cli/index.js')];

const results = [];
mkdirSync(join(ROOT, '.cache/bench'), { recursive: true });
for (const pack of values.packs.split(',').map((p) => p.trim())) {
  if (!BUDGET[pack]) throw new Error(`unknown pack ${pack}: one of ${Object.keys(BUDGET).join(', ')}`);
  const raw = rawDir(pack);
  const db = join(ROOT, '.cache/bench', `${pack}-ingest-speed.duckdb`);
  const runs = [];
  let textSizes: Map<string, number> | null = null;
  for (let i = 0; i < Number(values.runs); i++) {
    const loadBefore = load();
    const started = process.hrtime.bigint();
    const res = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...CLI, 'ingest', pack, '--from', raw, '--db', db, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (res.status !== 0) {
      console.error(res.stderr);
      process.exit(1);
    }
    const [user, sys, rssKB] = res.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    const report = JSON.parse(res.stdout);
    const profileSeconds = await profileTime(db);
    if (!textSizes) {
      textSizes = new Map();
      for (const s of report.sources) textSizes.set(s.file, await textBytes(s.file));
    }
    runs.push({
      wallSeconds: +wallSeconds.toFixed(2),
      cpuSeconds: +(user + sys).toFixed(2),
      peakRssMB: Math.round(rssKB / 1024),
      profileSeconds,
      loadBefore,
      loadAfter: load(),
      sources: (report.sources as { source: string; file: string; bytes: number; seconds: number; records: number; rows: number }[]).map((s): SourceFigures => ({
        source: s.source,
        seconds: s.seconds,
        records: s.records,
        rows: s.rows,
        diskMB: +mb(s.bytes).toFixed(1),
        textMB: +mb(textSizes!.get(s.file)!).toFixed(1),
        textMBps: s.seconds > 0 ? +(mb(textSizes!.get(s.file)!) / s.seconds).toFixed(1) : null,
      })),
    });
  }
  const worst = { wallSeconds: Math.max(...runs.map((r) => r.wallSeconds)), cpuSeconds: Math.max(...runs.map((r) => r.cpuSeconds)), peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)) };
  const budget = BUDGET[pack];
  results.push({ pack, raw, budget, within: worst.wallSeconds <= budget.wallSeconds && worst.peakRssMB <= budget.peakRssMB, worst, runs });
  const last = runs[runs.length - 1];
  console.error(
    `${pack}: wall ${worst.wallSeconds} s (budget ${budget.wallSeconds} s; data profile ${last.profileSeconds} s of it), CPU ${worst.cpuSeconds} s, peak ${worst.peakRssMB} MB (budget ${budget.peakRssMB} MB), load ${last.loadBefore[0]} → ${last.loadAfter[0]}\n` +
      last.sources.map((s) => `  ${s.source.padEnd(26)} ${String(s.textMB).padStart(7)} MB text in ${s.seconds.toFixed(1).padStart(5)} s = ${String(s.textMBps ?? '-').padStart(6)} MB/s`).join('\n'),
  );
}
console.log(JSON.stringify({ bench: 'ingest', cores: availableParallelism(), results }, null, 2));
