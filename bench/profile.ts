/**
 * Profile budget (issue 15): `recops profile <pack> --recompute --json` on the full-scale
 * warehouses, each in a child process under GNU time (wall seconds, peak RSS), next to the budget
 * (2 cores): the Steam warehouse (5.1 M library rows) and the 11 M-rating streaming warehouse each
 * ≤ 10 s wall and ≤ 1 GB peak RSS; movies reported beside them. The warehouses are the other
 * benches' (built once into .cache/bench when missing) or the files given:
 *
 *   npm run bench:profile [-- --steam FILE --streaming FILE --movies FILE --runs 1]
 *
 * The load average is printed too: on a shared machine it says how far the figures are from a
 * quiet one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, ROOT, cachedRaw, moviesRaw, steamWarehouse, timed } from './common.js';

const { values } = parseArgs({
  options: {
    steam: { type: 'string' },
    streaming: { type: 'string' },
    movies: { type: 'string' },
    runs: { type: 'string', default: '1' },
  },
});
const BUDGET = { wallSeconds: 10, peakRssMB: 1024, packs: ['steam', 'streaming'] };

function built(pack: string, db: string, raw: () => string): string {
  if (!existsSync(db)) {
    console.error(`building ${db}`);
    execFileSync(process.execPath, [...CLI, 'ingest', pack, '--from', raw(), '--db', db], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return db;
}

const REAL_TITLES = resolve(ROOT, '../shared/data/streaming');
const warehouses: Record<string, () => string> = {
  steam: () => (values.steam ? resolve(values.steam) : steamWarehouse()),
  streaming: () =>
    values.streaming
      ? resolve(values.streaming)
      : built('streaming', join(ROOT, '.cache/bench', 'streaming-ingest-bench.duckdb'), () => {
          const real = existsSync(join(REAL_TITLES, 'netflix_titles.csv'));
          return cachedRaw('streaming', `streaming-ratings11000000-seed42${real ? '-realtitles' : ''}`, ['--ratings', '11000000', '--seed', '42', ...(real ? ['--titles', REAL_TITLES] : [])]).dir;
        }),
  movies: () => (values.movies ? resolve(values.movies) : built('movies', join(ROOT, '.cache/bench', 'movies-bench.duckdb'), () => moviesRaw())),
};

const results = [];
for (const [pack, db] of Object.entries(warehouses)) {
  const file = db();
  for (let run = 0; run < Number(values.runs); run++) {
    const load = loadavg()[0];
    const res = timed(process.execPath, [...CLI, 'profile', pack, '--db', file, '--recompute', '--json']);
    const profile = JSON.parse(res.stdout);
    const budgeted = BUDGET.packs.includes(pack);
    results.push({
      pack,
      run: run + 1,
      rows: profile.overview.rows,
      largestTable: profile.overview.tables.reduce((a: { name: string; rows: number }, t: { name: string; rows: number }) => (t.rows > a.rows ? t : a)).name,
      wallSeconds: res.wallSeconds,
      profileSeconds: +profile.seconds.toFixed(2),
      peakRssMB: res.peakRssMB,
      loadAverageBefore: +load.toFixed(2),
      approximations: profile.approximations.length,
      withinBudget: budgeted ? res.wallSeconds <= BUDGET.wallSeconds && res.peakRssMB <= BUDGET.peakRssMB : null,
    });
    console.error(`${pack}: ${res.wallSeconds} s wall (profile ${profile.seconds.toFixed(1)} s), ${res.peakRssMB} MB peak, load ${load.toFixed(1)}`);
  }
}
console.log(JSON.stringify({ budget: BUDGET, cores: availableParallelism(), results }, null, 2));
