/** Shared by the bench scripts: full-scale raw files and warehouse, generated once and cached. */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/index.ts')];
const REAL_GAMES = resolve(ROOT, '../shared/data/steam/steam_games.json.gz');

/**
 * Raw files made by `recops gen <pack> <args>` into .cache/bench/<name>, once: kept while the
 * generator's code is unchanged (a hash of the pack's synth folder and src/core/synth is written
 * beside the files), regenerated when it changes, so a bench never measures stale data.
 * Returns the folder and the generation time when it ran.
 */
export function cachedRaw(pack: string, name: string, args: string[]): { dir: string; genSeconds: number | null } {
  const dir = join(ROOT, '.cache/bench', name);
  const done = join(dir, '.complete');
  const version = generatorVersion(pack);
  if (existsSync(done) && readFileSync(done, 'utf8').split('\n')[0] === version) return { dir, genSeconds: null };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.error(`generating ${pack} raw files into ${dir} (once per generator version; cached)`);
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [...CLI, 'gen', pack, '--out', dir, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const genSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(done, `${version}\n${new Date().toISOString()}\n`);
  return { dir, genSeconds: +genSeconds.toFixed(2) };
}

function generatorVersion(pack: string): string {
  const hash = createHash('sha256');
  const files = (dir: string) => readdirSync(dir).sort().map((f) => join(dir, f));
  const own = join(ROOT, 'src/packs', pack, 'synth');
  for (const f of [...(existsSync(own) ? files(own) : [own + '.ts']), ...files(join(ROOT, 'src/core/synth'))]) hash.update(readFileSync(f));
  return hash.digest('hex').slice(0, 16);
}

/** Full-scale Steam raw files (real catalogue when ../shared/data has it). */
export function steamRaw(scale = '1', seed = '42'): string {
  const real = existsSync(REAL_GAMES);
  return cachedRaw('steam', `steam-scale${scale}-seed${seed}${real ? '-realgames' : ''}`, ['--scale', scale, '--seed', seed, ...(real ? ['--games', REAL_GAMES] : [])]).dir;
}

/** A warehouse built from steamRaw(), rebuilt when the raw files or the code's version change. */
export function steamWarehouse(scale = '1', seed = '42'): string {
  const raw = steamRaw(scale, seed);
  const db = join(ROOT, '.cache/bench', `steam-scale${scale}-seed${seed}.duckdb`);
  const stamp = db + '.stamp';
  const want = raw + ' ' + ingestVersion('steam');
  if (!existsSync(db) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    console.error(`building warehouse ${db}`);
    execFileSync(process.execPath, [...CLI, 'ingest', 'steam', '--from', raw, '--db', db], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(stamp, want);
  }
  return db;
}

/**
 * What a warehouse build depends on: the core's ingest, warehouse and text code, the pack's files
 * that read, clean, declare and prepare its tables, and the lock file. A commit that touches only
 * models or routes does not rebuild the bench warehouse (a minute each time).
 */
function ingestVersion(pack: string): string {
  const hash = createHash('sha256');
  const files: string[] = [join(ROOT, 'package-lock.json')];
  for (const d of ['src/core/ingest', 'src/core/warehouse', 'src/core/text']) files.push(...readdirSync(join(ROOT, d)).sort().map((f) => join(ROOT, d, f)));
  for (const f of ['index.ts', 'sources.ts', 'clean.ts', 'tables.ts', 'queries.ts', 'sentiment.ts']) if (existsSync(join(ROOT, 'src/packs', pack, f))) files.push(join(ROOT, 'src/packs', pack, f));
  for (const f of files) hash.update(f).update(readFileSync(f));
  return hash.digest('hex').slice(0, 16);
}

/** Peak resident memory of a live process (Linux /proc), MB. */
export function peakRssMB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const REAL_MOVIES = resolve(ROOT, '../shared/data/movies');

/**
 * Full-size movies raw files, made once: rebuilt from the real derived tables when
 * ../shared/data/movies has them (real titles, money, companies, directors), else synthetic.
 */
export function moviesRaw(seed = '42'): string {
  const real = existsSync(join(REAL_MOVIES, 'peliculas_duracion.csv.gz'));
  return cachedRaw('movies', `movies-full-seed${seed}${real ? '-real' : ''}`, ['--seed', seed, ...(real ? ['--from', REAL_MOVIES] : [])]).dir;
}

/**
 * `recops serve <args>` in a child process (stdout ignored, stderr shown), waited for until
 * /health answers; `command` is the CLI to run (default: the sources through tsx).
 */
export async function startServer(args: string[], port: number, command: string[] = CLI, timeoutMs = 120_000): Promise<{ server: ChildProcess; startSeconds: number }> {
  const started = Date.now();
  const server = spawn(process.execPath, [...command, 'serve', ...args, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return { server, startSeconds: (Date.now() - started) / 1000 };
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`server did not start within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A child process run to completion under GNU time: wall seconds, peak RSS, its output; exits the bench if it fails. */
export function timed(cmd: string, args: string[]): { wallSeconds: number; peakRssMB: number; stdout: string; stderr: string } {
  const started = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(1);
  }
  return {
    wallSeconds: +(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2),
    peakRssMB: Math.round(Number(res.stderr.trim().split('\n').pop()) / 1024),
    stdout: res.stdout,
    stderr: res.stderr,
  };
}

/**
 * The three packs' full-scale warehouses with their models, as the other benches leave them in
 * .cache/bench (exits saying which bench to run when one is missing), after `npm run build`:
 * the benches that measure a whole server run the built one, as deployed.
 */
export function allPacksBuilt(): string[] {
  const dbs = ['steam-scale1-seed42.duckdb', 'movies-bench.duckdb', 'streaming-ingest-bench.duckdb'].map((f) => join(ROOT, '.cache/bench', f));
  const missing = dbs.filter((d) => !existsSync(d));
  if (missing.length) {
    console.error(`missing ${missing.join(', ')}: run npm run bench:train, bench:movies and bench:streaming first`);
    process.exit(1);
  }
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return dbs;
}
