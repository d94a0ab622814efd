#!/usr/bin/env node
import { Command } from 'commander';
import { RECOPS_VERSION } from '../core/version.js';
import { registerGen } from './gen.js';
import { registerIngest } from './ingest.js';
import { registerSchema } from './schema.js';
import { registerStart } from './start.js';
import { registerServe } from './serve.js';
import { registerEval, registerTrain } from './train.js';
import { registerModels } from './models.js';
import { registerRetrain } from './retrain.js';
import { registerProfile } from './profile.js';
import { registerPublish } from './publish.js';
import { PACKS } from '../packs/index.js';
import { exitCodeOf } from './usage.js';

const program = new Command('recops')
  .description(`Raw entertainment-catalogue data → warehouse → models → REST API.\nPacks: ${PACKS.map((p) => p.name).join(', ')}.`)
  .version(RECOPS_VERSION)
  .showHelpAfterError('(run with --help for usage)')
  // commander's own usage errors (unknown command or option, missing argument) exit 2 like ours;
  // --help and --version keep 0. Set before the commands are added: they inherit it.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .addHelpText(
    'after',
    `
Examples:
  recops gen steam --out data/raw/steam --scale 0.05     synthetic raw files, 5 % of full size
  recops ingest steam --from data/raw/steam --db data/steam.duckdb
  recops schema steam                                   the warehouse tables and columns
  recops eval steam --db data/steam.duckdb               offline evaluation, models next to baselines
  recops train steam --db data/steam.duckdb              fit, save, register and promote the models
  recops serve --db data/steam.duckdb --port 8000       the REST API; OpenAPI page at /docs
  recops serve --db data/steam.duckdb data/movies.duckdb  several packs on one server
  recops train movies --db data/movies.duckdb            the "similar movies" recommender
  recops models --db data/steam.duckdb                  every model run, the live versions marked
  recops retrain movies --from new/raw --db data/movies.duckdb   new data; promote only if not worse
  recops publish movies --db data/movies.duckdb --store redis://127.0.0.1:6379   answers to a shared Redis
  recops start                                           demo: gen + ingest + eval + train + serve (all packs)
  recops start --packs steam,movies                      the demo of some packs

Exit codes: 0 done, 1 failed (the previous warehouse and live models stay), 2 wrong usage (an
unknown name or value, a file that is not the warehouse the command needs), 3 retrain kept the
live version.`,
  );

registerGen(program);
registerIngest(program);
registerSchema(program);
registerTrain(program);
registerEval(program);
registerModels(program);
registerRetrain(program);
registerProfile(program);
registerServe(program);
registerPublish(program);
registerStart(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`recops: error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(exitCodeOf(err));
});
