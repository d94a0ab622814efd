/**
 * NameSuggester: the "did you mean" behind every NameIndex. Same ranking as the core NameIndex
 * (starts with the input, then contains it, then nearest by edit distance), checked on a small
 * hand-made list and against a brute-force ranking on a larger one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distance } from 'fastest-levenshtein';
import { nameKey } from '../../../src/core/text/names.js';
import { NameSuggester } from '../../../src/core/text/suggest.js';

const NAMES = ['Toy Story', 'Toy Story 2', 'Toy Story Collection', 'The Toy', 'Story of a Toy', 'Tom Hanks', 'Søren Kierkegaard', 'Amélie', 'Zoë Kravitz', 'Jumanji'];

test('ranks names starting with the input first (shortest first), then names containing it', () => {
  const s = new NameSuggester(NAMES);
  assert.deepEqual(s.suggest('toy', 5), ['Toy Story', 'Toy Story 2', 'Toy Story Collection', 'The Toy', 'Story of a Toy']);
  assert.deepEqual(s.suggest('TOY STORY', 2), ['Toy Story', 'Toy Story 2']);
  assert.deepEqual(s.suggest('story', 3), ['Story of a Toy', 'Toy Story', 'Toy Story 2']);
});

test('then the nearest by edit distance, accents ignored', () => {
  const s = new NameSuggester(NAMES);
  assert.equal(s.suggest('jumanjo', 1)[0], 'Jumanji');
  assert.equal(s.suggest('amelie', 1)[0], 'Amélie');
  assert.equal(s.suggest('zoe kravits', 1)[0], 'Zoë Kravitz');
  assert.equal(s.suggest('tom hank', 1)[0], 'Tom Hanks');
  // nothing shares a trigram or a prefix: no suggestion rather than a random one
  assert.deepEqual(s.suggest('qqq', 5), []);
  // empty input: the first names, as NameIndex does
  assert.deepEqual(s.suggest('  ', 2), ['Toy Story', 'Toy Story 2']);
  assert.deepEqual(new NameSuggester([]).suggest('x'), []);
});

test('agrees with a brute-force ranking when the answer is a prefix or a substring match', () => {
  // invented names, many sharing parts, so that prefix and substring matches are plenty
  const first = ['Ana', 'Anna', 'Annie', 'Bob', 'Bobby', 'Carla', 'Carlos', 'Dana', 'Daniel', 'Danielle', 'Eva', 'Evan'];
  const last = ['Smith', 'Smithers', 'Stone', 'Stoner', 'Nowak', 'Novak', 'Novák', 'Lee', 'Leeds', 'García'];
  const names = first.flatMap((f) => last.map((l) => `${f} ${l}`));
  const s = new NameSuggester(names);
  const keys = names.map(nameKey);
  const brute = (input: string, n: number) => {
    const key = nameKey(input);
    const scored = keys.map((k, i) => ({ i, k, score: k.startsWith(key) ? -2 + k.length / 1000 : k.includes(key) ? -1 + k.length / 1000 : Infinity }));
    return scored.filter((x) => x.score < Infinity).sort((a, b) => a.score - b.score || (a.k < b.k ? -1 : 1)).slice(0, n).map((x) => names[x.i]);
  };
  let compared = 0;
  for (const input of ['dan', 'daniel s', 'smith', 'novak', 'eva', 'a', 'ann', 'leed', 'carla g']) {
    const expected = brute(input, 5);
    if (expected.length < 5) continue; // then similarity fills the rest, which brute force does not model
    assert.deepEqual(s.suggest(input, 5), expected, input);
    compared++;
  }
  assert.ok(compared >= 7, `${compared} inputs compared`);
  // a near miss finds its name at the smallest edit distance
  for (const input of ['Danial Smith', 'Carlos Stonr', 'Evan Nowakk']) {
    const best = Math.min(...keys.map((k) => distance(nameKey(input), k)));
    const top = s.suggest(input, 1)[0];
    assert.equal(distance(nameKey(input), nameKey(top)), best, input);
  }
});

// ---- autocomplete over ids: against a naive scan of every id ----
import { NumericPrefixSuggester, PrefixSuggester } from '../../../src/core/text/suggest.js';

test('PrefixSuggester gives the ids starting with the input, case-insensitive, shortest first (= a full scan)', () => {
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const letters = 'abAB_1';
  const ids = [...new Set(Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => letters[Math.floor(rnd() * letters.length)]).join('')))];
  const s = new PrefixSuggester(ids);
  for (const q of ['', 'a', 'A', 'ab', 'Ab_', 'b1', '1', 'zz', 'aB1a']) {
    const naive = ids
      .filter((id) => id.toLowerCase().startsWith(q.toLowerCase()))
      .sort((x, y) => x.length - y.length || (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0));
    const got = s.suggest(q, 8);
    assert.equal(got.length, Math.min(8, naive.length), q);
    // same lengths in the same order and every id a true match (ties between 'ab' and 'AB' may go either way)
    assert.deepEqual(got.map((g) => g.length), naive.slice(0, 8).map((g) => g.length), q);
    for (const g of got) assert.ok(g.toLowerCase().startsWith(q.toLowerCase()), `${q} → ${g}`);
  }
});

test('NumericPrefixSuggester gives the ids whose digits start with the input, shortest then smallest (= a full scan)', () => {
  const ids = [0, 1, 5, 9, 10, 12, 19, 100, 120, 121, 129, 130, 1200, 1299, 12000, 99999, 2147483647, 7, 70, 700, 7000];
  const s = new NumericPrefixSuggester(ids);
  for (const q of ['', '1', '12', '120', '7', '70', '0', '01', '3', '2147', 'x1', ' 12 ']) {
    const t = q.trim();
    const naive = /^\d*$/.test(t) ? ids.filter((id) => String(id).startsWith(t)).sort((a, b) => String(a).length - String(b).length || a - b).map(String) : [];
    assert.deepEqual(s.suggest(q, 6), naive.slice(0, 6), `'${q}'`);
  }
});
