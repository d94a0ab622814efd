import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ByteBuilder } from './bytes.js';

export interface LineWriterOptions {
  /** zlib level of a gzip file; a plain file when absent. Changing it changes the output bytes. */
  gzipLevel?: number;
  /** bytes gathered before one write: big enough to amortise, small enough for memory */
  batchBytes?: number;
}

/** batches queued in the stream before the generator waits: lets compression and disk overlap generation */
const MAX_INFLIGHT = 3;

/**
 * Writes a generated file, plain or gzip, through multi-MB byte batches. Lines come as strings
 * (UTF-8 encoded here) or as ready bytes; a generator that builds whole records itself writes
 * them into `batch` and calls `maybeFlush`. A gzip file gets zlib's fixed header (mtime 0), so
 * the same lines give the same bytes.
 */
export class LineWriter {
  /** the batch being filled; callers may write into it directly (then count their `lines`) */
  readonly batch: ByteBuilder;
  lines = 0;
  /** uncompressed bytes handed to the file */
  bytesOut = 0;
  private readonly batchBytes: number;
  private readonly target: Writable;
  private readonly done: Promise<void>;
  /** write callbacks of the batches the stream has not finished yet */
  private inflight: Promise<void>[] = [];

  constructor(
    readonly path: string,
    opts: LineWriterOptions = {},
  ) {
    this.batchBytes = opts.batchBytes ?? 4 << 20;
    this.batch = new ByteBuilder(this.batchBytes);
    const file = createWriteStream(path);
    if (opts.gzipLevel === undefined) {
      this.target = file;
      this.done = finished(file);
    } else {
      // A big output chunk lets one thread-pool job compress a whole batch while JavaScript builds
      // the next one (with the default 16 KB, every chunk needs the busy main thread).
      const gzip = createGzip({ level: opts.gzipLevel, chunkSize: this.batchBytes });
      this.target = gzip;
      this.done = pipeline(gzip, file);
    }
    this.done.catch(() => {}); // the error is rethrown by close(); avoid an unhandled rejection meanwhile
  }

  /** One line; the newline is added here. */
  async line(data: string | Uint8Array): Promise<void> {
    this.lines++;
    const worst = (typeof data === 'string' ? data.length * 3 : data.length) + 1; // UTF-8 ≤ 3 bytes per UTF-16 unit
    if (this.batch.length + worst > this.batchBytes) await this.flush();
    if (worst > this.batchBytes) {
      // a line bigger than a batch (a library of thousands of games) goes out on its own
      await this.push(typeof data === 'string' ? Buffer.from(data + '\n') : Buffer.concat([data, NEWLINE]));
      return;
    }
    if (typeof data === 'string') this.batch.text(data);
    else this.batch.bytes(data);
    this.batch.byte(10);
  }

  /** Raw bytes, written as they are (a file copied through). */
  async bytes(chunk: Buffer): Promise<void> {
    await this.flush();
    await this.push(chunk);
  }

  /** Hands the batch to the file once it holds `min` bytes or more; waits when the file is behind. */
  async maybeFlush(min = this.batchBytes): Promise<void> {
    if (this.batch.length >= min) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.target.end();
    await Promise.allSettled(this.inflight);
    await this.done;
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    // the stream keeps a reference until it has written the batch, so the next one is a new buffer
    await this.push(this.batch.take());
  }

  /** Hands a chunk to the stream; waits only when MAX_INFLIGHT chunks are still being written. */
  private async push(chunk: Buffer): Promise<void> {
    this.bytesOut += chunk.length;
    const written = new Promise<void>((resolve, reject) => this.target.write(chunk, (err) => (err ? reject(err) : resolve())));
    written.catch(() => {}); // a failure also fails the stream, which close() reports
    this.inflight.push(written);
    if (this.inflight.length > MAX_INFLIGHT) await this.inflight.shift();
  }
}

const NEWLINE = Buffer.from('\n');
