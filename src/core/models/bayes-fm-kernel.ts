/**
 * The Gibbs sampler of a Bayesian factorisation machine (Rendle 2012/2013, libFM's MCMC) on
 * relation blocks. A factorisation machine predicts
 *
 *   ŷ(x) = w0 + Σ_l w_l x_l + ½ Σ_f [(Σ_l v_lf x_l)² − Σ_l v_lf² x_l²]
 *
 * and every parameter θ enters ŷ linearly, ŷ = g + θ·h, so with Gaussian noise of precision α and
 * a N(μ, 1/λ) prior its conditional posterior is Gaussian: precision α Σ h² + λ, mean
 * (α Σ h (e + θh) + λμ) / precision, e = y − ŷ. The hyperparameters (α; μ and λ of each group and
 * factor) have the conjugate Gamma / Normal-Gamma priors libFM uses (α0 = β0 = αλ = βλ = γ = 1,
 * μ0 = 0), so there is no learning rate or regularisation to tune.
 *
 * The design matrix is never built: its columns come in *relation blocks* (Rendle 2013,
 * "Scaling factorization machines to relational data"). A block gives each row a key (the row's
 * user, item, week…) and each key a short sparse feature vector (the user's id; the items the
 * user rated, 1/√n each…). Per block and factor the rows are summarised per key (count, Σq°,
 * Σq°², Σc, Σc·q°, where q° is the rest of the row's factor sum), after which each feature's
 * conditional costs O(its keys), and a sweep O(rows × rank + block entries × rank), not
 * O(rows × history).
 */
import type { Random } from '../synth/random.js';

export interface Block {
  /** key of each row */
  rowKey: Int32Array;
  nKeys: number;
  nFeatures: number;
  /** features of key b: [indptr[b], indptr[b+1]) of feat / val */
  indptr: Int32Array;
  feat: Int32Array;
  val: Float64Array;
  /** the transpose: keys holding feature l, [tIndptr[l], tIndptr[l+1]) of tKey / tVal */
  tIndptr: Int32Array;
  tKey: Int32Array;
  tVal: Float64Array;
  /** rows per key */
  count: Float64Array;
  /** the prior group of each feature (features of one kind share a prior: user ids, rated items…) */
  featGroup: Int32Array;
}

/** libFM's fixed hyperpriors. */
export const PRIOR = { alpha0: 1, beta0: 1, alphaL: 1, betaL: 1, gamma: 1, mu0: 0 } as const;

export interface FmState {
  k: number;
  y: Float64Array;
  blocks: Block[];
  w0: number;
  /** per block: linear weights, and factors feature-major (v_lf at l·k + f) */
  w: Float64Array[];
  V: Float64Array[];
  alpha: number;
  /** per prior group: mean and precision of its weights; per group × factor, of its factors */
  muW: Float64Array;
  lamW: Float64Array;
  muV: Float64Array;
  lamV: Float64Array;
  /** e_r = y_r − ŷ_r, kept current */
  e: Float64Array;
  /** scratch: q_f(r) of the current factor, the row's rest-of-row sum, and c_r */
  q: Float64Array;
  qo: Float64Array;
  c: Float64Array;
}

/** Builds a block from its key of each row and, per key, its features (transpose and counts derived). */
export function makeBlock(rowKey: Int32Array, nKeys: number, nFeatures: number, indptr: Int32Array, feat: Int32Array, val: Float64Array, featGroup = new Int32Array(nFeatures)): Block {
  const tIndptr = new Int32Array(nFeatures + 1);
  for (let p = 0; p < feat.length; p++) tIndptr[feat[p] + 1]++;
  for (let l = 0; l < nFeatures; l++) tIndptr[l + 1] += tIndptr[l];
  const next = tIndptr.slice(0, nFeatures);
  const tKey = new Int32Array(feat.length);
  const tVal = new Float64Array(feat.length);
  for (let b = 0; b < nKeys; b++) {
    for (let p = indptr[b]; p < indptr[b + 1]; p++) {
      const at = next[feat[p]]++;
      tKey[at] = b;
      tVal[at] = val[p];
    }
  }
  const count = new Float64Array(nKeys);
  for (let r = 0; r < rowKey.length; r++) if (rowKey[r] >= 0) count[rowKey[r]]++;
  return { rowKey, nKeys, nFeatures, indptr, feat, val, tIndptr, tKey, tVal, count, featGroup };
}

/** One feature per key, value 1 (an id one-hot: user, item, time bin). */
export function identityBlock(rowKey: Int32Array, nKeys: number, group = 0): Block {
  return makeBlock(
    rowKey,
    nKeys,
    nKeys,
    Int32Array.from({ length: nKeys + 1 }, (_, b) => b),
    Int32Array.from({ length: nKeys }, (_, b) => b),
    new Float64Array(nKeys).fill(1),
    new Int32Array(nKeys).fill(group),
  );
}

export function initState(y: Float64Array, blocks: Block[], k: number, initStd: number, rng: Random): FmState {
  const n = y.length;
  let nGroups = 0;
  for (const b of blocks) for (const grp of b.featGroup) nGroups = Math.max(nGroups, grp + 1);
  const s: FmState = {
    k,
    y,
    blocks,
    w0: 0,
    w: blocks.map((b) => new Float64Array(b.nFeatures)),
    V: blocks.map((b) => {
      const v = new Float64Array(b.nFeatures * k);
      for (let p = 0; p < v.length; p++) v[p] = initStd * rng.normal();
      return v;
    }),
    alpha: 1,
    muW: new Float64Array(nGroups),
    lamW: new Float64Array(nGroups).fill(1),
    muV: new Float64Array(nGroups * k),
    lamV: new Float64Array(nGroups * k).fill(1),
    e: new Float64Array(n),
    q: new Float64Array(n),
    qo: new Float64Array(n),
    c: new Float64Array(n),
  };
  const yhat = predictRows(s);
  for (let r = 0; r < n; r++) s.e[r] = y[r] - yhat[r];
  return s;
}

/** ŷ of every row from the current parameters (for the residuals at the start, and tests). */
export function predictRows(s: FmState): Float64Array {
  const n = s.y.length;
  const out = new Float64Array(n).fill(s.w0);
  const q = new Float64Array(n);
  for (let g = 0; g < s.blocks.length; g++) {
    const B = s.blocks[g];
    const L = linearPerKey(B, s.w[g]);
    for (let r = 0; r < n; r++) if (B.rowKey[r] >= 0) out[r] += L[B.rowKey[r]];
  }
  for (let f = 0; f < s.k; f++) {
    q.fill(0);
    for (let g = 0; g < s.blocks.length; g++) {
      const B = s.blocks[g];
      const { qB, SB } = factorPerKey(B, s.V[g], s.k, f);
      for (let r = 0; r < n; r++) {
        const b = B.rowKey[r];
        if (b < 0) continue;
        q[r] += qB[b];
        out[r] -= 0.5 * SB[b];
      }
    }
    for (let r = 0; r < n; r++) out[r] += 0.5 * q[r] * q[r];
  }
  return out;
}

/** Σ_l w_l x_l of each key. */
export function linearPerKey(B: Block, w: Float64Array): Float64Array {
  const L = new Float64Array(B.nKeys);
  for (let b = 0; b < B.nKeys; b++) {
    let s = 0;
    for (let p = B.indptr[b]; p < B.indptr[b + 1]; p++) s += w[B.feat[p]] * B.val[p];
    L[b] = s;
  }
  return L;
}

/** Σ_l v_lf x_l and Σ_l v_lf² x_l² of each key, for factor f. */
export function factorPerKey(B: Block, V: Float64Array, k: number, f: number): { qB: Float64Array; SB: Float64Array } {
  const qB = new Float64Array(B.nKeys);
  const SB = new Float64Array(B.nKeys);
  for (let b = 0; b < B.nKeys; b++) {
    let s = 0;
    let s2 = 0;
    for (let p = B.indptr[b]; p < B.indptr[b + 1]; p++) {
      const t = V[B.feat[p] * k + f] * B.val[p];
      s += t;
      s2 += t * t;
    }
    qB[b] = s;
    SB[b] = s2;
  }
  return { qB, SB };
}

/** Gamma(shape, rate) by Marsaglia and Tsang (shape ≥ 1 here: every shape is (1 + n)/2 with n ≥ 1). */
export function drawGamma(shape: number, rate: number, rng: Random): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    let u = rng.next();
    while (u === 0) u = rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** The noise precision α | e. */
export function drawAlpha(s: FmState, rng: Random): void {
  let sse = 0;
  for (let r = 0; r < s.e.length; r++) sse += s.e[r] * s.e[r];
  s.alpha = drawGamma((PRIOR.alpha0 + s.e.length) / 2, (PRIOR.beta0 + sse) / 2, rng);
}

/** μ then λ of one group of n values (`at(j)`), Normal-Gamma hyperprior; returns [μ, λ]. */
export function drawGroupPrior(n: number, at: (j: number) => number, lambda: number, rng: Random): [number, number] {
  const { alphaL, betaL, gamma, mu0 } = PRIOR;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += at(j);
  const mu = (sum + gamma * mu0) / (n + gamma) + rng.normal() / Math.sqrt((n + gamma) * lambda);
  let ss = 0;
  for (let j = 0; j < n; j++) ss += (at(j) - mu) ** 2;
  const lam = drawGamma((alphaL + n + 1) / 2, (betaL + ss + gamma * (mu - mu0) ** 2) / 2, rng);
  return [mu, lam];
}

/** Every prior group's priors: its weights', then each factor's. */
export function drawPriors(s: FmState, rng: Random): void {
  const k = s.k;
  for (let grp = 0; grp < s.muW.length; grp++) {
    // the group's members, block by block in feature order
    const members: [Float64Array, Float64Array, number][] = [];
    s.blocks.forEach((B, g) => {
      for (let l = 0; l < B.nFeatures; l++) if (B.featGroup[l] === grp) members.push([s.w[g], s.V[g], l]);
    });
    const n = members.length;
    [s.muW[grp], s.lamW[grp]] = drawGroupPrior(n, (j) => members[j][0][members[j][2]], s.lamW[grp], rng);
    for (let f = 0; f < k; f++) [s.muV[grp * k + f], s.lamV[grp * k + f]] = drawGroupPrior(n, (j) => members[j][1][members[j][2] * k + f], s.lamV[grp * k + f], rng);
  }
}

/** w0 | rest, under a flat prior (h = 1 on every row). */
export function drawW0(s: FmState, rng: Random): void {
  const n = s.e.length;
  let t = 0;
  for (let r = 0; r < n; r++) t += s.e[r] + s.w0;
  const prec = s.alpha * n;
  const w0 = t / n + rng.normal() / Math.sqrt(prec);
  const d = w0 - s.w0;
  for (let r = 0; r < n; r++) s.e[r] -= d;
  s.w0 = w0;
}

/** A Gaussian conditional's draw: mean num/prec, variance 1/prec. */
const draw = (num: number, prec: number, rng: Random) => num / prec + rng.normal() / Math.sqrt(prec);

/**
 * Every linear weight of block g, in feature order. Per key: L_b = Σ w_l x_l, and c_r = e_r + L_b
 * (the residual without the block's linear part) summed per key as C_b; then for feature l,
 * Σ_r h² = Σ_b x² n_b and Σ_r h (e_r + w_l h) = Σ_b x (C_b − n_b (L_b − w_l x)).
 */
export function sampleLinearBlock(s: FmState, g: number, rng: Random): void {
  const B = s.blocks[g];
  const w = s.w[g];
  const { e, c, alpha } = s;
  const L = linearPerKey(B, w);
  const C = new Float64Array(B.nKeys);
  for (let r = 0; r < e.length; r++) {
    const b = B.rowKey[r];
    if (b < 0) continue;
    c[r] = e[r] + L[b];
    C[b] += c[r];
  }
  for (let l = 0; l < B.nFeatures; l++) {
    const old = w[l];
    const lam = s.lamW[B.featGroup[l]];
    let prec = lam;
    let num = lam * s.muW[B.featGroup[l]];
    for (let p = B.tIndptr[l]; p < B.tIndptr[l + 1]; p++) {
      const b = B.tKey[p];
      const x = B.tVal[p];
      const nb = B.count[b];
      prec += alpha * x * x * nb;
      num += alpha * x * (C[b] - nb * (L[b] - old * x));
    }
    const nw = draw(num, prec, rng);
    w[l] = nw;
    for (let p = B.tIndptr[l]; p < B.tIndptr[l + 1]; p++) L[B.tKey[p]] += (nw - old) * B.tVal[p];
  }
  for (let r = 0; r < e.length; r++) {
    const b = B.rowKey[r];
    if (b >= 0) e[r] = c[r] - L[b];
  }
}

/**
 * Factor f of every feature of block g, in feature order; s.q must hold q_f(r) and is kept
 * current. With the block's part of the row's factor sum q^B_b = Σ v_lf x_l and S^B_b =
 * Σ v_lf² x_l², the block's part of ŷ_r is q^B q°_r + ½(q^B² − S^B) (q°_r: the rest of q_f(r)), so
 * c_r = e_r + that is fixed while the block is sampled, and for feature l at key b
 * (a = q^B_b − v x, S' = S^B_b − v² x², D = −½(a² − S')):
 *   Σ_{r∈b} h² = x² (n a² + 2a Σq° + Σq°²),
 *   Σ_{r∈b} h (e + v h) = x (a Σc + Σc·q° + D (n a + Σq°) − a (a Σq° + Σq°²)).
 */
export function sampleFactorBlock(s: FmState, g: number, f: number, rng: Random): void {
  const B = s.blocks[g];
  const { qB, SB } = factorPerKey(B, s.V[g], s.k, f);
  const agg = newAggregates(B.nKeys);
  aggregateRows(s, B, qB, SB, agg);
  drawBlockFactors(s, g, f, qB, SB, agg, rng);
  finishRows(s, B, qB, SB);
}

/** Per key: Σq°, Σq°², Σc, Σc·q° of its rows. */
interface Aggregates {
  A1: Float64Array;
  A2: Float64Array;
  C: Float64Array;
  CQ: Float64Array;
}

const newAggregates = (n: number): Aggregates => ({ A1: new Float64Array(n), A2: new Float64Array(n), C: new Float64Array(n), CQ: new Float64Array(n) });

/** Fills s.qo, s.c and the per-key aggregates of block B from s.e and s.q. */
function aggregateRows(s: FmState, B: Block, qB: Float64Array, SB: Float64Array, { A1, A2, C, CQ }: Aggregates): void {
  const { e, c, q, qo } = s;
  A1.fill(0);
  A2.fill(0);
  C.fill(0);
  CQ.fill(0);
  const key = B.rowKey;
  for (let r = 0; r < e.length; r++) {
    const b = key[r];
    if (b < 0) continue;
    const o = q[r] - qB[b];
    const cr = e[r] + qB[b] * o + 0.5 * (qB[b] * qB[b] - SB[b]);
    qo[r] = o;
    c[r] = cr;
    A1[b] += o;
    A2[b] += o * o;
    C[b] += cr;
    CQ[b] += cr * o;
  }
}

/** Factor f of each feature of block g in turn, keeping qB and SB current. */
function drawBlockFactors(s: FmState, g: number, f: number, qB: Float64Array, SB: Float64Array, { A1, A2, C, CQ }: Aggregates, rng: Random): void {
  const B = s.blocks[g];
  const V = s.V[g];
  const { k, alpha } = s;
  const { tIndptr, tKey, tVal, count } = B;
  for (let l = 0; l < B.nFeatures; l++) {
    const v = V[l * k + f];
    const grp = B.featGroup[l] * k + f;
    const lam = s.lamV[grp];
    let prec = lam;
    let num = lam * s.muV[grp];
    for (let p = tIndptr[l]; p < tIndptr[l + 1]; p++) {
      const b = tKey[p];
      const x = tVal[p];
      const nb = count[b];
      const a = qB[b] - v * x;
      const D = -0.5 * (a * a - (SB[b] - v * v * x * x));
      prec += alpha * x * x * (nb * a * a + 2 * a * A1[b] + A2[b]);
      num += alpha * x * (a * C[b] + CQ[b] + D * (nb * a + A1[b]) - a * (a * A1[b] + A2[b]));
    }
    const nv = draw(num, prec, rng);
    V[l * k + f] = nv;
    for (let p = tIndptr[l]; p < tIndptr[l + 1]; p++) {
      const b = tKey[p];
      const x = tVal[p];
      qB[b] += (nv - v) * x;
      SB[b] += (nv * nv - v * v) * x * x;
    }
  }
}

/** The rows' residuals and factor sums from the block's new per-key sums. */
function finishRows(s: FmState, B: Block, qB: Float64Array, SB: Float64Array): void {
  const { e, c, q, qo } = s;
  const key = B.rowKey;
  for (let r = 0; r < e.length; r++) {
    const b = key[r];
    if (b < 0) continue;
    e[r] = c[r] - qB[b] * qo[r] - 0.5 * (qB[b] * qB[b] - SB[b]);
    q[r] = qB[b] + qo[r];
  }
}

/**
 * Factor f of every block, as sampleFactorBlock block after block, with the per-key sums
 * computed once and each block's row update fused with the next block's row summary (one pass
 * over the rows per block instead of three).
 */
export function sampleFactor(s: FmState, f: number, rng: Random, scratch: Aggregates[]): void {
  const G = s.blocks.length;
  const sums = s.blocks.map((B, g) => factorPerKey(B, s.V[g], s.k, f));
  const { e, c, q, qo } = s;
  // q_f(r), the blocks' sums in block order, and block 0's row summary, in one pass
  const keys = s.blocks.map((B) => B.rowKey);
  const qBs = sums.map((x) => x.qB);
  {
    const key0 = keys[0];
    const qB0 = qBs[0];
    const SB0 = sums[0].SB;
    const { A1, A2, C, CQ } = scratch[0];
    A1.fill(0);
    A2.fill(0);
    C.fill(0);
    CQ.fill(0);
    for (let r = 0; r < q.length; r++) {
      let t = 0;
      for (let g = 0; g < G; g++) {
        const b = keys[g][r];
        if (b >= 0) t += qBs[g][b];
      }
      q[r] = t;
      const b = key0[r];
      if (b < 0) continue;
      const o = t - qB0[b];
      const cr = e[r] + qB0[b] * o + 0.5 * (qB0[b] * qB0[b] - SB0[b]);
      qo[r] = o;
      c[r] = cr;
      A1[b] += o;
      A2[b] += o * o;
      C[b] += cr;
      CQ[b] += cr * o;
    }
  }
  for (let g = 0; g < G; g++) {
    const { qB, SB } = sums[g];
    drawBlockFactors(s, g, f, qB, SB, scratch[g], rng);
    if (g + 1 === G) {
      finishRows(s, s.blocks[g], qB, SB);
      break;
    }
    const key = s.blocks[g].rowKey;
    const next = s.blocks[g + 1].rowKey;
    const nq = sums[g + 1].qB;
    const nS = sums[g + 1].SB;
    const { A1, A2, C, CQ } = scratch[g + 1];
    A1.fill(0);
    A2.fill(0);
    C.fill(0);
    CQ.fill(0);
    for (let r = 0; r < e.length; r++) {
      let b = key[r];
      if (b >= 0) {
        e[r] = c[r] - qB[b] * qo[r] - 0.5 * (qB[b] * qB[b] - SB[b]);
        q[r] = qB[b] + qo[r];
      }
      b = next[r];
      if (b < 0) continue;
      const o = q[r] - nq[b];
      const cr = e[r] + nq[b] * o + 0.5 * (nq[b] * nq[b] - nS[b]);
      qo[r] = o;
      c[r] = cr;
      A1[b] += o;
      A2[b] += o * o;
      C[b] += cr;
      CQ[b] += cr * o;
    }
  }
}

/** One Gibbs sweep: α, the priors, w0, every block's weights, then factor by factor every block's factors. */
export function sweep(s: FmState, rng: Random): void {
  drawAlpha(s, rng);
  drawPriors(s, rng);
  drawW0(s, rng);
  for (let g = 0; g < s.blocks.length; g++) sampleLinearBlock(s, g, rng);
  const scratch = s.blocks.map((B) => newAggregates(B.nKeys));
  for (let f = 0; f < s.k; f++) sampleFactor(s, f, rng, scratch);
}
