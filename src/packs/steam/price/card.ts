/** The price models' card (`price/model-card.md` in the run, shown as `steam/price.md`). */
import type { GradientBoosting } from '../../../core/models/gbm.js';
import { renderModelCard } from '../../../core/registry/model-card.js';
import type { PriceVocabulary } from './features.js';
import type { PriceManifest } from './model.js';
import type { PriceReport } from './train.js';

export function priceModelCard(r: PriceReport, m: PriceManifest, vocab: PriceVocabulary, gbm: GradientBoosting, seconds: number): string {
  const top = Array.from(gbm.importance, (g, i) => ({ name: vocab.features[i], g }))
    .sort((a, b) => b.g - a.g)
    .slice(0, 10);
  const total = gbm.importance.reduce((a, b) => a + b, 0) || 1;
  const table = Object.entries(r.models).map(([name, x]) => `| ${name}${x.kind === 'baseline' ? ' (baseline)' : ''} | ${x.rmse.toFixed(3)} | ${x.mae.toFixed(3)} | ${x.rmsle.toFixed(3)} |`);
  return renderModelCard({
    title: 'steam / price',
    facts: [
      ['Task', "a game's price in USD (free games = 0) from its catalogue metadata."],
      ['Data', `warehouse fingerprint \`${m.dataFingerprint}\`; ${r.games.priced.toLocaleString('en-US')} games with a known price (${r.games.free.toLocaleString('en-US')} free) of ${r.games.catalogue.toLocaleString('en-US')}; all of them for the served models.`],
      [
        `Features (${vocab.features.length})`,
        `genres (${vocab.genres.length}), tags (${vocab.tags.length}), specs (${vocab.specs.length}) multi-hot with rare values pooled; early access; release year (+ missing flag, buckets); developer and publisher catalogue sizes and their training games' mean ln(1 + price) (leave-one-out, shrunk to the overall mean); title length and add-on / edition patterns.`,
      ],
      [
        'Models',
        `ridge (λ = ${m.params.ridgeLambda} on standardised features) and gradient-boosted trees (\`${JSON.stringify(m.params.gbm)}\`), both on ln(1 + price), back-transformed as max(0, S·e^f − 1), f clamped to its training range, with smearing S = ${m.transform.ridge.smearing.toFixed(4)} (ridge), ${m.transform.gbm.smearing.toFixed(4)} (gbm). Seed ${m.params.seed}.`,
      ],
      ['Served', `\`${m.serving}\` (lowest hold-out RMSE). Trained in ${seconds.toFixed(1)} s (evaluation included).`],
    ],
    sections: [
      {
        heading: `Metrics (random 20 % hold-out, seed ${r.split.seed}; USD)`,
        body: ['| model | RMSE | MAE | RMSLE |', '|---|---|---|---|', ...table, '', `Most used features of the trees (share of split gain): ${top.map((t) => `${t.name} ${((100 * t.g) / total).toFixed(1)} %`).join(', ')}.`].join('\n'),
      },
      {
        heading: 'Limits',
        body: `Prices are list prices at crawl time (2018), not discounts or regional prices. A few software
packages and hardware listings cost hundreds of dollars; metadata says little about them, so they
dominate RMSE. Developer and publisher sizes are counts in this catalogue, so a studio's first game
looks like any unknown studio's. Values of genres, tags or specs never seen in training are ignored.`,
      },
    ],
  });
}
