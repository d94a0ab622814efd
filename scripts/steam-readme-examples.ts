/**
 * Rewrites the answers of the curl examples in src/packs/steam/README.md with the real answers on
 * the demo data (`npm start` defaults: --scale 0.05 --seed 42). Run after changing the generator
 * or a route; test/packs/steam/readme.test.ts checks them.
 *
 *   node --import tsx scripts/steam-readme-examples.ts
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingestPack } from '../src/core/ingest/run.js';
import { buildApp } from '../src/core/server/app.js';
import { steamPack } from '../src/packs/steam/index.js';

const readmePath = resolve(import.meta.dirname, '../src/packs/steam/README.md');
const dir = mkdtempSync(join(tmpdir(), 'recops-readme-'));
try {
  await steamPack.synth.generate(join(dir, 'raw'), { scale: '0.05', seed: '42' }, () => {});
  const db = join(dir, 'steam.duckdb');
  await ingestPack(steamPack, { from: join(dir, 'raw'), db, log: () => {} });
  const app = await buildApp({ packs: [{ pack: steamPack, db }] });
  const readme = readFileSync(readmePath, 'utf8');
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const m = /^\$ curl -s localhost:8000(\S+)$/.exec(lines[i]);
    if (m) lines[i + 1] = (await app.inject({ method: 'GET', url: m[1] })).body;
  }
  await app.close();
  writeFileSync(readmePath, lines.join('\n'));
  console.log('updated', readmePath);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
