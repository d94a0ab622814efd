/** Shared by the bench scripts: full-scale raw files and warehouse, generated once and cached. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/index.ts')];
const REAL_GAMES = resolve(ROOT, '../shared/data/steam/steam_games.json.gz');

/** Full-scale Steam raw files (real catalogue when ../shared/data has it), made once. */
export function steamRaw(scale = '1', seed = '42'): string {
  const dir = join(ROOT, '.cache/bench', `steam-scale${scale}-seed${seed}${existsSync(REAL_GAMES) ? '-realgames' : ''}`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    console.error(`generating raw files into ${dir} (once; cached)`);
    const args = ['gen', 'steam', '--out', dir, '--scale', scale, '--seed', seed];
    if (existsSync(REAL_GAMES)) args.push('--games', REAL_GAMES);
    execFileSync(process.execPath, [...CLI, ...args], { stdio: 'inherit' });
    writeFileSync(done, new Date().toISOString());
  }
  return dir;
}

/** A warehouse built from steamRaw(), rebuilt when the raw files or the code's version change. */
export function steamWarehouse(scale = '1', seed = '42'): string {
  const raw = steamRaw(scale, seed);
  const db = join(ROOT, '.cache/bench', `steam-scale${scale}-seed${seed}.duckdb`);
  const stamp = db + '.stamp';
  const want = raw + ' ' + readFileSync(join(ROOT, 'package.json'), 'utf8').length + ' ' + gitHead();
  if (!existsSync(db) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    console.error(`building warehouse ${db}`);
    execFileSync(process.execPath, [...CLI, 'ingest', 'steam', '--from', raw, '--db', db], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(stamp, want);
  }
  return db;
}

function gitHead(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim() + (execFileSync('git', ['status', '--porcelain', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() ? '-dirty' : '');
  } catch {
    return 'unknown';
  }
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
  const dir = join(ROOT, '.cache/bench', `movies-full-seed${seed}${real ? '-real' : ''}`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    console.error(`generating movies raw files into ${dir} (once; cached)`);
    const args = ['gen', 'movies', '--out', dir, '--seed', seed];
    if (real) args.push('--from', REAL_MOVIES);
    execFileSync(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(done, new Date().toISOString());
  }
  return dir;
}
