/**
 * Classification metrics: labels are small integers, `truth[i]` against `predicted[i]`.
 */

function sameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
}

/** Share of positions where the prediction equals the truth (NaN when there are none). */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  sameLength(truth, predicted);
  if (truth.length === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
  return hits / truth.length;
}

export interface ClassScores {
  label: number;
  /** true count of the class */
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Precision, recall and F1 per class. A class never predicted has precision 0, one absent from
 * the truth recall 0 (so F1 0): the convention of scikit-learn's `zero_division=0`.
 */
export function perClassScores(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number[]): ClassScores[] {
  sameLength(truth, predicted);
  return classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === c;
      const p = predicted[i] === c;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label: c, support: tp + fn, precision, recall, f1 };
  });
}

/** The distinct labels of the truth and the predictions, ascending. */
export function classesPresent(...labels: ArrayLike<number>[]): number[] {
  const set = new Set<number>();
  for (const l of labels) for (let i = 0; i < l.length; i++) set.add(l[i]);
  return [...set].sort((a, b) => a - b);
}

/**
 * Unweighted mean of the per-class F1 over `classes`: by default every class present in the truth
 * or the predictions (scikit-learn's default). Pass the truth's classes to score a predictor that
 * may also abstain (a label the truth never has) without averaging in that label's F1 of 0; its
 * abstentions still lower the recall of the classes they missed.
 */
export function macroF1(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes = classesPresent(truth, predicted)): number {
  if (classes.length === 0) return NaN;
  const scores = perClassScores(truth, predicted, classes);
  return scores.reduce((s, c) => s + c.f1, 0) / scores.length;
}

/**
 * ROC AUC of a score against a binary truth, from ranks (Mann–Whitney U): the probability that a
 * random positive scores above a random negative, ties counting one half (tied scores share their
 * average rank). NaN when either class is absent. O(n log n).
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  sameLength(scores, positive);
  const n = scores.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i])) throw new Error(`score ${i} is NaN`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let nPos = 0;
  let rankSumPos = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // average of the 1-based ranks start+1 .. end
    for (let k = start; k < end; k++) {
      if (positive[order[k]]) {
        nPos++;
        rankSumPos += rank;
      }
    }
    start = end;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
