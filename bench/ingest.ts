/**
 * Ingest budget: full-scale Steam raw files (generated once, cached in .cache/bench) ingested by
 * `recops ingest steam` in a child process. Prints JSON: wall seconds, peak RSS, rows, budget.
 * Budget (2 cores): ≤ 60 s and ≤ 1.5 GB peak RSS at --scale 1.
 *
 *   npm run bench:ingest [-- --scale 1 --runs 1]
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, ROOT, steamRaw } from './common.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, runs: { type: 'string', default: '1' }, seed: { type: 'string', default: '42' } } });
const raw = steamRaw(values.scale, values.seed);
const db = join(ROOT, '.cache/bench', 'steam-ingest-bench.duckdb');

const runs = [];
for (let i = 0; i < Number(values.runs); i++) {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [...CLI, 'ingest', 'steam', '--from', raw, '--db', db, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(1);
  }
  const report = JSON.parse(res.stdout);
  runs.push({
    wallSeconds: +wall.toFixed(2),
    peakRssMB: report.peakRssMB as number,
    tables: report.tables,
    sources: report.sources.map((s: Record<string, unknown>) => ({ source: s.source, seconds: s.seconds, records: s.records, rows: s.rows, rejected: s.rejected, duplicates: s.duplicates, empty: s.empty })),
  });
}
const worst = { wallSeconds: Math.max(...runs.map((r) => r.wallSeconds)), peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)) };
console.log(
  JSON.stringify(
    { bench: 'ingest steam', scale: Number(values.scale), cores: availableParallelism(), budget: { wallSeconds: 60, peakRssMB: 1536 }, within: worst.wallSeconds <= 60 && worst.peakRssMB <= 1536, worst, runs },
    null,
    2,
  ),
);
