/**
 * The price models: ridge and gradient-boosted trees on ln(1 + price), their back-transform to
 * dollars, and `PriceModel`, a trained set ready to answer (what training saves and serving loads).
 */
import type { Csr } from '../../../core/models/csr.js';
import { Ridge } from '../../../core/models/ridge.js';
import { GradientBoosting, type GbmParams } from '../../../core/models/gbm.js';
import { predictRows, type Regressor } from '../../../core/models/regressor.js';
import { DEFAULT_VOCABULARY, featureIndex, priceFeatures, type FeatureIndex, type FeatureOptions, type GameMeta, type PriceFeatureRow, type PriceVocabulary, type VocabularyOptions } from './features.js';

export const PRICE_MODELS = ['ridge', 'gbm'] as const;
export type PriceModelName = (typeof PRICE_MODELS)[number];
export const PRICE_BASELINES = ['mean', 'median'] as const;

export interface PriceParams {
  seed: number;
  /** ridge penalty on standardised coefficients */
  ridgeLambda: number;
  gbm: Omit<GbmParams, 'seed'>;
  vocabulary: VocabularyOptions;
}

export const DEFAULT_PRICE_PARAMS: Omit<PriceParams, 'seed'> = {
  ridgeLambda: 10,
  gbm: { trees: 200, learningRate: 0.12, maxDepth: 8, minLeaf: 10, lambda: 1, subsample: 0.8, colsample: 0.8, maxBins: 64 },
  vocabulary: DEFAULT_VOCABULARY,
};

/** How a model's output f (on the ln(1 + price) scale) becomes a price. */
export interface BackTransform {
  /** Duan's smearing factor: mean of e^residual over the training rows */
  smearing: number;
  /** range of the model's outputs on its training rows; f is clamped to it */
  fMin: number;
  fMax: number;
}

/**
 * Both models learn ln(1 + price): prices are heavy-tailed (0 to 995 USD, median 4.99), so on the
 * raw scale a few software packages would drive the fit. The back-transform is
 * price = max(0, S · e^clamp(f) − 1), where f is the model's output and S = mean(e^residual) over
 * the training rows (Duan's smearing estimate): plain e^f − 1 would predict the conditional
 * *median*, S moves it towards the conditional mean that RMSE rewards. f is first clamped to
 * the range the model produced on its training rows: a linear model on the log scale extrapolates
 * exponentially (a game listing all ten software genres would be priced at ~800 USD).
 */
export function backTransform(f: number, t: BackTransform): number {
  return Math.max(0, t.smearing * Math.exp(Math.min(t.fMax, Math.max(t.fMin, f))) - 1);
}

function fitBackTransform(model: Regressor, X: Csr, logY: Float64Array): BackTransform {
  const fitted = predictRows(model, X);
  let s = 0;
  let fMin = Infinity;
  let fMax = -Infinity;
  for (let i = 0; i < logY.length; i++) {
    s += Math.exp(logY[i] - fitted[i]);
    fMin = Math.min(fMin, fitted[i]);
    fMax = Math.max(fMax, fitted[i]);
  }
  return { smearing: logY.length ? s / logY.length : 1, fMin, fMax };
}

export interface FittedModels {
  ridge: Ridge;
  gbm: GradientBoosting;
  transform: Record<PriceModelName, BackTransform>;
  fitSeconds: Record<PriceModelName, number>;
}

export function fitModels(X: Csr, price: Float64Array, params: PriceParams): FittedModels {
  const logY = price.map(Math.log1p);
  let t = performance.now();
  const ridge = new Ridge({ lambda: params.ridgeLambda, standardize: true });
  ridge.fit({ X, y: logY });
  const ridgeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const gbm = new GradientBoosting({ ...params.gbm, seed: params.seed });
  gbm.fit({ X, y: logY });
  const gbmSeconds = (performance.now() - t) / 1000;
  return {
    ridge,
    gbm,
    transform: { ridge: fitBackTransform(ridge, X, logY), gbm: fitBackTransform(gbm, X, logY) },
    fitSeconds: { ridge: ridgeSeconds, gbm: gbmSeconds },
  };
}

/** A trained price model set, ready to answer: vocabulary, both models and their back-transform. */
export class PriceModel {
  readonly index: FeatureIndex;
  constructor(
    readonly vocab: PriceVocabulary,
    readonly ridge: Ridge,
    readonly gbm: GradientBoosting,
    readonly transform: Record<PriceModelName, BackTransform>,
    /** the model whose prediction is the answer (best held-out RMSE at training time) */
    readonly serving: PriceModelName,
  ) {
    this.index = featureIndex(vocab);
  }

  predict(game: GameMeta, opts: FeatureOptions): { predictions: Record<PriceModelName, number>; ignored: PriceFeatureRow['ignored'] } {
    const row = priceFeatures(game, this.index, opts);
    return {
      predictions: {
        ridge: backTransform(this.ridge.predictRow(row.indices, row.values), this.transform.ridge),
        gbm: backTransform(this.gbm.predictRow(row.indices, row.values), this.transform.gbm),
      },
      ignored: row.ignored,
    };
  }
}

/** manifest.json: what the server needs besides the two model folders. */
export interface PriceManifest {
  kind: 'steam-price';
  version: 1;
  dataFingerprint: string;
  params: PriceParams;
  trainedOn: number;
  serving: PriceModelName;
  transform: Record<PriceModelName, BackTransform>;
  evaluation: Record<string, { rmse: number; mae: number; rmsle: number }>;
}
