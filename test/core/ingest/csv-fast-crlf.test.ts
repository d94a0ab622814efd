/**
 * The fast CSV reader on files whose records end in '\r\n' (the streaming title catalogues): the
 * reference's items (csv-parse through csv.ts, with its '\r's kept in the raw text and its line
 * numbers), read from the bytes, and handed over to the reference where csv-parse reads
 * something other than the plain grammar (a lone '\r' or '\n').
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCsvRecords, type CsvItem } from '../../../src/core/ingest/csv.js';
import { readCsvFast } from '../../../src/core/ingest/csv-fast.js';
import { tempDir } from '../../helpers.js';

const HEADER = ['a', 'b', 'c'];

async function items(read: (path: string) => AsyncIterable<CsvItem>, path: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const it of read(path)) out.push(it.ok ? { ok: true, line: it.line, raw: it.raw, record: Object.fromEntries(HEADER.map((h) => [h, it.record[h]])) } : it);
  return out;
}

/** Both readers' items of `bytes`; asserts they are the same (unreadable ones compared by line, as in csv-fast.test.ts). */
async function sameItems(dir: string, name: string, bytes: Buffer | string): Promise<unknown[]> {
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(bytes) : bytes);
  const reference = await items(readCsvRecords, path);
  const fast = await items(readCsvFast, path);
  const byLine = (list: unknown[]) => [...list].sort((x, y) => (x as CsvItem).line - (y as CsvItem).line || JSON.stringify(x).localeCompare(JSON.stringify(y)));
  assert.deepEqual(byLine(fast), byLine(reference), `${name}: ${JSON.stringify(bytes.toString().slice(0, 300))}`);
  const good = (list: unknown[]) => list.filter((x) => (x as CsvItem).ok);
  assert.deepEqual(good(fast), good(reference));
  return reference;
}

test('fast CSV, CRLF records: the reference items, raw text with its \\r and line numbers', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const cases = [
      // blank lines (their '\r's stay in the next record's raw text), an inner CRLF and LF, a record of spaces, no final line break
      'a,b,c\r\n1,2,3\r\n\r\n\r\n4,"x\r\ny",5\r\n  \r\n6,"p\nq",8\r\n7,"",""""',
      // a BOM, a short record, a final CRLF, trailing blank lines
      '\ufeffa,b,c\r\n1,2\r\n"4","5","6"\r\n\r\n\r\n',
      // a quoted header, a quoted last field at the very end
      '"a","b","c"\r\n1,2,"3\r\n"',
      // a lone '\r' in quotes shifts the reference's line numbers; a lone '\n' outside quotes is field text; a closing quote before a lone '\n' is unreadable
      'a,b,c\r\n1,2,3\r\n4,"x\ry",5\r\n6,7,8\r\n',
      'a,b,c\r\n1,2,3\r\n4,x\ny,5\r\n6,7,8\r\n',
      'a,b,c\r\n1,2,3\r\n4,5,"6"\n7,8,9\r\n',
      // a lone '\r' ends the first line (csv-parse then splits on '\r'); LF records with a CRLF inside
      'a,b,c\r1,2,3\r',
      'a,b,c\n1,2,3\r\n4,5,6\n',
      // a final lone '\r'
      'a,b,c\r\n1,2,3\r',
    ];
    for (const [i, c] of cases.entries()) for (const name of [`c${i}.csv`, `c${i}.csv.gz`]) await sameItems(dir, name, c);
    // what the reference gives, so that the comparison above is of these values
    const first = await sameItems(dir, 'first.csv', cases[0]);
    assert.deepEqual(
      first.map((x) => [(x as CsvItem).line, (x as CsvItem).raw]),
      [
        [2, '1,2,3\r'],
        [5, '\r\r4,"x\r\ny",5\r'],
        [7, '  \r'],
        [8, '6,"p\nq",8\r'],
        [10, '7,"",""""'],
      ],
    );
    // an unreadable record with a CRLF in it, parsed in the same chunk after a good one: the
    // good one keeps its line (csv-parse hands the unreadable one out first)
    const skipped = await sameItems(dir, 'skipped.csv', 'a,b,c\r\n1,2,3\r\n4,"a\r\nb"c,5\r\n6,7,8\r\n');
    assert.deepEqual(
      skipped.filter((x) => (x as CsvItem).ok).map((x) => [(x as CsvItem).line, (x as CsvItem).raw]),
      [[2, '1,2,3\r']],
    );
  } finally {
    cleanup();
  }
});

test('fast CSV, CRLF records: a line break split between two reads', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // the reader takes 1 MB at a time: a record padded so that byte 1 MB falls inside each of these
    const CHUNK = 1 << 20;
    const tails = ['1,2,3\r\n', '1,2,"3"\r\n', '1,"x\r\ny",3\r\n', '\r\n\r\n1,2,3\r\n', '1,"a""b",3\r\n'];
    for (const [i, tail] of tails.entries()) {
      for (let at = 0; at < tail.length; at++) {
        const head = 'a,b,c\r\n0,0,';
        const pad = 'p'.repeat(CHUNK - head.length - 2 - at);
        await sameItems(dir, `s${i}-${at}.csv`, `${head}${pad}\r\n${tail}4,5,6\r\n`);
      }
    }
  } finally {
    cleanup();
  }
});

test('fast CSV, CRLF records: random files of the grammar and off it read as the reference reads them', async () => {
  const { dir, cleanup } = tempDir();
  try {
    let s = 0x2545f491;
    const rnd = (n: number) => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) % n;
    };
    const plain = ['x', 'yz', '12', ' ', 'é', '', "it's", '\u200bz'];
    const quoted = ['"a,b"', '"q""q"', '"l1\r\nl2"', '"l1\nl2"', '""', '""""', '"😀"', '"\r\n"'];
    const odd = ['a"b', '"a"b', '\r', '\n', '"x\ry"', '"open', '"c"\n'];
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
        if (rnd(12) === 0) lines.push(rnd(2) ? '' : '  ');
      }
      await sameItems(dir, `r${f}.csv${f % 4 === 1 ? '.gz' : ''}`, lines.join('\r\n') + (rnd(2) ? '\r\n' : ''));
    }
  } finally {
    cleanup();
  }
});
