/**
 * The data drift a retrain saw, kept with the runs it trained: `drift.json` in each run's folder
 * (the folder holding the run's model artifacts), named by the run records' `drift` field, so the
 * model page can show what changed in the data beside the decision it informed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Drift } from '../profile/drift.js';
import { Registry, type ModelRun } from './registry.js';

export const DRIFT_FILE = 'drift.json';

/**
 * Writes the drift into the folder of each of the runs (runs of one train share it) and records
 * it in their registry records, in one registry write. Returns the files written.
 */
export function keepDriftWithRuns(modelsDir: string, runs: ModelRun[], drift: Drift): string[] {
  const registry = new Registry(modelsDir);
  const folders = new Map<string, string[]>();
  for (const run of runs) {
    const folder = dirname(registry.artifactPath(run));
    folders.set(folder, [...(folders.get(folder) ?? []), run.id]);
  }
  const paths: { runId: string; drift: string }[] = [];
  const written: string[] = [];
  for (const [folder, ids] of folders) {
    const file = join(folder, DRIFT_FILE);
    mkdirSync(folder, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(drift, null, 2) + '\n');
    renameSync(tmp, file);
    written.push(file);
    for (const runId of ids) paths.push({ runId, drift: relative(modelsDir, file) });
  }
  registry.setDrift(paths);
  return written;
}

/**
 * The drift kept with a run, or null when it has none or its file is gone (a models folder
 * pruned by hand). A path leading out of the models folder is not followed.
 */
export function readRunDrift(modelsDir: string, run: ModelRun): Drift | null {
  if (!run.drift) return null;
  const root = resolve(modelsDir);
  const file = resolve(root, run.drift);
  if (!file.startsWith(root + sep) || !existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Drift;
}
