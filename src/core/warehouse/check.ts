import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
// loaded by warehousePack, not on import: the CLI checks paths with this module in processes that never open DuckDB
import type { DuckDBInstance } from '@duckdb/node-api';

/**
 * Checks of a warehouse path made before any long work, each failing with what is wrong and how
 * to fix it (DuckDB's own messages, e.g. "Cannot launch in-memory database in read-only mode!"
 * for an empty file, say neither).
 */
export class WarehouseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarehouseFileError';
  }
}

const INGEST_HINT = (path: string) => `build one with \`recops ingest <pack> --from RAW_DIR --db ${path}\``;

/** DuckDB database files carry "DUCK" at byte 8 of their first header. */
function isDuckDbFile(path: string): { ok: boolean; size: number } {
  const size = statSync(path).size;
  if (size < 12) return { ok: false, size };
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(12);
    readSync(fd, head, 0, 12, 0);
    return { ok: head.subarray(8, 12).toString('latin1') === 'DUCK', size };
  } finally {
    closeSync(fd);
  }
}

/** An existing DuckDB file, or a WarehouseFileError saying what the path is instead. */
export function checkWarehouseFile(path: string): void {
  if (!existsSync(path)) throw new WarehouseFileError(`no warehouse at ${path}: ${INGEST_HINT(path)}`);
  if (statSync(path).isDirectory()) throw new WarehouseFileError(`${path} is a folder, not a warehouse file: pass the .duckdb file built by \`recops ingest\` (e.g. ${path.replace(/\/+$/, '')}/steam.duckdb)`);
  const { ok, size } = isDuckDbFile(path);
  if (!ok) throw new WarehouseFileError(`${path} is not a warehouse: ${size === 0 ? 'the file is empty' : 'not a DuckDB database file'}. Pass a file built by \`recops ingest\`, or ${INGEST_HINT(path)}`);
}

/** The pack that built a warehouse (its build_info), read before anything else is opened. */
export async function warehousePack(path: string): Promise<string> {
  checkWarehouseFile(path);
  let instance: DuckDBInstance;
  const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
  try {
    instance = await Instance.create(path, { access_mode: 'READ_ONLY' });
  } catch (err) {
    throw new WarehouseFileError(`${path} cannot be opened as a warehouse (${(err as Error).message.split('\n')[0]}); if another program has it open for writing, close it; else ${INGEST_HINT(path)}`);
  }
  const conn = await instance.connect();
  try {
    const has = await conn.runAndReadAll("SELECT count(*) FROM information_schema.tables WHERE table_name = 'build_info'");
    if (Number(has.getRows()[0][0]) === 0) throw new WarehouseFileError(`${path} is a DuckDB file but not a recops warehouse (it has no build_info table); ${INGEST_HINT(path)}`);
    const res = await conn.runAndReadAll('SELECT any_value(pack) FROM build_info');
    const name = res.getRows()[0]?.[0];
    if (typeof name !== 'string') throw new WarehouseFileError(`${path} has an empty build_info table: its build did not finish; ${INGEST_HINT(path)}`);
    return name;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * Before a build: `path` may be replaced (absent, or a DuckDB file) and its folder can be written.
 * Refusing to replace a file that is not a DuckDB database keeps a mistyped --db (a raw file, a
 * document) from being overwritten.
 */
export function checkBuildTarget(path: string): void {
  const abs = resolve(path);
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw new WarehouseFileError(`--db ${path} is a folder: --db names the warehouse file to build, e.g. ${path.replace(/\/+$/, '')}/warehouse.duckdb`);
    const { ok, size } = isDuckDbFile(abs);
    if (!ok && size > 0) throw new WarehouseFileError(`--db ${path} exists and is not a DuckDB file: refusing to replace it. Pass a new file name, or remove it first if it is yours to lose`);
  }
  const dir = dirname(abs);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'it is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of that path is a file, not a folder' : (err as Error).message;
    throw new Error(`cannot write the warehouse in ${dir}: ${why}. Choose a --db in a folder you can write${code === 'EACCES' || code === 'EPERM' ? ', or give yourself write permission on it' : ''}`);
  }
}
