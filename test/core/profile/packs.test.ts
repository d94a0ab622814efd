import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pack } from '../../../src/core/pack.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { loadProfile } from '../../../src/core/profile/store.js';
import { PROFILE_SCHEMA_VERSION, type NumericColumn, type Profile } from '../../../src/core/profile/types.js';
import { demoWarehouse, query, tempDir } from '../../helpers.js';

/**
 * Drops the fields that differ between two computations of the same profile; floating-point sums
 * are rounded to 9 significant digits (DuckDB's parallel aggregates add in a varying order).
 */
const stable = (p: Profile) =>
  JSON.parse(JSON.stringify({ ...p, computedAt: null, seconds: null, views: p.views.map((v) => ({ ...v, seconds: null })) }, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v)));

async function checkPack(pack: Pack, synth: Record<string, string>) {
  const { dir, cleanup } = tempDir();
  try {
    const db = await demoWarehouse(pack, synth, dir);
    // stored by the ingest, in the build: one row of the current schema version
    const [row] = await query(db, 'SELECT schema_version, seconds, profile FROM profile');
    assert.equal(row.schema_version, PROFILE_SCHEMA_VERSION);
    const { profile, origin } = await loadProfile(db, pack);
    assert.equal(origin, 'stored');
    assert.deepEqual(stable(profile), stable({ ...JSON.parse(row.profile), overview: { ...JSON.parse(row.profile).overview, fileBytes: profile.overview.fileBytes } }));
    assert.ok(profile.overview.fileBytes! > 0);
    // the pack's clean tables, in order, with the row counts the warehouse holds (no api_* table)
    assert.deepEqual(profile.tables.map((t) => t.name), pack.tables.map((t) => t.name));
    for (const t of profile.tables) {
      const [{ n }] = await query(db, `SELECT count(*) AS n FROM "${t.name}"`);
      assert.equal(t.rows, n, t.name);
      assert.deepEqual(t.columns.map((c) => c.name), pack.tables.find((s) => s.name === t.name)!.columns.map((c) => c.name));
    }
    // the ingest's accounting: build_info's figures, and every record kept, rejected, a duplicate or empty
    const build = await query(db, 'SELECT source, records, rejected, duplicates FROM build_info');
    for (const s of profile.overview.sources) {
      const b = build.find((r) => r.source === s.source)!;
      assert.equal(s.records, b.records);
      assert.equal(s.kept + s.rejected + s.duplicates + s.empty, s.records, s.source);
    }
    const [{ rejects }] = await query(db, 'SELECT count(*) AS rejects FROM rejects');
    assert.equal(profile.overview.rejectsByReason.reduce((a, r) => a + r.count, 0) + profile.overview.rejectsOther, rejects);
    // every view of the pack ran, with rows or values
    assert.equal(profile.views.length, pack.profile!.length);
    for (const v of profile.views) {
      assert.equal(v.error, null, `${v.title}: ${v.error}`);
      assert.ok(v.numeric ? v.numeric.count > 0 && v.numeric.histogram : v.rows.length > 0, v.title);
    }
    // on the fly (read-only) it is the same profile
    const again = await loadProfile(db, pack, { recompute: true });
    assert.equal(again.origin, 'computed');
    assert.deepEqual(stable(again.profile), stable(profile));
    return { profile, db, dir, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

test('steam: the profile of generated data, stored by the ingest; the playtime view is the per-user sum', async () => {
  const { profile, db, cleanup } = await checkPack(steamPack, { scale: '0.01', seed: '3' });
  try {
    const view = profile.views.find((v) => v.title === 'Playtime per user')!.numeric!;
    const [s] = await query(db, 'SELECT count(*) AS users, max(h) AS max, avg(h) AS mean FROM (SELECT sum(playtime_forever) / 60.0 AS h FROM user_items GROUP BY user_id)');
    assert.equal(view.count, s.users);
    assert.ok(Math.abs(view.max! - s.max) < 1e-9 && Math.abs(view.mean! - s.mean) < 1e-9);
    assert.ok(view.logHistogram, 'playtime per user gets its log-scale histogram');
    const playtime = profile.tables.find((t) => t.name === 'user_items')!.columns.find((c) => c.name === 'playtime_forever') as NumericColumn;
    const [{ zeros }] = await query(db, 'SELECT count_if(playtime_forever = 0) AS zeros FROM user_items');
    assert.equal(playtime.zeros, zeros);
  } finally {
    cleanup();
  }
});

test('streaming: the profile of generated data; star ratings view counts every rating', async () => {
  const { profile, db, cleanup } = await checkPack(streamingPack, { ratings: '30000', seed: '5' });
  try {
    const stars = profile.views.find((v) => v.title === 'Star ratings')!;
    const [{ n }] = await query(db, 'SELECT count(*) AS n FROM ratings');
    assert.equal(stars.rows.reduce((a, r) => a + Number(r[1]), 0), n);
    assert.ok(profile.tables.find((t) => t.name === 'titles')!.cramersV, 'platform, type … are associated');
  } finally {
    cleanup();
  }
});

test('movies: the profile of generated data; budget view leaves out the unknown (0) budgets', async () => {
  const { profile, db, cleanup } = await checkPack(moviesPack, { rows: '400', seed: '7' });
  try {
    const budget = profile.views.find((v) => v.title === 'Budget')!.numeric!;
    const [{ n }] = await query(db, 'SELECT count(*) AS n FROM movies WHERE budget > 0');
    assert.equal(budget.count, n);
    assert.ok(budget.min! > 0);
  } finally {
    cleanup();
  }
});
