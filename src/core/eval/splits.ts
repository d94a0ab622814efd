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
