/** TMDB's own identifiers: image paths and credit ids. */
import type { Random } from '../../../core/synth/random.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function imagePath(rng: Random): string {
  let s = '/';
  for (let i = 0; i < 27; i++) s += BASE62[rng.uint32() % 62];
  return s + '.jpg';
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A TMDB credit id: 24 hex digits (a table lookup per byte: ~1 M of them at full size). */
export function hex24(rng: Random): string {
  let s = '';
  for (let i = 0; i < 3; i++) {
    const u = rng.uint32();
    s += HEX[u >>> 24] + HEX[(u >>> 16) & 255] + HEX[(u >>> 8) & 255] + HEX[u & 255];
  }
  return s;
}
