/**
 * Price prediction for the Steam catalogue: a game's price (USD; free games count as 0) from its
 * metadata, in `price/`: the features (features.ts), the models (model.ts), evaluation and
 * training (train.ts), the card (card.ts) and serving (serve.ts). This index keeps the names the
 * pack's other modules import. See README.md, "Price prediction".
 */
export {
  BASE_FEATURES,
  DEFAULT_VOCABULARY,
  TITLE_PATTERNS,
  buildVocabulary,
  featureIndex,
  featureMatrix,
  loadCatalogue,
  normKey,
  priceFeatures,
  type CatalogueGame,
  type FeatureIndex,
  type FeatureOptions,
  type GameMeta,
  type PriceFeatureRow,
  type PriceVocabulary,
  type VocabularyOptions,
} from './price/features.js';
export { DEFAULT_PRICE_PARAMS, PRICE_BASELINES, PRICE_MODELS, PriceModel, backTransform, type BackTransform, type PriceModelName, type PriceParams } from './price/model.js';
export { evaluatePrice, formatPriceReport, trainPriceModels, type PriceParamsOverride, type PriceReport } from './price/train.js';
export { loadCataloguePrices, loadPriceModel, priceCatalogue, priceModelDir, type CataloguePrice } from './price/serve.js';
