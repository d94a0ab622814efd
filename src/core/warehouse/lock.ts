import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * An exclusive lock per target (a warehouse file, a models folder): a file `<target>.lock` beside
 * it, created with O_EXCL and holding its holder, so a second writer fails at once and can say
 * who holds it. The lock libraries on npm (proper-lockfile, lockfile) judge staleness by age and
 * do not record the holder's pid; a build can take minutes, so staleness here is "the holder's
 * process is gone", which needs the pid.
 */

export interface LockHolder {
  pid: number;
  host: string;
  /** the command line that holds it, e.g. `recops ingest steam --from raw --db w.duckdb` */
  command: string;
  /** ISO time it was taken */
  since: string;
}

export interface Lock {
  file: string;
  holder: LockHolder;
  /** the holder of a stale lock this one replaced (its process was gone) */
  tookOverFrom: LockHolder | null;
  release(): void;
}

export class LockedError extends Error {
  constructor(
    readonly target: string,
    readonly file: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `${target} is in use by another recops: pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''} (\`${holder.command}\`) since ${holder.since}. ` +
            `Wait for it to finish and run again; if that process is gone and the lock stays, remove ${file}.`
        : `${target} is locked (${file} exists but names no holder yet); run again in a moment, or remove ${file} if no recops is running.`,
    );
    this.name = 'LockedError';
  }
}

export function lockFileFor(target: string): string {
  return resolve(target).replace(/[/\\]+$/, '') + '.lock';
}

/** Whether a process of this host runs under that pid (EPERM: it runs, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) ? h : null;
  } catch {
    // created but not written yet (the holder writes right after creating it), or garbage
    return null;
  }
}

/** Locks this process holds: a second acquire of one of them is a bug, not a stale lock. */
const held = new Set<string>();

/**
 * A holder is stale when it ran on this host and its pid is not alive, or is this process's own
 * pid without this process holding it (a container restarted with the same small pid).
 */
function isStale(h: LockHolder, file: string): boolean {
  if (h.host !== hostname()) return false;
  if (h.pid === process.pid) return !held.has(file);
  return !pidAlive(h.pid);
}

function currentCommand(): string {
  const args = process.argv.slice(2);
  return args.length ? `recops ${args.join(' ')}` : process.argv.join(' ');
}

function tryCreate(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(holder) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the lock of `target` or throws LockedError naming its holder. A stale lock (holder gone)
 * is taken over: renamed aside under a name unique to this process first, so that of two
 * processes finding it stale at once only one removes it, and a fresh lock created meanwhile is
 * never removed. Released by `release()`, and on exit or SIGINT/SIGTERM if the caller never gets
 * there (after `onSignal`, the caller's own cleanup; the signal then ends the process as usual).
 */
export function acquireLock(target: string, command = currentCommand(), onSignal?: () => void): Lock {
  const file = lockFileFor(target);
  if (held.has(file)) throw new Error(`this process already holds ${file}`);
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  let tookOverFrom: LockHolder | null = null;
  for (let attempt = 0; !tryCreate(file, holder); attempt++) {
    const current = readHolder(file);
    if (current === 'gone') continue; // released between our create and our read: try again
    if (current === null || !isStale(current, file) || attempt > 5) throw new LockedError(target, file, current === null ? null : current);
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // another process took it over first
      throw err;
    }
    const moved = readHolder(aside);
    rmSync(aside, { force: true });
    if (moved !== 'gone' && moved !== null && !(moved.pid === current.pid && moved.since === current.since)) {
      // what we moved was a live lock taken after our read: it cannot be put back atomically,
      // so say who held it rather than run beside it
      throw new LockedError(target, file, moved);
    }
    tookOverFrom = current;
  }
  held.add(file);
  const onExit = () => release();
  const onSignalled = (signal: NodeJS.Signals) => {
    try {
      onSignal?.();
    } finally {
      release();
      process.kill(process.pid, signal);
    }
  };
  function release(): void {
    if (!held.delete(file)) return;
    process.off('exit', onExit);
    process.off('SIGINT', onSignalled);
    process.off('SIGTERM', onSignalled);
    const h = readHolder(file);
    if (h !== 'gone' && h !== null && h.pid === holder.pid && h.since === holder.since) rmSync(file, { force: true });
  }
  process.once('exit', onExit);
  process.once('SIGINT', onSignalled);
  process.once('SIGTERM', onSignalled);
  return { file, holder, tookOverFrom, release };
}

/** Runs `fn` holding the lock of `target`; says so when it took over a dead process's lock. */
export async function withLock<T>(target: string, fn: () => Promise<T>, log?: (message: string) => void): Promise<T> {
  const lock = acquireLock(target);
  if (lock.tookOverFrom && log) log(`took over the lock of ${target} from pid ${lock.tookOverFrom.pid} (\`${lock.tookOverFrom.command}\`, since ${lock.tookOverFrom.since}), which is no longer running`);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
