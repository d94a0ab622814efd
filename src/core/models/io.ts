import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type NumArray = Int32Array | Float32Array;

interface ArraySpec {
  file: string;
  type: 'int32' | 'float32';
  length: number;
}

/**
 * A model artifact: `model.json` (kind, parameters, array index) plus one little-endian binary
 * file per typed array, so loading is a file read and a view, with no parsing.
 */
export function saveArtifact(dir: string, meta: Record<string, unknown>, arrays: Record<string, NumArray>): void {
  mkdirSync(dir, { recursive: true });
  const index: Record<string, ArraySpec> = {};
  for (const [name, arr] of Object.entries(arrays)) {
    const file = `${name}.bin`;
    writeFileSync(join(dir, file), new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
    index[name] = { file, type: arr instanceof Int32Array ? 'int32' : 'float32', length: arr.length };
  }
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...meta, arrays: index }, null, 2) + '\n');
}

/** `only`: the arrays to read (default all); a server skips what it does not use. */
export function loadArtifact(dir: string, only?: string[]): { meta: Record<string, unknown>; arrays: Record<string, NumArray> } {
  const meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown> & { arrays: Record<string, ArraySpec> };
  const arrays: Record<string, NumArray> = {};
  for (const [name, spec] of Object.entries(meta.arrays)) {
    if (only && !only.includes(name)) continue;
    const arr: NumArray = spec.type === 'int32' ? readTyped(join(dir, spec.file), Int32Array) : readTyped(join(dir, spec.file), Float32Array);
    if (arr.length !== spec.length) throw new Error(`${dir}/${spec.file}: expected ${spec.length} values, found ${arr.length}`);
    arrays[name] = arr;
  }
  return { meta, arrays };
}

/**
 * A binary file as a typed array. A large file's Buffer has its own memory at offset 0: it is
 * viewed, not copied (a copy doubled the memory of loading an 11 M-rating model); a small one may
 * sit in Node's shared pool at any offset, and is copied into an aligned buffer of its own.
 */
export function readTyped<T extends Int32Array | Float32Array>(path: string, Type: { new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T; BYTES_PER_ELEMENT: number }): T {
  const buf = readFileSync(path);
  const n = Math.floor(buf.byteLength / Type.BYTES_PER_ELEMENT);
  if (buf.byteOffset % Type.BYTES_PER_ELEMENT === 0 && buf.buffer.byteLength === buf.byteLength) return new Type(buf.buffer as ArrayBuffer, buf.byteOffset, n);
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  return new Type(bytes.buffer, 0, n);
}

/**
 * Visits a binary file of 32-bit values 1 MB at a time (as Int32Array or Float32Array chunks and
 * their starting index), so converting a large file to a smaller type never holds the file
 * whole in memory next to the result.
 */
export function forEachChunk(path: string, type: 'int32' | 'float32', visit: (chunk: Int32Array | Float32Array, start: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(1 << 20);
    let start = 0;
    for (;;) {
      const n = readSync(fd, bytes, 0, bytes.length, null);
      if (n === 0) break;
      if (n % 4 !== 0) throw new Error(`${path}: truncated (a read of ${n} bytes is not whole 32-bit values)`);
      const chunk = type === 'int32' ? new Int32Array(bytes.buffer, 0, n / 4) : new Float32Array(bytes.buffer, 0, n / 4);
      visit(chunk, start);
      start += n / 4;
    }
  } finally {
    closeSync(fd);
  }
}
