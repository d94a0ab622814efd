import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, weightedTfidf } from '../../../src/core/text/tfidf.js';

test('tokenize: accents folded, stopwords and one-letter tokens dropped, Porter stems', () => {
  assert.deepEqual(tokenize('The Toys discover a NEW world — Café!'), ['toi', 'discov', 'new', 'world', 'cafe']);
  assert.deepEqual(tokenize('running runs ran'), ['run', 'run', 'ran']);
  assert.deepEqual(tokenize(null), []);
  assert.deepEqual(tokenize('a I of the'), []);
});

test('weightedTfidf: sublinear tf × smooth idf, each field unit length times its weight (hand-computed)', () => {
  // 3 documents; field "w": doc0 = x x y, doc1 = y, doc2 = (nothing); field "g": doc0 = G, doc1 = G, doc2 = H
  const w = [['x', 'x', 'y'], ['y'], []];
  const g = [['G'], ['G'], ['H']];
  const m = weightedTfidf(3, [
    { name: 'w', terms: (d) => w[d], weight: 1 },
    { name: 'g', terms: (d) => g[d], weight: 0.5 },
  ]);
  assert.deepEqual(m.terms, ['w:x', 'w:y', 'g:G', 'g:H']);
  const idfX = 1 + Math.log(4 / 2); // df(x) = 1 of N = 3
  const idfY = 1 + Math.log(4 / 3); // df(y) = 2
  const tfX = 1 + Math.log(2);
  const wx = tfX * idfX;
  const wy = idfY;
  const norm = Math.hypot(wx, wy);
  const row = (d: number) => {
    const out: Record<string, number> = {};
    for (let p = m.docTerms.indptr[d]; p < m.docTerms.indptr[d + 1]; p++) out[m.terms[m.docTerms.indices[p]]] = m.docTerms.values[p];
    return out;
  };
  const close = (a: Record<string, number>, b: Record<string, number>) => {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
    for (const k in b) assert.ok(Math.abs(a[k] - b[k]) < 1e-6, `${k}: ${a[k]} vs ${b[k]}`);
  };
  close(row(0), { 'w:x': wx / norm, 'w:y': wy / norm, 'g:G': 0.5 });
  close(row(1), { 'w:y': 1, 'g:G': 0.5 });
  close(row(2), { 'g:H': 0.5 });
});

test('weightedTfidf: min/max document frequency drop terms and say how many', () => {
  const docs = [['a', 'b'], ['a', 'c'], ['a', 'c'], ['a', 'd']];
  const m = weightedTfidf(4, [{ name: 't', terms: (d) => docs[d], weight: 1, minDf: 2, maxDf: 0.9 }]);
  assert.deepEqual(m.terms, ['t:c']);
  assert.deepEqual(m.fields, [{ name: 't', kept: 1, droppedRare: 2, droppedCommon: 1 }]);
});
