import type { Command } from 'commander';
import { formatIngestReport, ingestPack } from '../core/ingest/run.js';
import { findPack, PACKS } from '../packs/index.js';
import { log } from './log.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read a pack\'s raw files (plain or .gz) into a new DuckDB warehouse, atomically')
    .argument('<pack>', `dataset pack: ${PACKS.map((p) => p.name).join(' | ')}`)
    .requiredOption('--from <dir>', 'folder holding the raw files')
    .requiredOption('--db <file>', 'warehouse file to (re)build; replaced only when the build succeeds')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText(
      'after',
      `
Every raw record becomes rows or a row of the \`rejects\` table (source, line, reason, excerpt).
The build writes <db>.building-<pid> and renames it over <db> at the end: a failed or killed
run leaves the previous warehouse untouched.`,
    )
    .action(async (packName: string, opts: { from: string; db: string; json?: boolean }) => {
      const pack = findPack(packName);
      const report = await ingestPack(pack, { from: opts.from, db: opts.db, log });
      if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else log(formatIngestReport(report));
    });
}
