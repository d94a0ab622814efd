import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatIngestReport, ingestPack } from '../core/ingest/run.js';
import { locateSources } from '../core/ingest/run.js';
import { log } from './log.js';
import { serve } from './serve.js';
import { packNamed } from './usage.js';
import { evaluateLocked, trainAndPromote } from './train.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('the main job on a fresh machine: generate a small demo data set if none is there, ingest it, evaluate and train the models, serve the API and the web app')
    .option('--dir <dir>', 'demo folder (raw files and warehouse)', 'data/demo')
    .option('--scale <s>', 'demo size relative to the real data', '0.05')
    .option('--seed <n>', 'random seed of the demo data', '42')
    .option('--port <port>', 'TCP port of the API (env PORT)', process.env.PORT ?? '8000')
    .option('--no-train', 'skip training (the recommendation routes then answer 503)')
    .option('--no-eval', 'skip the offline evaluation before training (the model cards and the web app\'s model page then have no metrics)')
    .option('--no-serve', 'stop before serving')
    .action(async (opts: { dir: string; scale: string; seed: string; port: string; serve: boolean; train: boolean; eval: boolean }) => {
      const pack = packNamed('steam');
      const raw = join(opts.dir, 'raw', pack.name);
      const db = join(opts.dir, `${pack.name}.duckdb`);
      let haveRaw = existsSync(raw);
      if (haveRaw) {
        try {
          locateSources(pack, raw);
        } catch {
          haveRaw = false;
        }
      }
      if (!haveRaw) {
        log(`generating demo raw files (scale ${opts.scale}) in ${raw}`);
        await pack.synth.generate(raw, { scale: opts.scale, seed: opts.seed }, log);
      } else {
        log(`using raw files in ${raw}`);
      }
      const report = await ingestPack(pack, { from: raw, db, log });
      log(formatIngestReport(report));
      log(`\nwarehouse ready: ${db} (its tables: \`recops schema ${pack.name}\`)`);
      // evaluated first, so that the model cards written by train carry the metrics and the web
      // app's model page has its report (7.8 s at the demo's size)
      if (opts.train && opts.eval && pack.models) log(await evaluateLocked(pack, db, { seed: Number(opts.seed), k: 10, log }));
      if (opts.train && pack.models) log(await trainAndPromote(pack, db, { seed: Number(opts.seed), log }));
      if (opts.serve) await serve({ db: [db], port: opts.port, host: process.env.HOST ?? '127.0.0.1' });
    });
}
