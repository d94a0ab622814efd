import type { FastifyInstance } from 'fastify';
import type { Pack } from '../pack.js';
import { buildApp, type AppOptions } from './app.js';

/**
 * Which pack built a warehouse file (its build_info says so). A path that is not a warehouse (a
 * folder, an empty or foreign file, a DuckDB file without build_info) fails here, before any
 * app is built, with what it is and how to make a warehouse.
 */
export async function packOfWarehouse(db: string, packs: Pack[]): Promise<Pack> {
  // loaded here, not at start: it opens DuckDB, which a replica serving only from the store never needs
  const { warehousePack } = await import('../warehouse/check.js');
  const name = await warehousePack(db);
  const pack = packs.find((p) => p.name === name);
  if (!pack) throw new Error(`${db} was built by pack '${name}', which this recops does not know (known: ${packs.map((p) => p.name).join(', ')}); rebuild it with \`recops ingest\` of this version`);
  return pack;
}

/** Opens each warehouse (read-only) under the pack that built it and builds the app. */
export async function appForWarehouses(dbs: string[], packs: Pack[], logger = false, webDir?: string | false, more: Pick<AppOptions, 'security' | 'trustProxy' | 'store'> = {}): Promise<FastifyInstance> {
  const served = [];
  for (const db of dbs) served.push({ pack: await packOfWarehouse(db, packs), db });
  const names = served.map((s) => s.pack.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`two warehouses of pack '${twice}' given; serve one per pack`);
  const fromStore = names.find((n) => more.store?.packs.some((p) => p.name === n));
  if (fromStore) throw new Error(`pack '${fromStore}' is served from the shared store (--store): drop its --db, or publish it with \`recops publish ${fromStore} --db FILE --store URL\``);
  return buildApp({ packs: served, logger, webDir, ...more });
}
