// type-only: whoever holds a connection has loaded DuckDB; open() takes LIST from that loaded module
import type { DuckDBAppender, DuckDBConnection, DuckDBListType } from '@duckdb/node-api';
import type { ColumnType, TableSpec } from './schema.js';

export type CellValue = string | number | boolean | null | readonly string[];
export type Row = readonly CellValue[];

let VARCHAR_LIST: DuckDBListType | undefined;

type Put = (app: DuckDBAppender, value: Exclude<CellValue, null>) => void;

// DATE and TIMESTAMP go in as ISO text; the appender casts them to the column type.
const PUT: Record<ColumnType, Put> = {
  VARCHAR: (a, v) => a.appendVarchar(v as string),
  TEXT: (a, v) => a.appendVarchar(v as string),
  DATE: (a, v) => a.appendVarchar(v as string),
  TIMESTAMP: (a, v) => a.appendVarchar(v as string),
  INTEGER: (a, v) => a.appendInteger(v as number),
  BIGINT: (a, v) => a.appendBigInt(BigInt(v as number)),
  TINYINT: (a, v) => a.appendTinyInt(v as number),
  DOUBLE: (a, v) => a.appendDouble(v as number),
  BOOLEAN: (a, v) => a.appendBoolean(v as boolean),
  'VARCHAR[]': (a, v) => a.appendList(v as string[], VARCHAR_LIST!),
};

/** Fast row-by-row writer for one table (DuckDB's appender), typed by the table's declaration. */
export class TableWriter {
  private readonly puts: Put[];
  rows = 0;

  private constructor(
    readonly table: TableSpec,
    private readonly appender: DuckDBAppender,
  ) {
    this.puts = table.columns.map((c) => PUT[c.type]);
  }

  static async open(conn: DuckDBConnection, table: TableSpec): Promise<TableWriter> {
    if (!VARCHAR_LIST) {
      const { LIST, VARCHAR } = await import('@duckdb/node-api');
      VARCHAR_LIST = LIST(VARCHAR);
    }
    return new TableWriter(table, await conn.createAppender(table.name));
  }

  append(row: Row): void {
    const { puts, appender } = this;
    if (row.length !== puts.length) {
      throw new Error(`table ${this.table.name} has ${puts.length} columns, got a row of ${row.length}`);
    }
    for (let i = 0; i < puts.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) appender.appendNull();
      else puts[i](appender, v);
    }
    appender.endRow();
    this.rows++;
  }

  close(): void {
    this.appender.closeSync();
  }
}
