import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCsvRecords, readCsvHeader } from '../../../src/core/ingest/csv.js';
import { tempDir } from '../../helpers.js';

const CSV = ['\ufeffshow_id,type,title,description', 's1,Movie,"A, quoted","multi', 'line ""x"""', 's2,TV Show,Plain,ok', 's3,Movie,too,many,fields', '', 's5,Movie,fine,', 's6,Movie,"unterminated,x', 's7,Movie,lost,y'].join('\n') + '\n';

test('CSV records: header keys, quoted multi-line fields, line numbers, bad records reported', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const name of ['t.csv', 't.csv.gz']) {
      const path = join(dir, name);
      writeFileSync(path, name.endsWith('.gz') ? gzipSync(CSV) : CSV);
      const items = [];
      for await (const it of readCsvRecords(path)) items.push(it);
      assert.deepEqual(
        items.map((i) => (i.ok ? [i.line, i.record] : [i.line, i.reason.slice(0, 40)])),
        [
          [2, { show_id: 's1', type: 'Movie', title: 'A, quoted', description: 'multi\nline "x"' }],
          [4, { show_id: 's2', type: 'TV Show', title: 'Plain', description: 'ok' }],
          [5, '5 fields where the header has 4'],
          [7, { show_id: 's5', type: 'Movie', title: 'fine', description: '' }],
          // an unclosed quote swallows the rest of the file: one reject, nothing silently lost
          [9, 'unreadable CSV: Quote Not Closed: the pa'],
        ],
        name,
      );
      assert.deepEqual(await readCsvHeader(path), ['show_id', 'type', 'title', 'description']);
    }
  } finally {
    cleanup();
  }
});
