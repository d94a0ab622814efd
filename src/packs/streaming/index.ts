import type { PackWithSynth } from '../../core/pack.js';
import { ratingSources, titleSources } from './sources.js';
import { STREAMING_TABLES } from './tables.js';
import { streamingStore } from './store.js';
import { streamingModels } from './models.js';
import { streamingProfileViews } from './profile.js';
import { streamingPage } from './page.js';

export const streamingPack: PackWithSynth = {
  name: 'streaming',
  title: 'Amazon Prime, Disney+, Hulu and Netflix titles, and user ratings of them',
  tables: STREAMING_TABLES,
  // titles first: ratings refer to them, and finalize scores them
  sources: [...titleSources, ...ratingSources],
  // loaded on demand, like the api below: a replica serving from the store never builds a warehouse
  finalize: async (conn, log) => (await import('./queries.js')).finalizeStreaming(conn, log),
  async api(app, wh) {
    const [{ registerStreamingHandlers }, { loadStreaming, memoryReader }] = await Promise.all([import('./routes.js'), import('./answers.js')]);
    const reader = memoryReader(await loadStreaming(wh));
    registerStreamingHandlers(app, () => reader, () => reader);
  },
  store: streamingStore,
  models: streamingModels,
  profile: streamingProfileViews,
  page: streamingPage,
  synth: {
    description: 'writes the four title catalogues (amazon_prime_titles.csv, disney_plus_titles.csv, hulu_titles.csv, netflix_titles.csv) and ratings/1.csv … 8.csv',
    demo: { ratings: '200000' },
    options: [
      { flags: '--ratings <n>', description: 'well-formed ratings in all 8 files (plus ~1 malformed row in 100,000; default: 11,000,000, the real size)' },
      { flags: '--scale <s>', description: 'size relative to the real data, when --ratings is not given (1 = 11,000,000 ratings; the title catalogues keep their real sizes)' },
      { flags: '--seed <n>', description: 'random seed; the same seed gives byte-identical files', default: '42' },
      { flags: '--titles <dir>', description: 'a folder with the four real title files (plain or .gz), copied instead of synthesised' },
    ],
    async generate(out, options, log) {
      const scale = Number(options.scale ?? '1');
      if (options.ratings === undefined && !(scale > 0 && scale <= 10)) throw new Error(`--scale must be a number in (0, 10], got '${options.scale}'`);
      const ratings = options.ratings !== undefined ? Number(options.ratings.replaceAll('_', '')) : Math.round(scale * 11_000_000);
      const seed = Number(options.seed ?? '42');
      if (!(Number.isInteger(ratings) && ratings >= 0 && ratings <= 200_000_000)) throw new Error(`--ratings must be an integer from 0 to 200,000,000, got '${options.ratings}'`);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${options.seed}'`);
      // loaded on demand: serving and ingesting never need the generator
      const { generateStreaming } = await import('./synth/index.js');
      return generateStreaming(out, { ratings, seed, titles: options.titles }, log);
    },
  },
};
