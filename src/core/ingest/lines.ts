import { createReadStream, statSync } from 'node:fs';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface LineProgress {
  /** bytes of the file on disk read so far (compressed bytes for .gz) */
  bytesRead: number;
  totalBytes: number;
}

/** A raw file opened for reading: its (decompressed) bytes, how much of the file on disk was read, and a close. */
export interface RawInput {
  stream: Readable;
  bytesRead(): number;
  close(): void;
}

/**
 * Opens a raw file, plain or `.gz` (gunzip on libuv's pool, with `gunzip`'s chunk sizes), reading
 * the file `chunk` bytes at a time; `onProgress` sees bytes of the file on disk, so it works for
 * compressed input too.
 */
export function openRaw(path: string, opts: { chunk?: number; gunzip?: ZlibOptions; onProgress?: (p: LineProgress) => void } = {}): RawInput {
  const totalBytes = opts.onProgress ? statSync(path).size : 0;
  const file = createReadStream(path, opts.chunk ? { highWaterMark: opts.chunk } : {});
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
    opts.onProgress?.({ bytesRead, totalBytes });
  });
  const stream: Readable = path.endsWith('.gz') ? file.pipe(createGunzip(opts.gunzip)) : file;
  file.on('error', (err) => stream.destroy(err));
  return {
    stream,
    bytesRead: () => bytesRead,
    close: () => {
      file.destroy();
      stream.destroy();
    },
  };
}

/**
 * Calls `onLine(buf, start, end)` for every line of a text file (plain or `.gz`) as raw UTF-8
 * bytes, without its '\n' or a '\r' before it; a final line without '\n' too. Lines are not
 * decoded: a reader with a byte-level fast path decodes only what it needs, and
 * `buf.toString('utf8', start, end)` is the line as text. `buf` is not the caller's to keep.
 * Reads only as fast as the lines are handled (memory stays at a few chunks plus the longest
 * line), and gunzip runs on libuv's pool meanwhile. `onProgress` sees bytes of the file on disk,
 * so it works for compressed input too.
 */
export async function forEachLineBytes(path: string, onLine: (buf: Buffer, start: number, end: number) => void, onProgress?: (p: LineProgress) => void): Promise<void> {
  // a few chunks of decompressed text buffered ahead, so gunzip works while a chunk is parsed
  const input = openRaw(path, { chunk: 1 << 20, gunzip: { chunkSize: 1 << 20, highWaterMark: 4 << 20 } as ZlibOptions, onProgress });
  const bytes = input.stream;
  // a line longer than a chunk is gathered from its pieces once its end is seen
  let pending: Buffer[] = [];
  const line = (buf: Buffer, start: number, nl: number) => onLine(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl);
  try {
    for await (const chunk of bytes) {
      const buf = chunk as Buffer;
      let start = 0;
      let nl = buf.indexOf(10);
      if (nl === -1) {
        pending.push(buf);
        continue;
      }
      if (pending.length) {
        // only the line that spans the chunks is copied, not the chunk (most chunks end mid-line)
        pending.push(buf.subarray(0, nl));
        const head = Buffer.concat(pending);
        pending = [];
        line(head, 0, head.length);
        start = nl + 1;
        nl = buf.indexOf(10, start);
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
    input.close();
  }
}
