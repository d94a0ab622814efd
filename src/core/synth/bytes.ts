/**
 * A growable byte buffer for assembling generated text without intermediate strings: millions of
 * small lines (a library row, a rating) are written as bytes and integers straight into it, which
 * is what makes full-size generation fast (joining small strings was the bottleneck).
 */
export class ByteBuilder {
  private buf: Buffer;
  private pos = 0;

  constructor(capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** bytes written since the last reset or take */
  get length(): number {
    return this.pos;
  }

  /** bytes the buffer holds before it must grow */
  get capacity(): number {
    return this.buf.length;
  }

  reset(): void {
    this.pos = 0;
  }

  /** Text as UTF-8. */
  text(s: string): void {
    this.room(s.length * 3); // UTF-8 takes at most 3 bytes per UTF-16 unit
    this.pos += this.buf.write(s, this.pos);
  }

  /** Text known to be ASCII (one byte a character, no encoding work). */
  ascii(s: string): void {
    this.room(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** Copies src[start, end): a plain loop beats a native copy call for the short pieces written here. */
  bytes(src: Uint8Array, start = 0, end = src.length): void {
    this.room(end - start);
    const b = this.buf;
    let p = this.pos;
    for (let i = start; i < end; i++) b[p++] = src[i];
    this.pos = p;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer in decimal (int32 arithmetic below 2^31, the common case). */
  int(n: number): void {
    if (n >= 2 ** 31) {
      this.ascii(String(n));
      return;
    }
    this.room(10);
    let digits = 1;
    while (digits < 10 && n >= POW10[digits]) digits++;
    const b = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    let t = n | 0;
    do {
      const q = (t / 10) | 0;
      b[--p] = 48 + t - q * 10;
      t = q;
    } while (t > 0);
  }

  /** The bytes so far; valid until the next write, reset or take. */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /**
   * Hands over the bytes so far and starts again in a new buffer of the same capacity: a stream
   * that was given the old bytes keeps reading them until it is done.
   */
  take(): Buffer {
    const full = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return full;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
