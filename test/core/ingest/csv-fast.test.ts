import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCsvRecords, type CsvItem } from '../../../src/core/ingest/csv.js';
import { fieldBytes, readCsvFast } from '../../../src/core/ingest/csv-fast.js';
import { tempDir } from '../../helpers.js';

/** An item as the handlers see it: the record read column by column (the fast reader's are getters). */
async function items(read: (path: string) => AsyncIterable<CsvItem>, path: string, header: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const it of read(path)) {
    out.push(it.ok ? { ok: true, line: it.line, raw: it.raw, record: Object.fromEntries(header.map((h) => [h, it.record[h]])), has: header.every((h) => h in it.record) } : it);
  }
  return out;
}

async function sameItems(dir: string, name: string, bytes: Buffer | string, header: string[]): Promise<unknown[]> {
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(bytes) : bytes);
  const reference = await items(readCsvRecords, path, header);
  const fast = await items(readCsvFast, path, header);
  // csv-parse hands out an unreadable record before the good ones read in the same chunk; the
  // fast reader in file order: the same items, compared in the order of their lines
  const byLine = (list: unknown[]) => [...list].sort((x, y) => (x as CsvItem).line - (y as CsvItem).line || JSON.stringify(x).localeCompare(JSON.stringify(y)));
  assert.deepEqual(byLine(fast), byLine(reference), `${name}: ${JSON.stringify(bytes.toString().slice(0, 300))}`);
  // and the good records in the same order
  const good = (list: unknown[]) => list.filter((x) => (x as CsvItem).ok);
  assert.deepEqual(good(fast), good(reference));
  return reference;
}

const HEADER = ['a', 'b', 'c'];

test('fast CSV: the reference items on the plain grammar and at its edges', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const cases: (string | Buffer)[] = [
      // quoted multi-line fields, doubled quotes, blank lines, a short and a long record, a trailing comma, no final newline
      'a,b,c\n1,"x, y","multi\nline ""q"""\n\n\n2,plain,\n3,too,many,fields\n4,"",""""\n5,ü é,😀',
      // a BOM, a record of spaces only (its raw is '' in the reference), a quoted empty record, a final newline
      '\ufeffa,b,c\n   \n""\n1,2,3\n',
      // a header with spaces (trimmed), a field of a quoted comma and newline at the very end
      ' a , b ,c\n1,2,"3,\n"',
      // the header alone; then nothing at all
      'a,b,c',
      '',
      '\n\n',
      // CRLF: the reference's grammar (the fast reader hands the file over at the first '\r')
      'a,b,c\r\n1,2,3\r\n4,"x\r\ny",5\r\n',
      'a,b,c\n1,2,3\n4,"x\r\ny",5\n6,7,8\n',
      // a quote in an unquoted field, text after a closing quote, an unclosed quote: rejects of the reference, after good records
      'a,b,c\n1,2,3\n4,x"y,5\n6,7,8\n',
      'a,b,c\n1,2,3\n4,"x"y,5\n6,7,8\n',
      'a,b,c\n1,2,3\n4,"x,5\n6,7,8\n',
      'a,b,c\n1,2,3\n"4',
      // a UTF-16 BOM; a header naming __proto__
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\0,\0b\0\n\0', 'latin1')]),
      '__proto__,b,c\n1,2,3\n',
    ];
    // a column named like a property of the reader's records reads as its field
    await sameItems(dir, 'names.csv', 'generation,constructor,c\n1,2,3\n', ['generation', 'constructor', 'c']);
    for (const [i, c] of cases.entries()) {
      for (const name of [`c${i}.csv`, `c${i}.csv.gz`]) await sameItems(dir, name, c, HEADER);
    }
    // invalid UTF-8 inside fields and around doubled quotes decodes the same (U+FFFD) both ways
    await sameItems(dir, 'bad.csv', Buffer.concat([Buffer.from('a,b,c\n1,"x'), Buffer.from([0xc3]), Buffer.from('""'), Buffer.from([0xe2, 0x82]), Buffer.from('",'), Buffer.from([0xff]), Buffer.from('\n')]), HEADER);
    // the edge cases do reach the reference's rejects (this is not comparing two empty lists)
    const unclosed = await sameItems(dir, 'u.csv', 'a,b,c\n1,2,3\n4,"x,5\n6,7,8\n', HEADER);
    assert.equal(unclosed.length, 2);
    assert.match((unclosed[1] as { reason: string }).reason, /Quote Not Closed/);
  } finally {
    cleanup();
  }
});

test('fast CSV: random files of the grammar and off it read as the reference reads them', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // a small deterministic generator (xorshift): pieces that stress the quoting rules
    let s = 0x9e3779b9;
    const rnd = (n: number) => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) % n;
    };
    const plain = ['x', 'yz', '12', ' ', 'é', '', "it's"];
    const quoted = ['"a,b"', '"q""q"', '"l1\nl2"', '""', '""""', '"😀"'];
    const odd = ['a"b', '"a"b', '\r', '"x\r\ny"', '"open'];
    for (let f = 0; f < 60; f++) {
      const offGrammar = f % 3 === 0;
      const lines = ['a,b,c'];
      const records = 5 + rnd(40);
      for (let r = 0; r < records; r++) {
        const n = rnd(10) === 0 ? 1 + rnd(5) : 3;
        const fields: string[] = [];
        for (let k = 0; k < n; k++) {
          const pick = rnd(10);
          fields.push(offGrammar && rnd(60) === 0 ? odd[rnd(odd.length)] : pick < 6 ? plain[rnd(plain.length)] : quoted[rnd(quoted.length)]);
        }
        lines.push(fields.join(','));
        if (rnd(12) === 0) lines.push('');
      }
      await sameItems(dir, `r${f}.csv`, lines.join('\n') + (rnd(2) ? '\n' : ''), HEADER);
    }
  } finally {
    cleanup();
  }
});

test('fast CSV: a field as bytes, doubled quotes made single; other records have none', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'b.csv');
    writeFileSync(path, 'a,b,c\nplain,"say ""hi""","x,y"\n');
    for await (const it of readCsvFast(path)) {
      assert.ok(it.ok);
      const got = ['a', 'b', 'c'].map((c) => {
        const b = fieldBytes(it.record, c)!;
        return b.buf.toString('utf8', b.start, b.end);
      });
      assert.deepEqual(got, ['plain', 'say "hi"', 'x,y']);
      assert.equal(fieldBytes({ a: 'plain' }, 'a'), null);
      assert.equal(fieldBytes(it.record, 'd'), null);
    }
    // a record kept past its turn refuses to be read rather than answer another record's bytes
    const kept: Record<string, string>[] = [];
    writeFileSync(path, 'a,b,c\n1,2,3\n4,5,6\n');
    for await (const it of readCsvFast(path)) if (it.ok) kept.push(it.record);
    assert.throws(() => kept[0].a, /after the reader moved on/);
    assert.equal(fieldBytes(kept[0], 'a'), null);
  } finally {
    cleanup();
  }
});
