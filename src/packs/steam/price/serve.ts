/**
 * Serving the price models: where the live ones are, loading them, and every catalogue game's
 * answer (read from the file training wrote, or computed when the warehouse is another build).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Ridge } from '../../../core/models/ridge.js';
import { GradientBoosting } from '../../../core/models/gbm.js';
import { loadModel } from '../../../core/models/load.js';
import { Registry, dataFingerprint, modelsDirFor } from '../../../core/registry/registry.js';
import { loadCatalogue, type CatalogueGame, type PriceVocabulary } from './features.js';
import { PRICE_MODELS, PriceModel, type PriceManifest, type PriceModelName } from './model.js';

/**
 * The live price models of a warehouse: the artifact of the registry's live `steam/price` run,
 * else (trained before price runs were registered) `models/steam/price/` beside the warehouse.
 */
export function priceModelDir(db: string): string {
  const registry = new Registry(modelsDirFor(db));
  const live = registry.live('steam', 'price');
  return live ? registry.artifactPath(live) : join(modelsDirFor(db), 'steam', 'price');
}

/** A catalogue game's answer: its name, actual price and every model's prediction. */
export interface CataloguePrice {
  name: string | null;
  actual: number | null;
  predictions: Record<PriceModelName, number>;
}

export const CATALOGUE_FILE = 'catalogue-prices.json';

/**
 * Prices every catalogue game. A priced game was one of the training games, so it is left out
 * of its studios' price means: no answer is made from the game's own price.
 */
export function priceCatalogue(model: PriceModel, games: readonly CatalogueGame[]): Map<string, CataloguePrice> {
  const out = new Map<string, CataloguePrice>();
  for (const g of games) {
    const { predictions } = model.predict(g, { inCatalogue: true, trainingPrice: g.price });
    out.set(g.itemId, { name: g.name, actual: g.price, predictions });
  }
  return out;
}

export function serializeCataloguePrices(fingerprint: string, prices: Map<string, CataloguePrice>): string {
  const rows = [...prices].map(([id, p]) => [id, p.name, p.actual, ...PRICE_MODELS.map((m) => Math.round(p.predictions[m] * 1e4) / 1e4)]);
  return JSON.stringify({ dataFingerprint: fingerprint, models: PRICE_MODELS, games: rows }) + '\n';
}

/**
 * The answers for every catalogue game: read from the file training wrote when the warehouse is
 * the one the models were trained on (same fingerprint), else computed now from the warehouse.
 */
export async function loadCataloguePrices(conn: DuckDBConnection, model: PriceModel, dir: string): Promise<Map<string, CataloguePrice>> {
  const count = await conn.runAndReadAll('SELECT count(price) FROM games');
  const fingerprint = await dataFingerprint(conn, `price:${Number(count.getRows()[0][0])}`);
  const path = join(dir, CATALOGUE_FILE);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { dataFingerprint: string; models: string[]; games: [string, string | null, number | null, ...number[]][] };
    if (saved.dataFingerprint === fingerprint && saved.models.join() === PRICE_MODELS.join()) {
      const out = new Map<string, CataloguePrice>();
      for (const [id, name, actual, ...preds] of saved.games) {
        out.set(id, { name, actual, predictions: Object.fromEntries(PRICE_MODELS.map((m, i) => [m, preds[i]])) as Record<PriceModelName, number> });
      }
      return out;
    }
  }
  return priceCatalogue(model, await loadCatalogue(conn));
}

/** Loads the saved price models; null when `dir` holds none (nothing trained yet). */
export function loadPriceModel(dir: string | null): PriceModel | null {
  if (!dir || !existsSync(join(dir, 'manifest.json'))) return null;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PriceManifest;
  if (manifest.kind !== 'steam-price' || manifest.version !== 1) throw new Error(`${dir}/manifest.json is not a steam price model (version 1)`);
  const vocab = JSON.parse(readFileSync(join(dir, 'vocabulary.json'), 'utf8')) as PriceVocabulary;
  return new PriceModel(vocab, loadModel(join(dir, 'ridge'), Ridge), loadModel(join(dir, 'gbm'), GradientBoosting), manifest.transform, manifest.serving);
}
