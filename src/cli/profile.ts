import type { Command } from 'commander';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadProfile } from '../core/profile/store.js';
import { formatProfileSummary } from '../core/profile/summary.js';
import { profileHtml } from '../core/profile/html.js';
import { compareProfiles, formatDrift } from '../core/profile/drift.js';
import { packOfWarehouse } from '../core/server/serve.js';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { UsageError, packNamed } from './usage.js';

export interface ProfileOptions {
  db?: string;
  json?: boolean;
  html?: string;
  recompute?: boolean;
  compare?: string;
}

/** Every mistake of the command line, before any work (a UsageError: exit code 2). */
async function checkArgs(packName: string, opts: ProfileOptions) {
  const pack = packNamed(packName);
  if (!opts.db) throw new UsageError(`no warehouse given: pass --db FILE (or set RECOPS_DB), e.g. recops profile ${pack.name} --db data/${pack.name}.duckdb`);
  if (!existsSync(opts.db)) throw new UsageError(`no warehouse at ${opts.db}: build one with \`recops ingest ${pack.name} --from DIR --db ${opts.db}\``);
  if (opts.html) {
    const dir = dirname(resolve(opts.html));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`cannot write the report to ${opts.html}: folder ${dir} does not exist`);
  }
  if (opts.compare !== undefined && !existsSync(opts.compare)) throw new UsageError(`no warehouse at ${opts.compare} to compare with: --compare takes the older warehouse file of the same pack`);
  for (const [file, flag] of [[opts.db, '--db'], ...(opts.compare !== undefined ? [[opts.compare, '--compare']] : [])] as [string, string][]) {
    let built;
    try {
      built = await packOfWarehouse(file, PACKS);
    } catch (err) {
      throw new UsageError(`${flag}: ${(err as Error).message}`);
    }
    if (built.name !== pack.name) throw new UsageError(`${flag} ${file} is a ${built.name} warehouse, not ${pack.name}: ${flag === '--db' ? `run \`recops profile ${built.name} --db ${file}\`` : 'compare two warehouses of one pack'}`);
  }
  return pack;
}

export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description("the data profile of a warehouse: overview, alerts, every column's statistics, correlations, missing values, the pack's own views")
    .argument('<pack>', `dataset pack: ${PACKS.map((p) => p.name).join(' | ')}`)
    .option('--db <file>', 'warehouse file (env RECOPS_DB)', process.env.RECOPS_DB?.split(',')[0])
    .option('--json', 'print the whole profile as JSON on stdout instead of the summary')
    .option('--html <file>', 'also write a self-contained HTML report (charts included; opens offline)')
    .option('--recompute', 'compute the profile again (read-only) instead of reading the one stored at build')
    .option('--compare <old>', 'also report the drift from an older warehouse of the same pack to this one (per column: missing share, distinct, mean and median shift, PSI, KS, new and vanished values)')
    .addHelpText(
      'after',
      `
The profile is computed at the end of \`recops ingest\` and stored in the warehouse (table
\`profile\`), so this command only reads it. A warehouse built before profiles existed is
profiled now, read-only (seconds at full scale). Progress goes to stderr.

Examples:
  recops profile steam --db data/steam.duckdb
  recops profile steam --db data/steam.duckdb --html steam-profile.html
  recops profile movies --db data/movies.duckdb --json > movies-profile.json
  recops profile steam --db data/steam.duckdb --compare data/steam-last-month.duckdb

With --compare, the summary ends with the drift (every column that moved, with the figure and
the thresholds it crossed), --json adds it as \`drift\`, and --html adds a drift section.`,
    )
    .action(async (packName: string, opts: ProfileOptions) => {
      const pack = await checkArgs(packName, opts);
      const { profile, origin } = await loadProfile(opts.db!, pack, { log, recompute: opts.recompute });
      const drift = opts.compare !== undefined ? compareProfiles((await loadProfile(opts.compare, pack, { log, recompute: opts.recompute })).profile, profile) : undefined;
      if (opts.html) {
        writeFileSync(opts.html, profileHtml(profile, drift));
        log(`report written to ${resolve(opts.html)}`);
      }
      const text = opts.json ? JSON.stringify(drift ? { ...profile, drift } : profile, null, 2) : formatProfileSummary(profile, origin) + (drift ? `\n\n${formatDrift(drift)}` : '');
      process.stdout.write(text + '\n');
    });
}
