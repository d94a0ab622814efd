import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export function loadArtifact(dir: string): { meta: Record<string, unknown>; arrays: Record<string, NumArray> } {
  const meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown> & { arrays: Record<string, ArraySpec> };
  const arrays: Record<string, NumArray> = {};
  for (const [name, spec] of Object.entries(meta.arrays)) {
    const buf = readFileSync(join(dir, spec.file));
    // copy into an aligned buffer of its own (a Buffer may share a pool at any offset)
    const bytes = new Uint8Array(buf.byteLength);
    bytes.set(buf);
    const arr = spec.type === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
    if (arr.length !== spec.length) throw new Error(`${dir}/${spec.file}: expected ${spec.length} values, found ${arr.length}`);
    arrays[name] = arr;
  }
  return { meta, arrays };
}
