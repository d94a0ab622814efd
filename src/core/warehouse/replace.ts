/**
 * Replacing a file or a folder whole: the new one is built beside the target under
 * `<target>.building-<pid>`, then renamed in, so a reader sees the old one or the new one, never
 * half of either. A folder cannot be renamed over a folder, so the old one is first renamed aside
 * (`<target>.old-<pid>`) and removed after. What a killed process left (`.building-`/`.old-`
 * names, and files beside them such as a `.wal`) is found by `leftoverBuilds`.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pidAlive } from './lock.js';

/** Where this process builds the replacement of `target`. */
export function buildingPath(target: string): string {
  return `${target}.building-${process.pid}`;
}

/** Puts `built` (a file or a folder, see buildingPath) in the place of `target`. */
export function swapIn(built: string, target: string): void {
  if (!statSync(built).isDirectory() || !existsSync(target)) {
    renameSync(built, target);
    return;
  }
  const old = `${target}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  renameSync(target, old);
  renameSync(built, target);
  rmSync(old, { recursive: true, force: true });
}

/**
 * The paths of replacements of `target` that were being built (or swapped) by processes that
 * were killed. `lockHeld`: the caller holds the target's lock, so no other process can be
 * building it and every one is stale (a pid check would keep a file whose pid was reused);
 * otherwise only those of processes no longer running, never this process's own.
 */
export function leftoverBuilds(target: string, opts: { lockHeld: boolean }): string[] {
  const dir = dirname(target);
  if (!existsSync(dir)) return [];
  const prefix = basename(target);
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const m = /^\.(building|old)-(\d+)(\..*)?$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[2]);
    if (!opts.lockHeld && (pid === process.pid || pidAlive(pid))) continue;
    found.push(join(dir, name));
  }
  return found;
}
