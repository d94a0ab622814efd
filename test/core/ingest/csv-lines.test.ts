/**
 * Line numbers of CSV records when quoted fields hold line breaks: csv-parse counts a CRLF inside
 * quotes as two lines, which made every later record's line drift (the real streaming catalogues
 * are CRLF files with CRLFs inside descriptions and titles).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvRecords } from '../../../src/core/ingest/csv.js';
import { tempDir } from '../../helpers.js';

// each record as its physical lines; '' alone is a blank line
const RECORDS = [['h1,h2'], ['a,"x,', 'y"'], [''], ['b,z'], [''], [''], ['c,"p', '', 'q"'], ['d,w'], ['f,"three', 'line', 'field"'], ['g,end']];

test('record lines are physical lines, whatever the line endings outside and inside quotes', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const eol of ['\n', '\r\n']) {
      for (const inner of ['\n', '\r\n']) {
        let text = '';
        let line = 1;
        const want: [string, number][] = [];
        for (const r of RECORDS) {
          if (r[0] !== '' && r[0] !== 'h1,h2') want.push([r[0][0], line]);
          text += r.join(inner) + eol;
          line += r.length;
        }
        const path = join(dir, 'x.csv');
        writeFileSync(path, text);
        const got: [string, number][] = [];
        for await (const it of readCsvRecords(path)) got.push([it.ok ? it.record.h1 : 'ERR', it.line]);
        assert.deepEqual(got, want, `records ending ${JSON.stringify(eol)}, breaks inside quotes ${JSON.stringify(inner)}`);
      }
    }
  } finally {
    cleanup();
  }
});

test('an unclosed quote in a CRLF file is reported at the last line, not one past it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'y.csv');
    writeFileSync(path, ['h1,h2', 'a,"in\r\nside"', 'b,"open', 'c,d'].join('\r\n') + '\r\n');
    const got = [];
    for await (const it of readCsvRecords(path)) got.push([it.ok, it.line]);
    assert.deepEqual(got, [
      [true, 2],
      [false, 5],
    ]);
  } finally {
    cleanup();
  }
});
