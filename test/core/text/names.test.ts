import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldLetters, NameIndex, nameKey, unknownNameMessage } from '../../../src/core/text/names.js';

test('nameKey folds case, accents and spaces', () => {
  assert.equal(nameKey('  Ubisoft   Montréal '), 'ubisoft montreal');
  assert.equal(nameKey('ÁCTION'), 'action');
  assert.equal(nameKey('Ⅻ ﬁ'), 'xii fi'); // compatibility forms
  // the raw data's spelling of a name finds the decoded one
  assert.equal(nameKey('Animation &amp; Modeling'), 'animation & modeling');
  assert.equal(nameKey('AT&T'), 'at&t');
});

test('spellings sharing a key merge; the preferred spelling is shown', () => {
  const idx = new NameIndex<number>();
  const sum = (a: number, b: number) => a + b;
  const more = (a: { value: number }, b: { value: number }) => a.value > b.value;
  idx.add('Ubisoft Montreal', 3, sum, more);
  idx.add('Ubisoft Montréal', 10, sum, more);
  idx.add('Valve', 7, sum, more);
  assert.deepEqual(idx.get('ubisoft montreal'), { name: 'Ubisoft Montréal', value: 13 });
  assert.deepEqual(idx.get(' VALVE '), { name: 'Valve', value: 7 });
  assert.equal(idx.get('valv'), undefined);
  assert.equal(idx.size, 2);
});

test('suggestions: prefix, then substring, then nearest by edit distance', () => {
  const idx = new NameIndex<null>();
  for (const n of ['Valve', 'Valve Corporation', 'Vlambeer', 'Bethesda Game Studios', 'Ubisoft Montréal', 'Ubisoft Paris', 'Double Fine', 'Volition']) idx.add(n, null, () => null);
  assert.deepEqual(idx.suggest('val', 2), ['Valve', 'Valve Corporation']);
  assert.deepEqual(idx.suggest('montreal', 1), ['Ubisoft Montréal']);
  assert.equal(idx.suggest('Valvee', 1)[0], 'Valve');
  assert.equal(idx.suggest('Betesda Game Studio', 1)[0], 'Bethesda Game Studios');
  assert.equal(idx.suggest('ubisoft pariss', 5)[0], 'Ubisoft Paris');
  assert.ok(idx.suggest('zzzzqqq', 5).length <= 5);
});

test('an unknown name: "did you mean" only with suggestions; always what is accepted and where it is listed', () => {
  const near = unknownNameMessage({ what: 'genre', input: ' Actoin ', suggestions: ['Action', 'Adventure'], accepted: "a genre, e.g. 'Action'", listedAt: '/suggest/steam/genre' });
  assert.equal(near.message, "unknown genre 'Actoin'; did you mean: Action, Adventure? Accepted: a genre, e.g. 'Action'; GET /suggest/steam/genre?q=<the start of a name> lists them.");
  assert.equal(near.accepted, "a genre, e.g. 'Action'; GET /suggest/steam/genre?q=<the start of a name> lists them");
  const none = unknownNameMessage({ what: 'genre', input: 'zzqx', suggestions: [], accepted: 'a genre', listedAt: '/suggest/steam/genre' });
  assert.equal(none.message, "unknown genre 'zzqx': no genre is spelled like it. Accepted: a genre; GET /suggest/steam/genre?q=<the start of a name> lists them.");
  assert.doesNotMatch(none.message, /did you mean/);
  const unlisted = unknownNameMessage({ what: 'weekday', input: 'x'.repeat(300), suggestions: [], accepted: 'lunes … domingo' });
  assert.equal(unlisted.message, `unknown weekday '${'x'.repeat(100)}': no weekday is spelled like it. Accepted: lunes … domingo.`);
});

test('foldLetters spells the letters NFKD keeps in ASCII; nameKey then does the rest', () => {
  // expectations written out by hand: what a keyboard without these letters types
  assert.equal(foldLetters('Søren Kierkegaard'), 'Soren Kierkegaard');
  assert.equal(foldLetters('ØSTERGAARD'), 'OSTERGAARD');
  assert.equal(foldLetters('Straße'), 'Strasse');
  assert.equal(foldLetters('Łódź'), 'Lódź'); // ó and ź decompose: nameKey drops their marks
  assert.equal(foldLetters('Þórður Guðjónsson'), 'Thórdur Gudjónsson');
  assert.equal(foldLetters('Æsir & Cœur'), 'AEsir & Coeur');
  assert.equal(foldLetters('Đorđe'), 'Dorde');
  assert.equal(foldLetters('ıstanbul'), 'istanbul');
  assert.equal(foldLetters('S&oslash;ren'), 'Soren'); // a reference is read as its letter first
  assert.equal(foldLetters('Plain Name'), 'Plain Name');
  assert.equal(nameKey(foldLetters('Łódź')), 'lodz');
});

test('addFoldedAliases: the ASCII spelling finds the name, unless it is a name of its own', () => {
  const idx = new NameIndex<number>();
  const first = (a: number) => a;
  idx.add('Søren Kierkegaard', 1, first);
  idx.add('Paweł Wong', 2, first);
  idx.add('Soren Nelson', 3, first); // really spelled with an o
  idx.add('Søren Nelson', 4, first);
  idx.add('Valve', 5, first);
  assert.equal(idx.addFoldedAliases(), idx);
  assert.deepEqual(idx.get('soren kierkegaard'), { name: 'Soren Kierkegaard', value: 1 });
  assert.equal(idx.get('SØREN KIERKEGAARD')?.value, 1);
  assert.equal(idx.get('pawel wong')?.value, 2);
  assert.equal(idx.get('Soren Nelson')?.value, 3, 'a real spelling keeps its own answer');
  assert.equal(idx.get('Søren Nelson')?.value, 4);
  assert.equal(idx.get('valve')?.value, 5);
  assert.equal(idx.size, 7, 'one alias each for Søren Kierkegaard and Paweł Wong, none for the rest');
  assert.ok(idx.suggest('pawel', 5).includes('Paweł Wong'));
});
