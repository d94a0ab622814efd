import type { Command } from 'commander';
import { formatIngestReport, ingestPack } from '../core/ingest/run.js';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { packNamed } from './usage.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read a pack\'s raw files (plain or .gz) into a new DuckDB warehouse, atomically')
    .argument('<pack>', `dataset pack: ${PACKS.map((p) => p.name).join(' | ')}`)
    .requiredOption('--from <dir>', 'folder holding the raw files')
    .requiredOption('--db <file>', 'warehouse file to (re)build; replaced only when the build succeeds')
    .option('--json', 'print the report as JSON on stdout')
    .option('--allow-empty', 'build even when a raw file keeps no record or a required table ends empty (by default the build then fails)')
    .addHelpText(
      'after',
      `
Every raw record becomes rows or a row of the \`rejects\` table (source, line, reason, excerpt).
The build writes <db>.building-<pid> and renames it over <db> at the end: a failed or killed
run leaves the previous warehouse untouched; interrupted (Ctrl-C, SIGTERM) it removes its own
file, and the next build removes (and reports) what a killed one left. A raw file none of whose records is kept (empty, or not the pack's format)
fails the build with the rejects count, unless --allow-empty.
One build per --db at a time: <db>.lock names the running one (pid, command, start), and a
second build fails at once; a lock whose process is gone is taken over.
Exit codes: 0 built, 1 failed (previous warehouse kept), 2 wrong usage (unknown pack, --db a
folder or not a DuckDB file).`,
    )
    .action(async (packName: string, opts: { from: string; db: string; json?: boolean; allowEmpty?: boolean }) => {
      const pack = packNamed(packName);
      const report = await ingestPack(pack, { from: opts.from, db: opts.db, log, allowEmpty: opts.allowEmpty });
      if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else log(formatIngestReport(report));
    });
}
