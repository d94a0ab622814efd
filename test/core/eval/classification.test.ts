import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, classesPresent, macroF1, perClassScores, rocAuc } from '../../../src/core/eval/classification.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('accuracy and macro-F1 against hand-computed values', () => {
  const truth = [0, 0, 1, 1, 2, 2];
  const predicted = [0, 1, 1, 1, 2, 0];
  close(accuracy(truth, predicted), 4 / 6); // positions 0, 2, 3, 4
  // class 0: tp 1 (i0), fp 1 (i5), fn 1 (i1) → P 1/2, R 1/2, F1 1/2
  // class 1: tp 2, fp 1 (i1), fn 0           → P 2/3, R 1,   F1 4/5
  // class 2: tp 1, fp 0, fn 1 (i5)           → P 1,   R 1/2, F1 2/3
  const [c0, c1, c2] = perClassScores(truth, predicted, [0, 1, 2]);
  assert.deepEqual([c0.support, c1.support, c2.support], [2, 2, 2]);
  close(c0.f1, 1 / 2);
  close(c1.precision, 2 / 3);
  close(c1.f1, 4 / 5);
  close(c2.recall, 1 / 2);
  close(c2.f1, 2 / 3);
  close(macroF1(truth, predicted), (1 / 2 + 4 / 5 + 2 / 3) / 3);
  close(accuracy([1], [1]), 1);
  assert.ok(Number.isNaN(accuracy([], [])));
  assert.throws(() => accuracy([1, 2], [1]), /length mismatch/);
});

test('macro-F1 over the classes present, or over the classes asked for', () => {
  // a predictor that abstains once (label 1, absent from the truth)
  const truth = [0, 0, 2, 2];
  const predicted = [0, 1, 2, 2];
  assert.deepEqual(classesPresent(truth, predicted), [0, 1, 2]);
  // class 0: P 1, R 1/2, F1 2/3; class 1: never true, F1 0; class 2: F1 1
  close(macroF1(truth, predicted), (2 / 3 + 0 + 1) / 3);
  close(macroF1(truth, predicted, [0, 2]), (2 / 3 + 1) / 2);
  // always predicting 2: class 0 never predicted (P 0 → F1 0); class 2: P 2/4, R 1, F1 2/3
  close(macroF1(truth, [2, 2, 2, 2], [0, 2]), (0 + 2 / 3) / 2);
  close(macroF1(truth, [2, 2, 2, 2]), (0 + 2 / 3) / 2); // 0 is present in the truth
});

test('ROC AUC from ranks, ties averaged', () => {
  // the classic example: positives 0.35 and 0.8, negatives 0.1 and 0.4 → 3 of 4 pairs ordered
  close(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75);
  // ties: positives {1, 3}, negatives {1, 2}: pairs (1,1) ½, (1,2) 0, (3,1) 1, (3,2) 1 → 2.5 / 4
  close(rocAuc([1, 1, 2, 3], [true, false, false, true]), 2.5 / 4);
  close(rocAuc([5, 5, 5, 5], [true, false, true, false]), 0.5); // a constant score
  close(rocAuc([3, 2, 1], [true, false, false]), 1);
  close(rocAuc([1, 2, 3], [true, false, false]), 0);
  // against the naive pairwise count on a larger input with many ties
  const scores = Array.from({ length: 200 }, (_, i) => (i * 37) % 11);
  const positive = scores.map((_, i) => (i * 13) % 7 < 3);
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (!positive[i] || positive[j]) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  close(rocAuc(scores, positive), wins / pairs);
  assert.ok(Number.isNaN(rocAuc([1, 2], [true, true])));
  assert.throws(() => rocAuc([1, NaN], [true, false]), /NaN/);
});
