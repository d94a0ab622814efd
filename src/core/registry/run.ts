/**
 * A training run: one folder (`models/<pack>/runs/<id>/`), its models registered one by one as
 * they are fitted, and promoted together, in one registry write, only when every one of them
 * succeeded. A run that throws midway has its registered models marked failed; the live
 * versions stay as they were.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Registry, modelsDirFor, newRunId, type ModelRun } from './registry.js';

export interface TrainingRun {
  readonly id: string;
  readonly pack: string;
  readonly modelsDir: string;
  /** the run's folder, created: artifacts shared by its models and one folder per model */
  readonly dir: string;
  readonly registry: Registry;
  /** Registers a fitted model (not live yet); its artifact folder must be inside the models folder. */
  register(model: string, fitted: { artifact: string; params: Record<string, unknown>; dataFingerprint: string; metrics: Record<string, number> | null; seconds: number }): ModelRun;
}

export interface RunResult<T> {
  value: T;
  runs: ModelRun[];
  modelsDir: string;
}

/**
 * Runs `train` as one training run of `pack` on the warehouse `db`; with `promote` (the default)
 * its models go live together when `train` returns. `recops train` and `recops retrain` pass
 * false and promote after their own checks.
 */
export async function trainingRun<T>(db: string, pack: string, opts: { promote?: boolean }, train: (run: TrainingRun) => Promise<T>): Promise<RunResult<T>> {
  const modelsDir = modelsDirFor(db);
  const registry = new Registry(modelsDir);
  const id = newRunId();
  const dir = join(modelsDir, pack, 'runs', id);
  mkdirSync(dir, { recursive: true });
  const runs: ModelRun[] = [];
  const run: TrainingRun = {
    id,
    pack,
    modelsDir,
    dir,
    registry,
    register(model, fitted) {
      const entry: ModelRun = {
        id: `${id}/${model}`,
        pack,
        model,
        params: fitted.params,
        dataFingerprint: fitted.dataFingerprint,
        metrics: fitted.metrics,
        artifact: registry.relativeArtifact(fitted.artifact),
        createdAt: new Date().toISOString(),
        seconds: fitted.seconds,
      };
      registry.add(entry, false);
      runs.push(entry);
      return entry;
    },
  };
  let value: T;
  try {
    value = await train(run);
  } catch (err) {
    registry.markFailed(
      runs.map((r) => r.id),
      err instanceof Error ? err.message : String(err),
    );
    throw err;
  }
  if (opts.promote ?? true) registry.promote(runs.map((r) => r.id));
  return { value, runs, modelsDir };
}
