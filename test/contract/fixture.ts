/**
 * The app the contract checks run on: the three packs on small generated warehouses (trained
 * when asked, so that the model routes answer), and the two OpenAPI linters run on its document.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Pack } from '../../src/core/pack.js';
import { buildApp } from '../../src/core/server/app.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { steamPack } from '../../src/packs/steam/index.js';
import { streamingPack } from '../../src/packs/streaming/index.js';
import { demoWarehouse } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'node_modules/.bin');

/**
 * Small data sets (the browser test's sizes): seconds to build and train. Streaming's models are
 * not evaluated, so that `/models/{pack}` answers both with an evaluation report and without.
 */
const DEMO: { pack: Pack; options: Record<string, string>; evaluate: boolean }[] = [
  { pack: steamPack, options: { scale: '0.01', seed: '3' }, evaluate: true },
  { pack: streamingPack, options: { ratings: '60000', seed: '5' }, evaluate: false },
  { pack: moviesPack, options: { rows: '600', seed: '7' }, evaluate: true },
];

export interface Served {
  pack: Pack;
  db: string;
}

/** The three packs' warehouses under `dir` (one folder each, so each has its own models/); `train`: evaluated and trained too. */
export async function demoPacks(dir: string, opts: { train: boolean }): Promise<Served[]> {
  const served: Served[] = [];
  for (const { pack, options, evaluate } of DEMO) {
    const packDir = join(dir, pack.name);
    mkdirSync(packDir, { recursive: true });
    served.push({ pack, db: await demoWarehouse(pack, options, packDir, { train: opts.train, evaluate: opts.train && evaluate }) });
  }
  return served;
}

export async function contractApp(served: Served[]): Promise<FastifyInstance> {
  const app = await buildApp({ packs: served, webDir: false });
  await app.ready();
  return app;
}

export interface LintProblem {
  tool: 'spectral' | 'redocly';
  severity: string;
  rule: string;
  message: string;
  path: string;
}

const run = promisify(execFile);

/**
 * Both linters on the document at `file`, with the rulesets beside this file; every problem they
 * report, whatever its severity. Redocly's telemetry and update check are off: no network.
 */
export async function lintOpenApi(file: string): Promise<LintProblem[]> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const spectralOut = `${file}.spectral.json`;
  // exit codes say "problems found" as well as "could not run": the reports are read instead
  const spectral = await run(join(BIN, 'spectral'), ['lint', '--ruleset', join(import.meta.dirname, 'spectral.yaml'), '--format', 'json', '--output', spectralOut, '--fail-severity', 'hint', file], { env }).catch((e) => e);
  const redocly = await run(join(BIN, 'redocly'), ['lint', '--config', join(import.meta.dirname, 'redocly.yaml'), '--format', 'json', file], { env, maxBuffer: 64 << 20 }).catch((e) => e);
  const problems: LintProblem[] = [];
  let spectralReport: { severity: number; code: string; message: string; path: string[] }[];
  try {
    spectralReport = JSON.parse(readFileSync(spectralOut, 'utf8'));
  } catch {
    throw new Error(`spectral did not write its report: ${spectral.stderr ?? spectral}`);
  }
  const SEVERITY = ['error', 'warning', 'info', 'hint'];
  for (const p of spectralReport) problems.push({ tool: 'spectral', severity: SEVERITY[p.severity] ?? String(p.severity), rule: String(p.code), message: p.message, path: p.path.join('.') });
  let redoclyReport: { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
  try {
    redoclyReport = JSON.parse(redocly.stdout);
  } catch {
    throw new Error(`redocly did not write its report: ${redocly.stderr ?? redocly}`);
  }
  for (const p of redoclyReport.problems) problems.push({ tool: 'redocly', severity: p.severity, rule: p.ruleId, message: p.message, path: p.location[0]?.pointer ?? '' });
  return problems;
}

/** The app's document written to `file` (what /docs/json serves). */
export function writeDocument(app: FastifyInstance, file: string): void {
  writeFileSync(file, JSON.stringify(app.swagger(), null, 2));
}
