import type { Pack } from '../core/pack.js';
import { steamPack } from './steam/index.js';
import { moviesPack } from './movies/index.js';
import { streamingPack } from './streaming/index.js';

/** Every dataset pack recops knows. Adding a pack is one line here. */
export const PACKS: Pack[] = [steamPack, moviesPack, streamingPack];
