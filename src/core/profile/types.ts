/**
 * A warehouse's data profile: plain, JSON-serialisable data. Stored in the warehouse's `profile`
 * table, printed by `recops profile`, rendered as an HTML report. Bump PROFILE_SCHEMA_VERSION when
 * a field changes meaning or disappears (adding a field does not need it): a stored profile of an
 * older version is then recomputed on read instead of being shown half-understood.
 */
export const PROFILE_SCHEMA_VERSION = 1;

export interface Profile {
  schemaVersion: number;
  pack: string;
  title: string;
  /** ISO time the profile was computed */
  computedAt: string;
  /** wall seconds it took */
  seconds: number;
  /** where a figure is not exact, and how far off it can be */
  approximations: string[];
  overview: Overview;
  tables: TableProfile[];
  alerts: Alert[];
  views: ViewResult[];
}

export interface Overview {
  builtAt: string | null;
  recopsVersion: string | null;
  /** size of the warehouse file; filled in when the profile is read (the file is still being built when it is computed) */
  fileBytes: number | null;
  tables: { name: string; doc: string; rows: number; columns: number; duplicateRows: number }[];
  rows: number;
  columns: number;
  /** the ingest's own accounting, per raw source: every record is kept, rejected, a duplicate or empty */
  sources: SourceAccounting[];
  /** rejects grouped by source, kind and reason, most frequent first (at most REJECT_REASONS) */
  rejectsByReason: { source: string; kind: string; reason: string; count: number }[];
  /** rejects not listed in rejectsByReason */
  rejectsOther: number;
}

export interface SourceAccounting {
  source: string;
  bytes: number;
  lines: number;
  records: number;
  kept: number;
  rows: number;
  rejected: number;
  duplicates: number;
  empty: number;
}

export type ColumnKind = 'numeric' | 'date' | 'text' | 'list' | 'boolean';

export interface ValueCount {
  value: string;
  count: number;
}

export interface Histogram {
  /** bin edges, one more than counts; bin i is [edges[i], edges[i+1]), the last bin includes its upper edge */
  edges: number[];
  counts: number[];
  /** edges are powers of ten apart on a log scale (only positive values are binned) */
  log: boolean;
  /** values a log histogram leaves out (≤ 0) */
  leftOut: number;
}

interface ColumnBase {
  table: string;
  name: string;
  /** the declared SQL type */
  type: string;
  doc: string;
  kind: ColumnKind;
  /** rows of the table */
  rows: number;
  /** non-missing values */
  count: number;
  missing: number;
  /** missing / rows, 0 to 1 */
  missingShare: number;
  /** distinct non-missing values (list columns: distinct items) */
  distinct: number;
  /** false: a HyperLogLog estimate (columns of over a million distinct values in tables of over two million rows) */
  distinctExact: boolean;
}

export interface NumericColumn extends ColumnBase {
  kind: 'numeric';
  /** named like an identifier (`id`, `…_id`): profiled, but left out of correlations and skew alerts */
  identifier: boolean;
  zeros: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** sample standard deviation (n − 1) */
  std: number | null;
  /** p1 … p99, linear interpolation between order statistics (numpy's default) */
  quantiles: Record<'p1' | 'p5' | 'p25' | 'p50' | 'p75' | 'p95' | 'p99', number> | null;
  /** adjusted Fisher–Pearson sample skewness (as pandas' skew) */
  skewness: number | null;
  histogram: Histogram | null;
  /** when the positive values span three decades or more and are right-skewed */
  logHistogram: Histogram | null;
  /** IQR rule: below p25 − 1.5·IQR or above p75 + 1.5·IQR */
  outliers: { low: number; high: number; lowFence: number; highFence: number } | null;
  /** every value with its count, when there are few (≤ FEW_VALUES) */
  values: ValueCount[] | null;
}

export interface DateColumn extends ColumnBase {
  kind: 'date';
  min: string | null;
  max: string | null;
  byYear: ValueCount[];
  /** 'YYYY-MM' counts, when the dates span few years */
  byMonth: ValueCount[] | null;
}

export interface LengthStats {
  min: number;
  mean: number;
  max: number;
  p50: number;
}

export interface TextColumn extends ColumnBase {
  kind: 'text';
  empty: number;
  /** few distinct values (2 to CATEGORICAL_MAX): used in the association matrix */
  categorical: boolean;
  /** most frequent values (all of them when categorical), long values cut */
  top: ValueCount[];
  length: LengthStats | null;
}

export interface ListColumn extends ColumnBase {
  kind: 'list';
  /** items per non-missing row */
  itemsPerRow: LengthStats | null;
  emptyLists: number;
  items: number;
  top: ValueCount[];
}

export interface BooleanColumn extends ColumnBase {
  kind: 'boolean';
  trueCount: number;
  falseCount: number;
  /** true / non-missing */
  trueShare: number | null;
}

export type ColumnProfile = NumericColumn | DateColumn | TextColumn | ListColumn | BooleanColumn;

/** A symmetric matrix over `columns`; null where undefined (a constant column, no overlap). */
export interface Matrix {
  columns: string[];
  values: (number | null)[][];
}

export interface TableProfile {
  name: string;
  doc: string;
  rows: number;
  /** rows that are exact copies of an earlier row of the table */
  duplicateRows: number;
  columns: ColumnProfile[];
  pearson: Matrix | null;
  spearman: Matrix | null;
  /** Cramér's V between the categorical columns (text with few values, booleans) */
  cramersV: Matrix | null;
  missing: {
    /** which columns are missing together: the most frequent combinations (rows with none missing excluded) */
    patterns: { columns: string[]; count: number }[];
    /** correlation of the columns' missing indicators (columns missing in some rows but not all) */
    nullity: Matrix | null;
  };
}

export type AlertKind = 'missing' | 'constant' | 'high-cardinality' | 'unique' | 'skewed' | 'zeros' | 'imbalance' | 'duplicates' | 'correlated';

export interface Alert {
  kind: AlertKind;
  table: string;
  /** null for a table-wide alert */
  column: string | null;
  /** the figure behind the alert (a share 0–1, a skewness, a count …) */
  value: number;
  /** the threshold it crossed */
  threshold: number;
  message: string;
}

export type ViewChart = 'bar' | 'hbar' | 'line' | 'histogram';

/**
 * One of a pack's own questions. `bar`/`hbar`/`line`: the query's first column is the label (x),
 * each further column a series. `histogram`: the query returns one numeric column whose values the
 * core bins like any column's (log scale too when `log` or when they span decades).
 */
export interface ProfileView {
  title: string;
  sql: string;
  chart: ViewChart;
  /** a line under the title: what the chart shows, its units */
  note?: string;
  /** histogram: always add the log-scale histogram; bar/line: log value axis */
  log?: boolean;
}

export interface ViewResult {
  title: string;
  chart: ViewChart;
  note: string | null;
  log: boolean;
  /** bar/hbar/line: the query's columns and rows (at most VIEW_ROWS) */
  columns: string[];
  rows: (string | number | null)[][];
  /** histogram views: the values' statistics and bins */
  numeric: NumericColumn | null;
  /** the query failed: why (the profile is still written) */
  error: string | null;
  seconds: number;
}
