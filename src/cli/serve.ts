import type { Command } from 'commander';
import { appForWarehouses } from '../core/server/serve.js';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';

export interface ServeOptions {
  db: string[];
  port: string;
  host: string;
  log?: boolean;
}

export async function serve(opts: ServeOptions): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0-65535, got '${opts.port}'`);
  const started = Date.now();
  const app = await appForWarehouses(opts.db, PACKS, opts.log ?? true);
  const address = await app.listen({ port, host: opts.host });
  log(`recops API listening on ${address} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s); OpenAPI page: ${address}/docs`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: closing`);
      void app.close().then(() => process.exit(0));
    });
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the REST API (and its OpenAPI page at /docs) over one or more warehouses, read-only')
    .option('--db <file...>', 'warehouse file(s); each is served under the pack that built it (env RECOPS_DB, comma-separated)', process.env.RECOPS_DB?.split(',').filter(Boolean))
    .option('--port <port>', 'TCP port (env PORT)', process.env.PORT ?? '8000')
    .option('--host <host>', 'interface to listen on (env HOST)', process.env.HOST ?? '0.0.0.0')
    .option('--no-log', 'no request logs (by default: one JSON line per request on stdout, pino, with its x-request-id)')
    .option('--log', 'request logs on stdout (the default; kept for scripts that pass it)')
    .action(async (opts: Partial<ServeOptions>) => {
      if (!opts.db?.length) throw new Error('no warehouse given: pass --db FILE (or set RECOPS_DB); build one with `recops ingest steam --from DIR --db FILE`');
      await serve(opts as ServeOptions);
    });
}
