import type { DuckDBConnection } from '@duckdb/node-api';
import type { FastifyInstance } from 'fastify';
import type { Warehouse } from './warehouse/warehouse.js';
import type { TableSpec } from './warehouse/schema.js';
import type { Row } from './warehouse/writer.js';
import type { Log } from './ingest/progress.js';
import type { CsvItem } from './ingest/csv.js';
import type { LineProgress } from './ingest/lines.js';
import type { ProfileView } from './profile/types.js';
import type { PackStore } from './store/store.js';
import type { Evaluation, MetricSpec } from './registry/report.js';
import type { PackPage } from './page.js';

/**
 * What a dataset pack declares. The core (ingest, warehouse, server, CLI) works from this alone
 * and knows no pack by name; `src/packs/index.ts` is the one place that lists them.
 */
export interface Pack {
  name: string;
  title: string;
  /** tables the sources write; created empty before the sources are read */
  tables: TableSpec[];
  /** raw files, read in this order */
  sources: SourceSpec[];
  /** SQL after loading: cross-source rows, derived tables, indexes */
  finalize?(conn: DuckDBConnection, log: Log): Promise<void>;
  /** synthetic raw files in the original formats (`recops gen <pack>`); none for a pack that only reads real files */
  synth?: SynthSpec;
  /**
   * Registers the pack's HTTP routes on the server, reading its (read-only) warehouse. Whatever
   * would need a scan of many rows is loaded here once, so that a request is a lookup.
   */
  api?(app: FastifyInstance, wh: Warehouse): Promise<void>;
  /** the pack's models: `recops train <pack>` and `recops eval <pack>` (artifacts in models/ beside the warehouse) */
  models?: PackModels;
  /** the pack's own questions for its data profile (`recops profile`): a few views, each a SQL query and a chart kind */
  profile?: ProfileView[];
  /** how its answers are published to a shared store and served from it (`recops publish`, `recops serve --store`); packs without it are served in-process only */
  store?: PackStore<any>;
  /** its page in the web app (served at `GET /packs`); without it the page has the pack's name and title and no search */
  page?: PackPage;
}

/** A pack that generates its raw files (`recops gen`, `recops start` without raw files). */
export type PackWithSynth = Pack & { synth: SynthSpec };

export interface PackModels {
  names: string[];
  /**
   * The model and metric `recops retrain` compares to decide a promotion (a metric of that
   * model's registry run, filled from the pack's evaluation report). `baseline`: the report's
   * label of the model every other is compared with (labels containing 'baseline' are too).
   */
  main: { model: string; metric: string; higherIsBetter: boolean; baseline?: string };
  /** fits every model on all the data, saves artifacts, registers them and (unless promote is false) promotes them; returns a summary */
  train(db: string, opts: { seed: number; log: Log; promote?: boolean }): Promise<string>;
  /**
   * The metrics of its evaluation report, with their directions; the model page reads a report
   * written before reports declared them (no `rows`) with these.
   */
  metrics?: MetricSpec[];
  /**
   * offline evaluation with a baseline beside every number; writes the report (core's
   * `writeReport`); returns it and the text `recops eval` prints
   */
  evaluate(db: string, opts: { seed: number; k: number; log: Log }): Promise<Evaluation>;
}

export interface SourceSpec {
  /** name used in reports and in rejects.source */
  name: string;
  /** accepted file names in the --from folder, first found wins (plain or .gz) */
  files: string[];
  /** what one record of this source is, e.g. 'review' (a line may hold many) */
  unit: string;
  /** the table a kept record is written to (its rows are counted in the report) */
  mainTable: string;
  /**
   * 'lines' (default): the handler's `line` gets each text line (JSON lines, Python literals).
   * 'csv': the handler's `record` gets each CSV record keyed by the header (quoted fields may span
   * lines; records that do not parse or have the wrong field count are rejected by the core).
   */
  format?: 'lines' | 'csv';
  /**
   * For 'csv': a faster reader of the very items the core's csv-parse reader gives (e.g.
   * readCsvFast), used by the fast build; the reference build (`fast: false`) reads with csv-parse.
   */
  readCsv?(path: string, onProgress?: (p: LineProgress) => void): AsyncIterable<CsvItem>;
  /** a fresh handler per ingest run, so handlers may keep state (seen ids) in closures */
  open?(): SourceHandler;
  /**
   * Instead of `open`: the source reads its file itself and writes its rows in bulk on `conn`
   * (for files of many millions of small records, where a JS call per record and per value is
   * the bottleneck: the streaming ratings load several times faster as DuckDB data chunks). It
   * must still account for every record through `sink`; the core counts the rows it wrote.
   */
  load?(conn: DuckDBConnection, file: string, sink: BulkSink): Promise<void>;
  /**
   * Sources with `load` that share one group (the same object) are loaded together by it in the
   * fast build: one statement over all their files can cost much less than one per file. The
   * group starts with the build, on a connection of its own, while the other sources are read.
   */
  group?: SourceGroup;
  /**
   * Tables whose rows are staged as CSV and loaded by DuckDB's own reader when every source has
   * been read, rather than appended a native call per value (tables of many millions of rows;
   * plain column types only). Their rows keep their order; `RecordSink.csvRows` writes to them.
   */
  staged?: string[];
}

/** What a bulk `load` reports; every record ends as rows (`kept`) or as a `reject`. */
export interface BulkSink {
  /** the source file's name */
  readonly file: string;
  /** false in the reference build (IngestOptions.fast): the loader takes its plain, row-by-row path */
  readonly fast?: boolean;
  /** `n` records became rows (which the loader wrote itself) */
  kept(n: number): void;
  /** a record that did not become rows: the 1-based line it starts on, why, and its raw text */
  reject(line: number, reason: string, excerpt: string): void;
  /** count something worth reporting */
  note(name: string, n?: number): void;
  /** bytes of the file on disk read so far (compressed bytes for .gz) and lines read so far */
  progress(bytesRead: number, lines: number): void;
}

/**
 * Loads several bulk sources together (SourceSpec.group), on a connection of its own while the
 * build reads the other sources on another. It resolves true when it wrote every part's rows, in
 * the order of `parts` (each part's records accounted for through its sink, its rows told by
 * `rows`: the core checks they add up to what the table gained), or false having written nothing
 * (rolled back): then each source is loaded by its own `load`, one by one, at its turn.
 */
export interface SourceGroup {
  /** for the progress bar, e.g. 'ratings' */
  name: string;
  load(conn: DuckDBConnection, parts: GroupPart[], progress: (bytesRead: number) => void): Promise<boolean>;
}

export interface GroupPart {
  source: SourceSpec;
  file: string;
  sink: GroupSink;
}

/** A part's sink: a BulkSink (its `progress` only counts lines) that is also told the part's rows. */
export interface GroupSink extends BulkSink {
  /** how many of the table's new rows are this part's */
  rows(n: number): void;
}

export interface SourceHandler {
  line?(text: string, sink: RecordSink): void;
  /**
   * Optional fast path, tried before `line`: the line as raw UTF-8 bytes, buf[start, end). It
   * either handles the whole line (and returns true) or writes nothing and returns false, and
   * the line, decoded, goes to `line`, which stays the reference for what a line becomes.
   */
  bytes?(buf: Buffer, start: number, end: number, sink: RecordSink): boolean;
  record?(record: Record<string, string>, sink: RecordSink): void;
  /** after the last line: flush state (e.g. distinct names seen) */
  end?(sink: RecordSink): void;
}

/**
 * Where a handler puts what it made of a line. Every record of the line ends in exactly one of
 * kept / reject / duplicate / empty, which is how the report proves that nothing was lost.
 */
export interface RecordSink {
  /** 1-based number of the line being handled (for CSV, the line its record starts on) */
  readonly lineNo: number;
  /** the source file's name (e.g. to tell the platform of a per-platform file) */
  readonly file: string;
  row(table: string, row: Row): void;
  /** `n` rows of a staged table (SourceSpec.staged) already in its CSV form (staged-writer.ts), buf[start, end) */
  csvRows(table: string, buf: Buffer, start: number, end: number, n: number): void;
  kept(n?: number): void;
  reject(reason: string, excerpt?: string): void;
  duplicate(reason: string, n?: number): void;
  /** a record with no data; `excerpt` defaults to the line (a `bytes` fast path, which has no decoded line, gives it) */
  empty(reason: string, excerpt?: string): void;
  /** count something worth reporting (e.g. 'posted without year') */
  note(name: string, n?: number): void;
}

export interface SynthOption {
  flags: string;
  description: string;
  default?: string;
}

export interface SynthSpec {
  description: string;
  options: SynthOption[];
  /** the options of the demo data `recops start` generates (the seed aside): small enough for a first run, large enough for every check of the ingest */
  demo?: Record<string, string>;
  /** writes the raw files into `out`; returns the file paths written */
  generate(out: string, options: Record<string, string | undefined>, log: Log): Promise<string[]>;
}
