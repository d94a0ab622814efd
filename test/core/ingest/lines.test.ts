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

test('forEachLineBytes: many lines across many chunk edges, a CR or a multi-byte character right at an edge', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // lines of 0 to ~30 k bytes (a read chunk is 1 MB), some CRLF, some ending in a 3-byte character
    const lines: string[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) lines.push(`${i}:` + 'x'.repeat(next() % 30_000) + (i % 7 === 0 ? '€' : '') + (i % 3 === 0 ? '\r' : ''));
    const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
    assert.ok(bytes.length > 30 << 20);
    const want = lines.map((l) => l.replace(/\r$/, ''));
    writeFileSync(join(dir, 'm.txt'), bytes);
    writeFileSync(join(dir, 'm.txt.gz'), gzipSync(bytes));
    assert.deepEqual(await linesOf(join(dir, 'm.txt')), want);
    assert.deepEqual(await linesOf(join(dir, 'm.txt.gz')), want);
    // a plain file is read 1 MiB at a time: a '\r' as a chunk's last byte with its '\n' the next
    // chunk's first, a '\n' as a chunk's first byte, and one as a chunk's last
    const MiB = 1 << 20;
    const edges = ['a'.repeat(MiB - 1) + '\r', 'b'.repeat(MiB - 1), 'c'.repeat(MiB - 2), 'd'];
    const edgeBytes = Buffer.from(edges.join('\n'), 'latin1');
    assert.deepEqual([edgeBytes[MiB - 1], edgeBytes[MiB], edgeBytes[2 * MiB], edgeBytes[3 * MiB - 1]], [13, 10, 10, 10]);
    writeFileSync(join(dir, 'e.txt'), edgeBytes);
    assert.deepEqual(await linesOf(join(dir, 'e.txt')), ['a'.repeat(MiB - 1), 'b'.repeat(MiB - 1), 'c'.repeat(MiB - 2), 'd']);
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
