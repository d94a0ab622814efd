/**
 * Table declarations. A pack's tables are its product interface (analysts open the warehouse with
 * DuckDB), so every column carries a one-line description that `recops schema` prints and the
 * pack README repeats.
 */

export type ColumnType = 'VARCHAR' | 'TEXT' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TINYINT' | 'VARCHAR[]' | 'TIMESTAMP';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  doc: string;
}

export interface TableSpec {
  name: string;
  doc: string;
  columns: ColumnSpec[];
  /**
   * The build fails when this table ends empty (unless the ingest allows empty sources). Every
   * source's main table is required without saying so; this is for the others (derived tables).
   */
  required?: boolean;
}

export function col(name: string, type: ColumnType, doc: string): ColumnSpec {
  return { name, type, doc };
}

export function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

export function createTableSql(table: TableSpec): string {
  const cols = table.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  return `CREATE TABLE ${quoteIdent(table.name)} (${cols})`;
}

/** Every pack's warehouse has these: what was rejected, and what the build was. */
export const REJECTS_TABLE: TableSpec = {
  name: 'rejects',
  doc: 'Every raw record that did not become rows, with where it was and why.',
  columns: [
    col('source', 'VARCHAR', 'raw file the record came from'),
    col('line', 'BIGINT', '1-based line number in that file'),
    col('reason', 'VARCHAR', 'why it was not kept, in words'),
    col('excerpt', 'VARCHAR', 'the start of the raw text (at most 200 characters)'),
    col('kind', 'VARCHAR', "'invalid' (broken or missing required field), 'duplicate' (already seen), 'empty' (no data at all)"),
  ],
};

export const BUILD_TABLE: TableSpec = {
  name: 'build_info',
  doc: 'One row per source of the build that made this warehouse file.',
  columns: [
    col('pack', 'VARCHAR', 'dataset pack name'),
    col('built_at', 'TIMESTAMP', 'UTC time the build finished'),
    col('source', 'VARCHAR', 'raw file name'),
    col('bytes', 'BIGINT', 'size of the raw file'),
    col('lines', 'BIGINT', 'lines read'),
    col('records', 'BIGINT', 'records found (a line may hold many)'),
    col('rows', 'BIGINT', 'rows written to the main table of the source'),
    col('rejected', 'BIGINT', 'records rejected (see rejects)'),
    col('duplicates', 'BIGINT', 'records dropped as duplicates (see rejects)'),
    col('recops_version', 'VARCHAR', 'version of recops that built it'),
  ],
};
