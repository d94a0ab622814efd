import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Pack } from '../pack.js';
import { col, createTableSql, type TableSpec } from '../warehouse/schema.js';
import { TableWriter } from '../warehouse/writer.js';
import { openReadOnly } from '../warehouse/warehouse.js';
import { computeProfile, type ProfileInput } from './compute.js';
import { rows } from './sql.js';
import { compareProfiles, type Drift } from './drift.js';
import { PROFILE_SCHEMA_VERSION, type Profile } from './types.js';

export const PROFILE_TABLE: TableSpec = {
  name: 'profile',
  doc: 'The data profile of this build (`recops profile`): one row, computed at the end of the ingest.',
  columns: [
    col('schema_version', 'INTEGER', 'version of the profile JSON layout'),
    col('computed_at', 'TIMESTAMP', 'UTC time it was computed'),
    col('seconds', 'DOUBLE', 'wall seconds it took'),
    col('profile', 'VARCHAR', 'the profile as JSON (`recops profile --json` prints it)'),
  ],
};

export const profileInput = (pack: Pack): ProfileInput => ({ pack: pack.name, title: pack.title, tables: pack.tables, views: pack.profile });

/**
 * Computes the profile inside a warehouse build and stores it in `profile`. A profile that fails
 * does not fail the build (the data is good, and `recops profile` computes one on the fly from a
 * warehouse without it): it says so loudly instead.
 */
export async function writeProfile(conn: DuckDBConnection, pack: Pack, log: (m: string) => void): Promise<Profile | null> {
  let profile: Profile;
  try {
    profile = await computeProfile(conn, profileInput(pack), log);
  } catch (err) {
    log(`profile: NOT stored, it failed: ${(err as Error).message}; \`recops profile ${pack.name} --db FILE\` will compute it on the fly`);
    return null;
  }
  await conn.run(createTableSql(PROFILE_TABLE));
  const w = await TableWriter.open(conn, PROFILE_TABLE);
  w.append([profile.schemaVersion, profile.computedAt.replace('T', ' ').replace('Z', ''), profile.seconds, JSON.stringify(profile)]);
  w.close();
  log(`profile: ${profile.tables.length} tables, ${profile.alerts.length} alerts in ${profile.seconds.toFixed(1)} s`);
  return profile;
}

/** The stored profile of an open warehouse, or null when it has none or one of another schema version. */
export async function readStoredProfile(conn: DuckDBConnection): Promise<Profile | null> {
  const [exists] = await rows(conn, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'profile' AND schema_name = 'main'`);
  if (!Number(exists.n)) return null;
  const [row] = await rows(conn, `SELECT schema_version, profile FROM profile LIMIT 1`);
  if (!row || Number(row.schema_version) !== PROFILE_SCHEMA_VERSION) return null;
  return JSON.parse(String(row.profile)) as Profile;
}

export interface LoadedProfile {
  profile: Profile;
  /** 'stored': read from the warehouse's profile table; 'computed': computed now (read-only) */
  origin: 'stored' | 'computed';
}

/**
 * The profile of a warehouse file: the stored one, or (a warehouse built before profiles, or
 * `recompute`) computed now on a read-only connection. The file's size is filled in here.
 */
export async function loadProfile(db: string, pack: Pack, opts: { log?: (m: string) => void; recompute?: boolean } = {}): Promise<LoadedProfile> {
  const log = opts.log ?? (() => {});
  const wh = await openReadOnly(db);
  try {
    let profile = opts.recompute ? null : await readStoredProfile(wh.conn);
    let origin: LoadedProfile['origin'] = 'stored';
    if (!profile) {
      log(opts.recompute ? 'profile: computing it again (read-only)' : `profile: ${db} has no stored profile of version ${PROFILE_SCHEMA_VERSION} (built before it was added): computing it now, read-only`);
      profile = await computeProfile(wh.conn, profileInput(pack), log);
      origin = 'computed';
    }
    profile.overview.fileBytes = statSync(db).size;
    return { profile, origin };
  } finally {
    wh.close();
  }
}

/**
 * The drift from one warehouse file to another of the same pack, from their profiles (stored, or
 * computed read-only where a warehouse has none).
 */
export async function driftBetween(oldDb: string, newDb: string, pack: Pack, log: (m: string) => void = () => {}): Promise<Drift> {
  const old = await loadProfile(oldDb, pack, { log });
  const now = await loadProfile(newDb, pack, { log });
  return compareProfiles(old.profile, now.profile);
}
