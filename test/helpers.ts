import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Pack } from '../src/core/pack.js';
import type { TableSpec } from '../src/core/warehouse/schema.js';
import { ingestPack } from '../src/core/ingest/run.js';
import { buildApp } from '../src/core/server/app.js';

/**
 * Real data, read in place (never copied into the project): $RECOPS_SHARED_DATA, else the
 * workplace's ../shared/data beside the checkout. Tests that need it skip when it is absent.
 */
export const SHARED_DATA = process.env.RECOPS_SHARED_DATA ?? resolve(import.meta.dirname, '../../shared/data');
export const hasShared = (rel: string) => existsSync(join(SHARED_DATA, rel));

export function tempDir(prefix = 'recops-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one query on a warehouse file (read-only) and returns plain row objects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test rows are compared with deepEqual
export async function query(db: string, sql: string): Promise<Record<string, any>[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const res = await conn.runAndReadAll(sql);
    // counts come back as BIGINT; tests compare with plain numbers
    return res.getRowObjectsJS().map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export const silent = (): void => {};

/** An HTML character reference ('&amp;', '&#39;', '&quot;'): the Steam catalogue's names hold them. */
const REFERENCE = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/** The lines of a folder's CSV files (plain or gzipped) that hold an HTML character reference. */
export function linesWithReferences(folder: string): string[] {
  const files = readdirSync(folder).filter((f) => /\.csv(\.gz)?$/.test(f));
  assert.ok(files.length > 0, folder);
  return files.flatMap((f) => {
    const bytes = readFileSync(join(folder, f));
    return (f.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n').filter((l) => REFERENCE.test(l)).map((l) => `${f}: ${l.slice(0, 200)}`);
  });
}

/** Every table and column of a pack appears in its README (`### \`table\`` and `| col | TYPE |` rows). */
export function assertReadmeDocumentsTables(readme: string, tables: TableSpec[]): void {
  for (const table of tables) {
    assert.ok(readme.includes(`### \`${table.name}\``), `table ${table.name}`);
    for (const c of table.columns) assert.match(readme, new RegExp(`^\\| ${c.name} \\| ${c.type.replace(/[[\]]/g, '\\$&')} \\|`, 'm'), `${table.name}.${c.name}`);
  }
}

/**
 * The server's answers to GET `paths` on a pack's demo data: raw files generated with
 * `synthOptions`, ingested into a fresh warehouse, served in-process.
 */
export async function demoAnswers(pack: Pack, synthOptions: Record<string, string>, paths: string[], opts: { train?: boolean } = {}): Promise<string[]> {
  const { dir, cleanup } = tempDir();
  try {
    const db = await demoWarehouse(pack, synthOptions, dir, opts);
    const app = await buildApp({ packs: [{ pack, db }] });
    try {
      const bodies: string[] = [];
      for (const url of paths) bodies.push((await app.inject({ method: 'GET', url })).body);
      return bodies;
    } finally {
      await app.close();
    }
  } finally {
    cleanup();
  }
}

/**
 * A pack's demo warehouse in `dir`: raw files generated with `synthOptions` (in `dir/raw/<pack>`),
 * ingested into `dir/<pack>.duckdb`; then, as `npm start` does with the default seed, the
 * models evaluated (so that the cards carry metrics) and trained. Returns the warehouse path.
 */
export async function demoWarehouse(pack: Pack, synthOptions: Record<string, string>, dir: string, opts: { evaluate?: boolean; train?: boolean } = {}): Promise<string> {
  const raw = join(dir, 'raw', pack.name);
  if (!pack.synth) throw new Error(`demoWarehouse: pack '${pack.name}' has no generator (synth); write its raw files and call ingestPack`);
  await pack.synth.generate(raw, synthOptions, silent);
  const db = join(dir, `${pack.name}.duckdb`);
  await ingestPack(pack, { from: raw, db, log: silent });
  if (opts.evaluate && pack.models) await pack.models.evaluate(db, { seed: 42, k: 10, log: silent });
  if (opts.train && pack.models) await pack.models.train(db, { seed: 42, log: silent });
  return db;
}
