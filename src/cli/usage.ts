import type { Pack, PackModels } from '../core/pack.js';
import { warehousePack, WarehouseFileError } from '../core/warehouse/check.js';
import { PACKS } from '../packs/index.js';

/**
 * The command was called wrongly (an unknown name, a bad value, a file that is not what the
 * command needs): the CLI exits 2 with the message, before any work, as commander does for its
 * own usage errors. Everything else that fails exits 1.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit code of an error that reached the CLI's entry. */
export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError || err instanceof WarehouseFileError ? 2 : 1;
}

export function packNamed(name: string): Pack {
  const pack = PACKS.find((p) => p.name === name.toLowerCase());
  if (!pack) throw new UsageError(`unknown pack '${name}'; known packs: ${PACKS.map((p) => p.name).join(', ')}`);
  return pack;
}

export function modelsOf(pack: Pack): PackModels {
  if (!pack.models) throw new UsageError(`pack '${pack.name}' has no models; packs with models: ${PACKS.filter((p) => p.models).map((p) => p.name).join(', ')}`);
  return pack.models;
}

export function packWithModels(name: string): { pack: Pack; models: PackModels } {
  const pack = packNamed(name);
  return { pack, models: modelsOf(pack) };
}

export function integerOption(flag: string, raw: string, lo = -(2 ** 31), hi = 2 ** 31 - 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`${flag} must be an integer${lo > -(2 ** 31) || hi < 2 ** 31 - 1 ? ` from ${lo} to ${hi}` : ''}, got '${raw}'`);
  return n;
}

/**
 * The warehouse was built by `pack`: read from its build_info before any long work, so that a
 * warehouse of another pack gets this message rather than a missing-table error minutes later.
 */
export async function checkWarehouseOf(pack: Pack, db: string, command: string): Promise<void> {
  const built = await warehousePack(db);
  if (built !== pack.name) {
    throw new UsageError(`${db} is a warehouse of pack '${built}', not '${pack.name}': run \`recops ${command} ${built} --db ${db}\`, or pass the ${pack.name} warehouse (built by \`recops ingest ${pack.name}\`)`);
  }
}
