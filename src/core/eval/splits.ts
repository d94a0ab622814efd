import { csrFromCoo, type Csr } from '../models/csr.js';
import { Random } from '../synth/random.js';

export interface LeaveOutSplit {
  train: Csr;
  /** held-out items per user (only users with at least `minItems` items have any) */
  test: Map<number, Int32Array>;
}

/**
 * Per-user leave-out: for every user with ≥ minItems items, a seeded random `fraction` of their
 * items (at least one) is held out for testing; everyone else is trained on in full.
 */
export function perUserLeaveOut(m: Csr, opts: { fraction?: number; minItems?: number; seed?: number } = {}): LeaveOutSplit {
  const fraction = opts.fraction ?? 0.2;
  const minItems = opts.minItems ?? 5;
  const rng = new Random(opts.seed ?? 42);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const test = new Map<number, Int32Array>();
  for (let u = 0; u < m.nRows; u++) {
    const start = m.indptr[u];
    const n = m.indptr[u + 1] - start;
    const held = new Uint8Array(n);
    if (n >= minItems) {
      const k = Math.max(1, Math.round(fraction * n));
      const order = Array.from({ length: n }, (_, i) => i);
      rng.shuffle(order);
      const out = new Int32Array(k);
      for (let t = 0; t < k; t++) {
        held[order[t]] = 1;
        out[t] = m.indices[start + order[t]];
      }
      out.sort();
      test.set(u, out);
    }
    for (let t = 0; t < n; t++) {
      if (held[t]) continue;
      rows.push(u);
      cols.push(m.indices[start + t]);
      vals.push(m.values[start + t]);
    }
  }
  return { train: csrFromCoo(m.nRows, m.nCols, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(vals)), test };
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, seed: number): Int32Array {
  const rng = new Random(seed);
  const p = Int32Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rng.next() * (k + 1));
    const t = p[k];
    p[k] = p[j];
    p[j] = t;
  }
  return p;
}

/** Fold of each rating for K-fold cross-validation: a seeded shuffle cut into K near-equal parts. */
export function kFolds(n: number, k: number, seed: number): Int32Array {
  const order = permutation(n, seed);
  const fold = new Int32Array(n);
  for (let r = 0; r < n; r++) fold[order[r]] = Math.floor((r * k) / n);
  return fold;
}

export interface Holdout {
  /** row indices, ascending */
  train: Int32Array;
  test: Int32Array;
}

/**
 * A seeded random hold-out: exactly round(fraction × n) rows go to test (a Fisher-Yates shuffle
 * of 0..n-1, first k taken). The same (n, fraction, seed) always gives the same split.
 */
export function randomHoldout(n: number, fraction: number, seed: number): Holdout {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`hold-out fraction must be in (0, 1), got ${fraction}`);
  const order = new Random(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const k = Math.round(fraction * n);
  const test = Int32Array.from(order.slice(0, k)).sort();
  const train = Int32Array.from(order.slice(k)).sort();
  return { train, test };
}
