#!/usr/bin/env node
import { Command } from 'commander';
import { RECOPS_VERSION } from '../core/version.js';
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

type Register = (program: Command) => void;
/**
 * Each command's module, loaded only when that command runs: a `serve --store` replica then never
 * loads the ingest, training or evaluation code (and their libraries) that the other commands
 * import. In help order; `recops --help`, an unknown or no command load them all.
 */
const COMMANDS: [string, () => Promise<Register[]>][] = [
  ['gen', async () => [(await import('./gen.js')).registerGen]],
  ['ingest', async () => [(await import('./ingest.js')).registerIngest]],
  ['schema', async () => [(await import('./schema.js')).registerSchema]],
  ['train', async () => [(await import('./train.js')).registerTrain]],
  ['eval', async () => [(await import('./train.js')).registerEval]],
  ['models', async () => [(await import('./models.js')).registerModels]],
  ['retrain', async () => [(await import('./retrain.js')).registerRetrain]],
  ['profile', async () => [(await import('./profile.js')).registerProfile]],
  ['serve', async () => [(await import('./serve.js')).registerServe]],
  ['publish', async () => [(await import('./publish.js')).registerPublish]],
  ['start', async () => [(await import('./start.js')).registerStart]],
];

/** the command named on the command line (commander takes the first word that is not an option), if one of ours */
const named = process.argv.slice(2).find((a) => !a.startsWith('-'));
const chosen = COMMANDS.filter(([name]) => name === named);
const registers = (await Promise.all((chosen.length && named !== 'help' ? chosen : COMMANDS).map(([, load]) => load()))).flat();
for (const register of registers) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`recops: error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(exitCodeOf(err));
});
