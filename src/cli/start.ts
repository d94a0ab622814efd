import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatIngestReport, ingestPack } from '../core/ingest/run.js';
import { locateSources } from '../core/ingest/run.js';
import type { Pack } from '../core/pack.js';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { serve } from './serve.js';
import { UsageError } from './usage.js';
import { evaluateLocked, trainAndPromote } from './train.js';
import { noGenerator } from './gen.js';

export interface StartOptions {
  dir: string;
  packs: string;
  /** every pack at this size relative to its real data; absent: each pack's own demo size */
  scale?: string;
  seed: string;
  port: string;
  serve: boolean;
  train: boolean;
  eval: boolean;
}

/**
 * `--packs steam,movies` → those packs, in the order given, each once. Checked before any work:
 * a name that is no pack is a usage error listing the accepted ones.
 */
export function packsNamed(list: string): Pack[] {
  const names = list
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n);
  const accepted = PACKS.map((p) => p.name).join(', ');
  if (!names.length) throw new UsageError(`--packs names no pack; accepted: ${accepted} (comma-separated, e.g. --packs steam,movies)`);
  const unknown = names.filter((n) => !PACKS.some((p) => p.name === n));
  if (unknown.length) throw new UsageError(`unknown pack${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} in --packs; accepted: ${accepted} (comma-separated, e.g. --packs steam,movies)`);
  return [...new Set(names)].map((n) => PACKS.find((p) => p.name === n)!);
}

/** Raw files usable as they are: every source of the pack has its file in the folder. */
function haveRawFiles(pack: Pack, raw: string): boolean {
  if (!existsSync(raw)) return false;
  try {
    locateSources(pack, raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gen (unless the raw files are there), ingest (which also computes the data profile), eval and
 * train each pack in turn, then serve them all from one server. The packs share the demo folder:
 * `raw/<pack>/`, `<pack>.duckdb` and one `models/` beside the warehouses.
 */
export async function start(opts: StartOptions): Promise<void> {
  const packs = packsNamed(opts.packs);
  if (opts.scale !== undefined && !(Number(opts.scale) > 0 && Number(opts.scale) <= 10)) throw new UsageError(`--scale must be a number in (0, 10], got '${opts.scale}'`);
  if (!Number.isInteger(Number(opts.seed))) throw new UsageError(`--seed must be an integer, got '${opts.seed}'`);
  const port = Number(opts.port);
  if (opts.serve && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer 0-65535, got '${opts.port}'`);
  // a pack without a generator needs its real files in place: said before any pack's work
  for (const pack of packs) {
    const raw = join(opts.dir, 'raw', pack.name);
    if (!pack.synth && !haveRawFiles(pack, raw)) throw new UsageError(`${noGenerator(pack).message}; for \`recops start\`, put them in ${raw}, or leave ${pack.name} out of --packs`);
  }
  const started = Date.now();
  const dbs: string[] = [];
  for (const [i, pack] of packs.entries()) {
    const step = (what: string) => log(`start ${pack.name} (${i + 1}/${packs.length}): ${what}`);
    const raw = join(opts.dir, 'raw', pack.name);
    const db = join(opts.dir, `${pack.name}.duckdb`);
    if (haveRawFiles(pack, raw)) step(`using the raw files in ${raw}`);
    else {
      const synth = pack.synth!; // checked above
      const size = opts.scale !== undefined ? { scale: opts.scale } : (synth.demo ?? { scale: '0.05' });
      step(`generating demo raw files (${Object.entries(size).map(([k, v]) => `--${k} ${v}`).join(' ')}) in ${raw}`);
      await synth.generate(raw, { ...size, seed: opts.seed }, log);
    }
    step(`ingesting ${raw} into ${db} (with its data profile)`);
    log(formatIngestReport(await ingestPack(pack, { from: raw, db, log })));
    step(`warehouse ready: ${db} (its tables: \`recops schema ${pack.name}\`; its profile: \`recops profile ${pack.name} --db ${db}\`)`);
    dbs.push(db);
    if (!opts.train || !pack.models) continue;
    // evaluated first, so that the model cards written by train carry the metrics and the web
    // app's model page has its report
    if (opts.eval) {
      step('evaluating the models against their baselines');
      log(await evaluateLocked(pack, db, { seed: Number(opts.seed), k: 10, log }));
    }
    step('training the models');
    log(await trainAndPromote(pack, db, { seed: Number(opts.seed), log }));
  }
  log(`start: ${packs.map((p) => p.name).join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (opts.serve) await serve({ db: dbs, port: opts.port, host: process.env.HOST ?? '127.0.0.1' });
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('the main job on a fresh machine: for each pack, generate a small demo data set if none is there, ingest it (with its data profile), evaluate and train the models; then serve them all, API and web app, from one server')
    .option('--dir <dir>', 'demo folder (raw files, warehouses, models)', 'data/demo')
    .option('--packs <list>', `packs to run, comma-separated: ${PACKS.map((p) => p.name).join(', ')}`, PACKS.map((p) => p.name).join(','))
    .option('--scale <s>', `every pack's demo size relative to its real data (default: each pack's own: ${PACKS.filter((p) => p.synth).map((p) => `${p.name} ${Object.entries(p.synth!.demo ?? { scale: '0.05' }).map(([k, v]) => `--${k} ${v}`).join(' ')}`).join(', ')})`)
    .option('--seed <n>', 'random seed of the demo data and the models', '42')
    .option('--port <port>', 'TCP port of the API (env PORT)', process.env.PORT ?? '8000')
    .option('--no-train', 'skip training (the recommendation routes then answer 503)')
    .option('--no-eval', 'skip the offline evaluation before training (the model cards and the web app\'s model page then have no metrics)')
    .option('--no-serve', 'stop before serving')
    .addHelpText(
      'after',
      `
Raw files already in <dir>/raw/<pack> are used as they are (delete the folder for new ones); the
warehouses are rebuilt and the models evaluated and trained again on every start. Unknown pack
names exit 2 before any work.`,
    )
    .action(async (opts: StartOptions) => {
      await start(opts);
    });
}
