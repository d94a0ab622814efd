import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
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
