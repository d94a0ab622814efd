import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { forEachLineBytes } from '../../../src/core/ingest/lines.js';
import { tempDir } from '../../helpers.js';

async function linesOf(path: string): Promise<string[]> {
  const out: string[] = [];
  await forEachLineBytes(path, (buf, start, end) => out.push(buf.toString('utf8', start, end)));
  return out;
}

test('forEachLineBytes: the lines of a file as text, plain or gzipped, however the chunks fall', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // CRLF and LF, blank lines, a line of 3 MB (longer than a read chunk) made of 3-byte
    // characters, invalid UTF-8, a final line without '\n' that ends in '\r'
    const long = '€'.repeat(1_000_000);
    const bytes = Buffer.concat([
      Buffer.from(`first\r\nsecond\n\n  \r\n${long}\ncafé ♥\n`, 'utf8'),
      Buffer.from([0x62, 0x61, 0x64, 0xff, 0xc3, 0x0a]),
      Buffer.from('last\r', 'utf8'),
    ]);
    // expected independently: Node's decoder over the whole file, split on '\n', one '\r' trimmed
    const want = bytes
      .toString('utf8')
      .split('\n')
      .map((l) => l.replace(/\r$/, ''));
    assert.equal(want.length, 8);
    assert.equal(want[6], 'bad\ufffd\ufffd');
    writeFileSync(join(dir, 'a.txt'), bytes);
    writeFileSync(join(dir, 'a.txt.gz'), gzipSync(bytes));
    assert.deepEqual(await linesOf(join(dir, 'a.txt')), want);
    assert.deepEqual(await linesOf(join(dir, 'a.txt.gz')), want);
    // a file ending in '\n' has no empty last line; an empty file has no line
    writeFileSync(join(dir, 'b.txt'), 'x\ny\n');
    assert.deepEqual(await linesOf(join(dir, 'b.txt')), ['x', 'y']);
    writeFileSync(join(dir, 'c.txt'), '');
    assert.deepEqual(await linesOf(join(dir, 'c.txt')), []);
  } finally {
    cleanup();
  }
});

test('forEachLineBytes: a corrupt gzip file fails, it does not end early in silence', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const gz = gzipSync(Buffer.from('a\nb\n'.repeat(100_000)));
    writeFileSync(join(dir, 'cut.txt.gz'), gz.subarray(0, gz.length >> 1));
    await assert.rejects(linesOf(join(dir, 'cut.txt.gz')), /unexpected end of file/);
  } finally {
    cleanup();
  }
});
