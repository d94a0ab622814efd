import type { FastifyInstance } from 'fastify';
import type { Pack } from '../pack.js';
import { openReadOnly } from '../warehouse/warehouse.js';
import { buildApp, type AppOptions } from './app.js';

/** Which pack built a warehouse file (its build_info says so). */
export async function packOfWarehouse(db: string, packs: Pack[]): Promise<Pack> {
  const wh = await openReadOnly(db);
  try {
    const res = await wh.conn.runAndReadAll('SELECT any_value(pack) FROM build_info');
    const name = res.getRows()[0]?.[0] as string | undefined;
    const pack = packs.find((p) => p.name === name);
    if (!pack) throw new Error(`${db} was built by an unknown pack '${name}'; known: ${packs.map((p) => p.name).join(', ')}`);
    return pack;
  } catch (err) {
    if ((err as Error).message.includes('build_info')) throw new Error(`${db} is not a recops warehouse (no build_info table); build it with \`recops ingest\``);
    throw err;
  } finally {
    wh.close();
  }
}

/** Opens each warehouse (read-only) under the pack that built it and builds the app. */
export async function appForWarehouses(dbs: string[], packs: Pack[], logger = false, webDir?: string | false, more: Pick<AppOptions, 'security' | 'trustProxy'> = {}): Promise<FastifyInstance> {
  const served = [];
  for (const db of dbs) served.push({ pack: await packOfWarehouse(db, packs), db });
  const names = served.map((s) => s.pack.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`two warehouses of pack '${twice}' given; serve one per pack`);
  return buildApp({ packs: served, logger, webDir, ...more });
}
