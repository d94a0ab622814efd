import type { Command } from 'commander';
import { BUILD_TABLE, REJECTS_TABLE } from '../core/warehouse/schema.js';
import { PACKS } from '../packs/index.js';
import { packNamed } from './usage.js';
import { PROFILE_TABLE } from '../core/profile/store.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the warehouse tables of a pack, with every column\'s type and meaning')
    .argument('<pack>', `dataset pack: ${PACKS.map((p) => p.name).join(' | ')}`)
    .action((packName: string) => {
      const pack = packNamed(packName);
      for (const t of [...pack.tables, REJECTS_TABLE, BUILD_TABLE, PROFILE_TABLE]) {
        process.stdout.write(`\n${t.name}: ${t.doc}\n`);
        const w = Math.max(...t.columns.map((c) => c.name.length));
        const tw = Math.max(...t.columns.map((c) => c.type.length));
        for (const c of t.columns) process.stdout.write(`  ${c.name.padEnd(w)}  ${c.type.padEnd(tw)}  ${c.doc}\n`);
      }
    });
}
