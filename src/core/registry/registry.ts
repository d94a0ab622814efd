import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';

/** One trained model version. */
export interface ModelRun {
  id: string;
  pack: string;
  model: string;
  params: Record<string, unknown>;
  /** identifies the warehouse build the model was trained on */
  dataFingerprint: string;
  metrics: Record<string, number> | null;
  /** artifact folder, relative to the models folder */
  artifact: string;
  createdAt: string;
  seconds: number;
  /**
   * 'failed': the train that made it failed before all its models were done, so it never went
   * live (and never will). Absent: its train finished.
   */
  status?: 'failed';
  /** why its train failed (with status 'failed') */
  error?: string;
  /**
   * Made by `recops retrain`: the data drift from the live warehouse to the one this run was
   * trained on (`drift.json` in the run's folder, as `recops profile --compare --json` has it
   * under `drift`), relative to the models folder. Absent: trained by `recops train`, or the
   * drift could not be computed.
   */
  drift?: string;
}

export interface RegistryFile {
  runs: ModelRun[];
  /** "pack/model" → run id of the version the server loads */
  live: Record<string, string>;
}

/**
 * The model registry: a JSON file beside the artifacts that keeps every run and which version
 * of each model is live. Writes are atomic (temp file + rename) so a server never reads half a file.
 */
export class Registry {
  readonly path: string;
  constructor(readonly modelsDir: string) {
    this.path = join(modelsDir, 'registry.json');
  }

  read(): RegistryFile {
    if (!existsSync(this.path)) return { runs: [], live: {} };
    return JSON.parse(readFileSync(this.path, 'utf8')) as RegistryFile;
  }

  private write(file: RegistryFile): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n');
    renameSync(tmp, this.path);
  }

  /** Records a run; `promote` makes it the live version of its model. */
  add(run: ModelRun, promote: boolean): void {
    const file = this.read();
    file.runs.push(run);
    if (promote) file.live[`${run.pack}/${run.model}`] = run.id;
    this.write(file);
  }

  /** Makes these runs the live versions of their models, in one write (none if one is unknown or failed). */
  promote(runIds: string[]): void {
    const file = this.read();
    const runs = runIds.map((id) => {
      const run = file.runs.find((r) => r.id === id);
      if (!run) throw new Error(`no run '${id}' in ${this.path}`);
      if (run.status === 'failed') throw new Error(`run '${id}' failed (${run.error ?? 'no reason recorded'}): it cannot go live`);
      return run;
    });
    for (const run of runs) file.live[`${run.pack}/${run.model}`] = run.id;
    this.write(file);
  }

  /** Records these runs as failed with the reason, in one write; a failed run is never live. */
  markFailed(runIds: string[], error: string): void {
    if (!runIds.length) return;
    const file = this.read();
    for (const run of file.runs) {
      if (!runIds.includes(run.id)) continue;
      run.status = 'failed';
      run.error = error;
    }
    this.write(file);
  }

  setMetrics(runId: string, metrics: Record<string, number>): void {
    const file = this.read();
    const run = file.runs.find((r) => r.id === runId);
    if (run) {
      run.metrics = metrics;
      this.write(file);
    }
  }

  /** Points these runs at their drift file (relative to the models folder), in one write. */
  setDrift(paths: { runId: string; drift: string }[]): void {
    if (!paths.length) return;
    const file = this.read();
    for (const { runId, drift } of paths) {
      const run = file.runs.find((r) => r.id === runId);
      if (run) run.drift = drift;
    }
    this.write(file);
  }

  live(pack: string, model: string): ModelRun | undefined {
    const file = this.read();
    const id = file.live[`${pack}/${model}`];
    return file.runs.find((r) => r.id === id);
  }

  artifactPath(run: ModelRun): string {
    return resolve(this.modelsDir, run.artifact);
  }

  relativeArtifact(path: string): string {
    return relative(this.modelsDir, path);
  }
}

/** Where a warehouse's models live: `models/` beside the warehouse file. */
export function modelsDirFor(db: string): string {
  return join(dirname(resolve(db)), 'models');
}

/** A sortable, unique-enough run id: UTC time plus a short random suffix. */
export function newRunId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '') + '-' + Math.random().toString(36).slice(2, 6);
}

/**
 * A model's data fingerprint: the warehouse build it read (every source's rows and build time,
 * from build_info) plus `extra`, what the model took from it (e.g. how many rows). Reports and
 * runs carry it, so a report is only ever applied to the data it was computed on.
 */
export async function dataFingerprint(conn: DuckDBConnection, extra: string): Promise<string> {
  const res = await conn.runAndReadAll("SELECT string_agg(source || ':' || rows || ':' || built_at, '|' ORDER BY source) FROM build_info");
  const build = String(res.getRows()[0]?.[0] ?? '');
  return createHash('sha256').update(build).update(extra).digest('hex').slice(0, 16);
}

/** An evaluation report written at `path`, if it was computed on the data with this fingerprint. */
export function readReportFor<T extends { dataFingerprint: string }>(path: string, fingerprint: string): T | null {
  if (!existsSync(path)) return null;
  const report = JSON.parse(readFileSync(path, 'utf8')) as T;
  return report.dataFingerprint === fingerprint ? report : null;
}
