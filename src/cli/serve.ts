import type { Command } from 'commander';
import { appForWarehouses } from '../core/server/serve.js';
import { LiveServer } from '../core/server/live.js';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';

export interface ServeOptions {
  db: string[];
  port: string;
  host: string;
  log?: boolean;
  poll?: string;
  /** commander: --no-web sets false, --web-dir sets the folder */
  web?: boolean;
  webDir?: string;
}

export async function serve(opts: ServeOptions): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0-65535, got '${opts.port}'`);
  const pollSeconds = Number(opts.poll ?? '5');
  if (!(pollSeconds >= 0)) throw new Error(`--poll must be a number of seconds ≥ 0, got '${opts.poll}'`);
  const started = Date.now();
  const live = await LiveServer.start({ build: () => appForWarehouses(opts.db, PACKS, opts.log ?? true, opts.web === false ? false : opts.webDir), dbs: opts.db, pollMs: pollSeconds * 1000, log });
  await new Promise<void>((resolve, reject) => {
    live.server.once('error', reject);
    live.server.listen(port, opts.host, () => resolve());
  });
  const a = live.server.address();
  const address = typeof a === 'string' ? a : `http://${a?.family === 'IPv6' ? `[${a.address}]` : a?.address}:${a?.port}`;
  log(`recops API listening on ${address} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s); web app: ${address}/ ; OpenAPI page: ${address}/docs`);
  log(`new warehouses and promoted models are picked up without a restart (checked every ${pollSeconds} s; SIGHUP: now)`);
  process.on('SIGHUP', () => void live.reload());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: closing`);
      void live.close().then(() => process.exit(0));
    });
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the REST API (its OpenAPI page at /docs, the web app at /) over one or more warehouses, read-only')
    .option('--db <file...>', 'warehouse file(s); each is served under the pack that built it (env RECOPS_DB, comma-separated)', process.env.RECOPS_DB?.split(',').filter(Boolean))
    .option('--port <port>', 'TCP port (env PORT)', process.env.PORT ?? '8000')
    .option('--host <host>', 'interface to listen on (env HOST)', process.env.HOST ?? '0.0.0.0')
    .option('--no-log', 'no request logs (by default: one JSON line per request on stdout, pino, with its x-request-id)')
    .option('--log', 'request logs on stdout (the default; kept for scripts that pass it)')
    .option('--web-dir <dir>', 'the built web app to serve at / (default: dist/web of this install, made by `npm run build`)')
    .option('--no-web', 'the API only: nothing served at /')
    .option('--poll <seconds>', 'how often to look for a replaced warehouse or a promoted model (0: only on SIGHUP)', '5')
    .action(async (opts: Partial<ServeOptions>) => {
      if (!opts.db?.length) throw new Error('no warehouse given: pass --db FILE (or set RECOPS_DB); build one with `recops ingest steam --from DIR --db FILE`');
      await serve(opts as ServeOptions);
    });
}
