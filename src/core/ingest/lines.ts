import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface LineProgress {
  /** bytes of the file on disk read so far (compressed bytes for .gz) */
  bytesRead: number;
  totalBytes: number;
}

/**
 * Streams a text file line by line, gunzipping `.gz` on the fly. Pulls chunks only as fast as
 * the caller consumes lines (readline's iterator buffers lines without bound when the consumer
 * is slower than gunzip, which cost 1.3 GB of heap on the Steam libraries), so memory stays at a
 * few chunks plus the longest line. A final line without '\n' is yielded; '\r\n' is accepted.
 * `onProgress` sees bytes of the file on disk, so it works for compressed input too.
 */
export async function* readLines(path: string, onProgress?: (p: LineProgress) => void): AsyncGenerator<string> {
  const totalBytes = statSync(path).size;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
    onProgress?.({ bytesRead, totalBytes });
  });
  const text: Readable = path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: 1 << 18 })) : file;
  file.on('error', (err) => text.destroy(err));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of text) {
      const s = rest + decoder.write(chunk as Buffer);
      let start = 0;
      for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
        const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        yield s.slice(start, end);
        start = nl + 1;
      }
      rest = s.slice(start);
    }
    rest += decoder.end();
    if (rest.length) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  } finally {
    file.destroy();
    text.destroy();
  }
}

/**
 * Calls `onLine(buf, start, end)` for every line of a text file (plain or `.gz`) as raw UTF-8
 * bytes, without its '\n' or a '\r' before it; a final line without '\n' too. The same lines
 * readLines yields, before decoding: a reader with a byte-level fast path decodes only what it
 * needs, and `buf.toString('utf8', start, end)` is the line readLines gives. `buf` is reused
 * after the call returns. Decompression runs on libuv's pool while the lines are handled.
 */
export async function forEachLineBytes(path: string, onLine: (buf: Buffer, start: number, end: number) => void, onProgress?: (p: LineProgress) => void): Promise<void> {
  const totalBytes = statSync(path).size;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
    onProgress?.({ bytesRead, totalBytes });
  });
  // a few chunks of decompressed text buffered ahead, so gunzip works while a chunk is parsed
  const bytes: Readable = path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: 1 << 20, highWaterMark: 4 << 20 } as ZlibOptions)) : file;
  file.on('error', (err) => bytes.destroy(err));
  // a line longer than a chunk is gathered from its pieces once its end is seen
  let pending: Buffer[] = [];
  const line = (buf: Buffer, start: number, nl: number) => onLine(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl);
  try {
    for await (const chunk of bytes) {
      let buf = chunk as Buffer;
      let start = 0;
      let nl = buf.indexOf(10);
      if (nl === -1) {
        pending.push(buf);
        continue;
      }
      if (pending.length) {
        const head = pending.reduce((n, b) => n + b.length, 0);
        buf = Buffer.concat([...pending, buf]);
        pending = [];
        nl += head;
      }
      for (; nl !== -1; nl = buf.indexOf(10, start)) {
        line(buf, start, nl);
        start = nl + 1;
      }
      // the rest is copied: the chunk itself may be reused by the stream
      if (start < buf.length) pending.push(Buffer.from(buf.subarray(start)));
    }
    if (pending.length) {
      const rest = pending.length === 1 ? pending[0] : Buffer.concat(pending);
      line(rest, 0, rest.length);
    }
  } finally {
    file.destroy();
    bytes.destroy();
  }
}
