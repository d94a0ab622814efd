/**
 * The byte-level twins of cleanText and splitList (the titles' staged rows) write what the string
 * rules make, in the staged CSV's quoting, or decline (-1) and leave the cell to the strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanText, cleanTextCsv, listCsv, splitList } from '../../../src/packs/streaming/clean.js';

/** A value as a staged CSV cell (staged-writer.ts: '"' around, '"' doubled; NULL empty), written independently here. */
const csv = (s: string | null) => (s === null ? '' : `"${s.replaceAll('"', '""')}"`);

function viaBytes(fn: typeof cleanTextCsv, s: string): string | null {
  const src = Buffer.from('<<' + s + '>>', 'utf8');
  const out = Buffer.alloc(6 * src.length + 16, 0x7e);
  out[0] = 0x7e;
  const end = fn(src, 2, src.length - 2, out, 1);
  const n = src.length - 4;
  // the room each promises its caller: nothing written beyond it (a repeated item is written, then taken back)
  const room = fn === cleanTextCsv ? 2 * n + 2 : 6 * n + 8;
  assert.ok(out.subarray(1 + room).every((b) => b === 0x7e), `wrote past its room: ${JSON.stringify(s)}`);
  if (end < 0) {
    // declined: nothing written
    assert.ok(out.every((b) => b === 0x7e), JSON.stringify(s));
    return null;
  }
  return out.toString('utf8', 1, end);
}

test('byte cleaning: fixed cases', () => {
  assert.equal(viaBytes(cleanTextCsv, '  The GRAND\tSeduction \r\n'), '"the grand\tseduction"');
  assert.equal(viaBytes(cleanTextCsv, 'Say "Hi"'), '"say ""hi"""');
  assert.equal(viaBytes(cleanTextCsv, ' \t '), '');
  assert.equal(viaBytes(cleanTextCsv, 'AMÉLIE’S “Café” – ß×Ø'), '"amélie’s “café” – ß×ø"');
  assert.equal(viaBytes(cleanTextCsv, '\u200bx'), null);
  assert.equal(viaBytes(cleanTextCsv, '\u00a0x'), null);
  assert.equal(viaBytes(cleanTextCsv, 'ΣΑΣ'), null);
  assert.equal(viaBytes(listCsv, 'Brendan Gleeson, brendan GLEESON, , Taylor Kitsch,'), '"[""brendan gleeson"",""taylor kitsch""]"');
  assert.equal(viaBytes(listCsv, ''), '"[]"');
  assert.equal(viaBytes(listCsv, ' , ,'), '"[]"');
  assert.equal(viaBytes(listCsv, 'O"Brien'), null);
  assert.equal(viaBytes(listCsv, 'a\\b'), null);
  assert.equal(viaBytes(listCsv, 'a\tb'), null);
  assert.equal(viaBytes(listCsv, 'Zoë Kravitz, ZOË KRAVITZ,Ángel'), '"[""zoë kravitz"",""ángel""]"');
  assert.equal(viaBytes(listCsv, 'Zoë\u00a0'), null);
});

test('byte cleaning: random ASCII cells read as cleanText and splitList read them', () => {
  let s = 0x12345678;
  const rnd = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const alphabet = ['a', 'B', 'z', 'Z', ' ', ' ', ',', ',', '"', '\t', '\r', '\n', '\\', '&', '1', '\x01', '\x0b', "'", '-'];
  let textTaken = 0;
  let listTaken = 0;
  for (let k = 0; k < 20000; k++) {
    let cell = '';
    for (let n = rnd(14); n > 0; n--) cell += alphabet[rnd(alphabet.length)];
    const text = viaBytes(cleanTextCsv, cell);
    if (text !== null) {
      textTaken++;
      assert.equal(text, csv(cleanText(cell)), JSON.stringify(cell));
    }
    const list = viaBytes(listCsv, cell);
    if (list !== null) {
      listTaken++;
      assert.equal(list, csv(JSON.stringify(splitList(cell))), JSON.stringify(cell));
    }
  }
  // ASCII text is always taken; lists without quotes, backslashes or control characters
  assert.equal(textTaken, 20000);
  assert.ok(listTaken > 3000, `lists taken ${listTaken}`);
});

test('byte cleaning: every character of U+0080–U+00FF and U+2000–U+207F taken or declined as the string rules say', () => {
  let taken = 0;
  for (const [from, to] of [
    [0x80, 0xff],
    [0x2000, 0x207f],
  ]) {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp);
      for (const cell of [ch, ` ${ch} `, `A${ch}b`, `${ch},x,${ch}`, `${ch}${ch.toUpperCase()}, ${ch.toLowerCase()}`]) {
        const text = viaBytes(cleanTextCsv, cell);
        if (text !== null) {
          taken++;
          assert.equal(text, csv(cleanText(cell)), `U+${cp.toString(16)} in ${JSON.stringify(cell)}`);
        }
        const list = viaBytes(listCsv, cell);
        if (list !== null) assert.equal(list, csv(JSON.stringify(splitList(cell))), `U+${cp.toString(16)} in ${JSON.stringify(cell)}`);
      }
    }
  }
  assert.ok(taken > 1000, `taken ${taken}`);
});

test('byte cleaning: random cells of ASCII, Latin-1 and punctuation read as cleanText and splitList read them', () => {
  let s = 0x2468ace1;
  const rnd = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const alphabet = ['a', 'B', ' ', ',', '"', '\t', 'é', 'É', 'Ø', '×', 'ß', 'ÿ', '¡', '\u00a0', '’', '–', '“', '…', '\u200b', '\u200c', '\u2028', '\u202f', 'ⁿ', 'Ā', 'Σ', '😀'];
  let taken = 0;
  for (let k = 0; k < 20000; k++) {
    let cell = '';
    for (let n = rnd(12); n > 0; n--) cell += alphabet[rnd(alphabet.length)];
    const text = viaBytes(cleanTextCsv, cell);
    if (text !== null) {
      taken++;
      assert.equal(text, csv(cleanText(cell)), JSON.stringify(cell));
    }
    const list = viaBytes(listCsv, cell);
    if (list !== null) assert.equal(list, csv(JSON.stringify(splitList(cell))), JSON.stringify(cell));
  }
  assert.ok(taken > 2000, `taken ${taken}`);
});
