import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { Registry, modelsDirFor, type ModelRun } from '../core/registry/registry.js';
import { readRunDrift } from '../core/registry/drift.js';
import { formatTable } from '../core/text/table.js';
import { warehousePack } from '../core/warehouse/check.js';
import { packNamed, UsageError } from './usage.js';

export interface ModelsOptions {
  db: string;
  pack?: string;
  json?: boolean;
}

/** The registry beside a warehouse as a table (or JSON): every run, the live ones marked. */
export function listModels(opts: ModelsOptions): string {
  const dir = modelsDirFor(opts.db);
  const registry = new Registry(dir);
  if (!existsSync(registry.path)) return `no models registered beside ${opts.db} (looked for ${registry.path}); train with \`recops train <pack> --db ${opts.db}\``;
  const file = registry.read();
  const liveIds = new Set(Object.values(file.live));
  const runs = file.runs.filter((r) => !opts.pack || r.pack === opts.pack);
  if (opts.json) return JSON.stringify({ registry: registry.path, live: file.live, runs: runs.map((r) => ({ ...r, live: liveIds.has(r.id) })) }, null, 2);
  const metric = (r: ModelRun) =>
    r.status === 'failed'
      ? `FAILED: ${(r.error ?? 'no reason recorded').split('\n')[0].slice(0, 100)}`
      : r.metrics
      ? Object.entries(r.metrics)
          .filter(([k]) => !['k', 'users', 'n_test'].includes(k))
          .slice(0, 3)
          .map(([k, v]) => `${k} ${Number(v).toFixed(4)}`)
          .join(', ')
      : '(not evaluated)';
  // a retrain's runs carry the drift it saw from the live data: its verdict, the file has the rest
  const drift = (r: ModelRun) => {
    if (!r.drift) return '';
    const d = readRunDrift(dir, r);
    return d ? `${d.level} (${d.counts.drifted} drifted, ${d.counts.changed} changed columns)` : `(${r.drift} is gone)`;
  };
  const head = ['live', 'pack', 'model', 'run', 'created', 'fit s', 'metrics', 'data drift'];
  const rows = runs.map((r) => [liveIds.has(r.id) ? '*' : '', r.pack, r.model, r.id, r.createdAt.replace('T', ' ').slice(0, 19), r.seconds.toFixed(1), metric(r), drift(r)]);
  return [`${registry.path}: ${runs.length} run(s); * = live`, ...formatTable(head, rows, () => true).map((l) => l.trimEnd())].join('\n');
}

export function registerModels(program: Command): void {
  program
    .command('models')
    .description('list the model runs registered beside a warehouse (models/registry.json) and which versions are live')
    .option('--db <file>', 'warehouse file whose models/ folder to read (env RECOPS_DB)', process.env.RECOPS_DB?.split(',')[0])
    .option('--pack <name>', 'only this pack')
    .option('--json', 'JSON instead of a table')
    .addHelpText('after', '\nRuns of a train that failed are listed with FAILED and the reason (JSON: "status": "failed", "error"); they never go live.')
    .action(async (opts: Partial<ModelsOptions>) => {
      if (!opts.db) throw new UsageError('no warehouse given: pass --db FILE (or set RECOPS_DB)');
      if (opts.pack) opts.pack = packNamed(opts.pack).name;
      // a path that is not a warehouse, or a warehouse of another pack than --pack, is a mistake
      const built = await warehousePack(opts.db);
      if (opts.pack && built !== opts.pack) throw new UsageError(`${opts.db} is a warehouse of pack '${built}', not '${opts.pack}': pass --pack ${built}, or the ${opts.pack} warehouse`);
      process.stdout.write(listModels(opts as ModelsOptions) + '\n');
    });
}
