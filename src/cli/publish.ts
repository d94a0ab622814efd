import type { Command } from 'commander';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { checkWarehouseOf, packNamed, UsageError } from './usage.js';
import { parseStoreUrl, shownUrl } from '../core/store/store.js';
import { readRows } from '../core/warehouse/warehouse.js';
import { withWarehouse } from '../core/warehouse/read.js';
import type { Pack } from '../core/pack.js';
import type { StoreClient } from '../core/store/redis.js';

export interface PublishOptions {
  db?: string;
  store?: string;
}

const storePacks = () => PACKS.filter((p) => p.store).map((p) => p.name);

/**
 * Writes a pack's prepared answers to a shared store as a new version and makes it live (see
 * core/store/redis.ts). Every mistake the user can fix is checked before the warehouse is read.
 */
export async function publish(packName: string, opts: PublishOptions): Promise<void> {
  const pack = packNamed(packName);
  storePackOf(pack);
  if (!opts.db) throw new UsageError(`no warehouse given: pass --db FILE (the ${pack.name} warehouse, built by \`recops ingest ${pack.name}\`)`);
  const url = parseStore(opts.store);
  await checkWarehouseOf(pack, opts.db, 'publish');
  const { checkReachable } = await import('../core/store/redis.js');
  await publishPack(pack, opts.db, url, await checkReachable(url));
}

/** The pack's store side, or a usage error naming the packs that have one. */
function storePackOf(pack: Pack): NonNullable<Pack['store']> {
  if (!pack.store) throw new UsageError(`pack '${pack.name}' cannot be published to a shared store yet (it is served in-process from its warehouse); packs that can: ${storePacks().join(', ')}`);
  return pack.store;
}

function parseStore(raw: string | undefined): URL[] {
  if (!raw) throw new UsageError('no store given: pass --store redis://HOST:PORT (or set RECOPS_STORE)');
  try {
    return parseStoreUrl(raw);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * For \`train --store\` and \`retrain --store\`: the pack can be published and the store answers,
 * checked before the long work (a wrong URL or a stopped Redis costs no training time). The
 * connection is not kept: the publish, minutes later, opens its own.
 */
export async function checkPublishTarget(pack: Pack, store: string): Promise<URL[]> {
  storePackOf(pack);
  const url = parseStore(store);
  const { checkReachable } = await import('../core/store/redis.js');
  (await checkReachable(url)).disconnect();
  return url;
}

/**
 * Prepares the pack's answers from the warehouse and publishes them through \`redis\` (closed
 * after). The warehouse is opened read-only: a running server keeps serving it meanwhile.
 */
export async function publishPack(pack: Pack, db: string, url: URL[], redis?: StoreClient): Promise<void> {
  const store = storePackOf(pack);
  const { checkReachable, publishToRedis } = await import('../core/store/redis.js');
  const client = redis ?? (await checkReachable(url));
  try {
    const started = Date.now();
    const { answers, builtAt } = await withWarehouse(db, async (wh) => {
      const answers = await store.prepare(wh);
      const [row] = await readRows(wh, 'SELECT max(built_at)::VARCHAR AS built_at FROM build_info');
      return { answers, builtAt: (row?.built_at as string | null) ?? null };
    });
    log(`${pack.name}: ${answers.size.toLocaleString('en-US')} answers prepared from ${db} in ${((Date.now() - started) / 1000).toFixed(1)} s; writing them to ${shownUrl(url)}`);
    const r = await publishToRedis(client, pack.name, answers, { db, builtAt }, log);
    log(
      `${pack.name}: ${r.version} is live in ${shownUrl(url)} (${r.keys.toLocaleString('en-US')} keys, ${(r.bytes / 1e6).toFixed(1)} MB of JSON, written in ${r.seconds.toFixed(1)} s)` +
        `${r.previous ? `; ${r.previous} is kept for replicas still switching` : ''}${r.removed.length ? `; removed ${r.removed.join(', ')}` : ''}`,
    );
  } finally {
    client.disconnect();
  }
}

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description(`write a pack's prepared answers to a shared store (Redis) and make them live for every \`recops serve --store\` replica (packs: ${storePacks().join(', ')})`)
    .argument('<pack>', `the pack to publish (${storePacks().join(', ')})`)
    .option('--db <file>', 'the pack\'s warehouse (its live models are published with it) (env RECOPS_DB)', process.env.RECOPS_DB)
    .option('--store <url>', 'the shared store: redis://HOST:PORT (rediss:// for TLS; redis://:PASSWORD@HOST:PORT) (env RECOPS_STORE)', process.env.RECOPS_STORE)
    .addHelpText(
      'after',
      `
The answers are written under a new version (recops:<pack>:v<N>:…), pipelined; only then the
pointer recops:<pack>:live is set and announced on the pub/sub channel of the same name, so every
replica switches within a second and none ever sees half a version. A publish that is killed
leaves the live version as it was; the next publish removes its keys. Each publish keeps the
version it replaced (replicas may still be reading it) and removes older ones.

Only ${storePacks().join(', ')} can be published so far; the other packs are served in-process from
their warehouse (\`recops serve --db\`). A Redis Cluster is named by its seed nodes: --store redis://H1:P1,H2:P2,H3:P3.

Examples:
  recops publish movies --db data/movies.duckdb --store redis://127.0.0.1:6379
  recops serve --store redis://127.0.0.1:6379 --port 8001`,
    )
    .action(async (packName: string, opts: PublishOptions) => {
      await publish(packName, opts);
    });
}
