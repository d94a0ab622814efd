/**
 * Drift between two profiles of a pack's warehouse (an old build and a new one), from what the
 * profiles store: no scan of either warehouse. Per table the row counts; per column the changes
 * that matter, each a measure with its figure, the two thresholds it is judged by and a level.
 */
import type { ColumnProfile, Histogram, NumericColumn, Profile, TableProfile, ValueCount } from './types.js';

export type DriftLevel = 'stable' | 'changed' | 'drifted';

export type DriftMeasure = 'rows' | 'missing' | 'distinct' | 'mean' | 'median' | 'psi' | 'ks' | 'true-share' | 'new-categories' | 'vanished-categories' | 'type';

export interface DriftCheck {
  measure: DriftMeasure;
  /** the figure (a share 0–1, a PSI, a KS distance, a shift in the old column's spread …) */
  value: number;
  /** at or above: 'changed' */
  changed: number;
  /** at or above: 'drifted' */
  drifted: number;
  level: DriftLevel;
  /** the figure in words, with the old and new values behind it */
  detail: string;
}

export interface ColumnDrift {
  table: string;
  column: string;
  kind: ColumnProfile['kind'];
  /** the worst level of its checks */
  level: DriftLevel;
  checks: DriftCheck[];
  /** values (or top values) that appear only in the new profile / only in the old one */
  newValues: ValueCount[];
  vanishedValues: ValueCount[];
}

export interface TableDrift {
  table: string;
  oldRows: number | null;
  newRows: number | null;
  level: DriftLevel;
  rows: DriftCheck | null;
  /** columns in only one of the two profiles */
  addedColumns: string[];
  removedColumns: string[];
  columns: ColumnDrift[];
}

export interface Drift {
  pack: string;
  old: { builtAt: string | null; computedAt: string; rows: number };
  new: { builtAt: string | null; computedAt: string; rows: number };
  /** the worst level of any table or column */
  level: DriftLevel;
  /** columns per level, over all tables */
  counts: Record<DriftLevel, number>;
  tables: TableDrift[];
  /** how the figures are computed from the profiles, where they are approximate */
  notes: string[];
}

/** Thresholds per measure: [changed, drifted]. PSI's are the usual rule of thumb (0.1 / 0.25). */
export const DRIFT_THRESHOLDS: Record<DriftMeasure, [number, number]> = {
  rows: [0.1, 0.5],
  missing: [0.05, 0.2],
  distinct: [0.25, 1],
  mean: [0.2, 0.5],
  median: [0.25, 0.5],
  psi: [0.1, 0.25],
  ks: [0.1, 0.2],
  'true-share': [0.05, 0.2],
  'new-categories': [0.01, 0.05],
  'vanished-categories': [0.01, 0.05],
  type: [1, 1],
};

/** Shares below this count as this in PSI (an empty bin would make it infinite). */
export const PSI_FLOOR = 1e-4;

const RANK: Record<DriftLevel, number> = { stable: 0, changed: 1, drifted: 2 };
const worst = (levels: DriftLevel[]): DriftLevel => levels.reduce<DriftLevel>((a, l) => (RANK[l] > RANK[a] ? l : a), 'stable');

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : Number.isInteger(v) ? v.toLocaleString('en-US') : Math.abs(v) >= 1e5 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toString());
const pct = (s: number) => `${(100 * s).toFixed(1)} %`;

export function check(measure: DriftMeasure, value: number, detail: string): DriftCheck {
  const [changed, drifted] = DRIFT_THRESHOLDS[measure];
  const a = Math.abs(value);
  return { measure, value, changed, drifted, level: a >= drifted ? 'drifted' : a >= changed ? 'changed' : 'stable', detail };
}

/** Population stability index of two distributions over the same bins (counts or shares). */
export function psi(oldCounts: number[], newCounts: number[]): number {
  const so = oldCounts.reduce((a, b) => a + b, 0);
  const sn = newCounts.reduce((a, b) => a + b, 0);
  if (!so || !sn) return 0;
  let out = 0;
  for (let i = 0; i < oldCounts.length; i++) {
    const p = Math.max(oldCounts[i] / so, PSI_FLOOR);
    const r = Math.max(newCounts[i] / sn, PSI_FLOOR);
    out += (r - p) * Math.log(r / p);
  }
  return out;
}

/**
 * A histogram's cumulative share at x, values spread evenly within each bin (a log histogram: in
 * log10 space, its left-out values ≤ 0 below everything).
 */
export function histogramCdf(h: Histogram, x: number): number {
  const total = h.counts.reduce((a, b) => a + b, 0) + h.leftOut;
  if (!total) return 0;
  const edges = h.log ? h.edges.map(Math.log10) : h.edges;
  const t = h.log ? (x > 0 ? Math.log10(x) : -Infinity) : x;
  let below = h.leftOut;
  if (t < edges[0]) return below / total;
  for (let i = 0; i < h.counts.length; i++) {
    const lo = edges[i];
    const hi = edges[i + 1];
    if (t < hi) return (below + (hi > lo ? (h.counts[i] * (t - lo)) / (hi - lo) : h.counts[i])) / total;
    below += h.counts[i];
  }
  return 1;
}

/**
 * PSI over the old histogram's bins (the outer bins stretched to ±∞, so values of the new data
 * beyond the old range count in them) and the KS distance (largest gap between the two cumulative
 * shares) at every edge of either histogram.
 */
export function histogramDrift(oldH: Histogram, newH: Histogram): { psi: number; ks: number } {
  const cuts = oldH.edges.slice(1, -1);
  const massesOf = (h: Histogram) => {
    const c = [0, ...cuts.map((x) => histogramCdf(h, x)), 1];
    return c.slice(1).map((v, i) => v - c[i]);
  };
  const p = psi(massesOf(oldH), massesOf(newH));
  let ks = 0;
  for (const x of [...oldH.edges, ...newH.edges]) ks = Math.max(ks, Math.abs(histogramCdf(oldH, x) - histogramCdf(newH, x)));
  return { psi: p, ks };
}

/** PSI and KS of two complete value lists (every value with its count): exact. */
export function valuesDrift(oldV: ValueCount[], newV: ValueCount[], ordered: boolean): { psi: number; ks: number | null } {
  const keys = [...new Set([...oldV.map((v) => v.value), ...newV.map((v) => v.value)])];
  if (ordered) keys.sort((a, b) => Number(a) - Number(b));
  const o = new Map(oldV.map((v) => [v.value, v.count]));
  const n = new Map(newV.map((v) => [v.value, v.count]));
  const oc = keys.map((k) => o.get(k) ?? 0);
  const nc = keys.map((k) => n.get(k) ?? 0);
  if (!ordered) return { psi: psi(oc, nc), ks: null };
  const so = oc.reduce((a, b) => a + b, 0) || 1;
  const sn = nc.reduce((a, b) => a + b, 0) || 1;
  let co = 0;
  let cn = 0;
  let ks = 0;
  for (let i = 0; i < keys.length; i++) {
    co += oc[i] / so;
    cn += nc[i] / sn;
    ks = Math.max(ks, Math.abs(co - cn));
  }
  return { psi: psi(oc, nc), ks };
}

/**
 * PSI of two top-value lists that may not hold every value: over the values in both lists plus
 * one bucket for everything else (exact for that coarser split: each value's count is known in both).
 */
export function topDrift(oldTop: ValueCount[], oldTotal: number, newTop: ValueCount[], newTotal: number): number {
  const n = new Map(newTop.map((v) => [v.value, v.count]));
  const shared = oldTop.filter((v) => n.has(v.value));
  const oc = shared.map((v) => v.count);
  const nc = shared.map((v) => n.get(v.value)!);
  oc.push(Math.max(0, oldTotal - oc.reduce((a, b) => a + b, 0)));
  nc.push(Math.max(0, newTotal - nc.reduce((a, b) => a + b, 0)));
  return psi(oc, nc);
}

/** Values in `a` and not in `b`. */
const only = (a: ValueCount[], b: ValueCount[]) => {
  const keys = new Set(b.map((v) => v.value));
  return a.filter((v) => !keys.has(v.value));
};

function newAndVanished(oldTop: ValueCount[], oldTotal: number, newTop: ValueCount[], newTotal: number, complete: boolean, out: ColumnDrift): void {
  const added = only(newTop, oldTop);
  const gone = only(oldTop, newTop);
  out.newValues = added;
  out.vanishedValues = gone;
  const what = complete ? 'values' : 'top values';
  const list = (vs: ValueCount[]) => vs.slice(0, 5).map((v) => `'${v.value.slice(0, 30)}'`).join(', ') + (vs.length > 5 ? ` and ${vs.length - 5} more` : '');
  if (added.length) {
    const share = newTotal ? added.reduce((a, v) => a + v.count, 0) / newTotal : 0;
    out.checks.push(check('new-categories', share, `${added.length} ${what} only in the new data (${list(added)}), ${pct(share)} of it`));
  }
  if (gone.length) {
    const share = oldTotal ? gone.reduce((a, v) => a + v.count, 0) / oldTotal : 0;
    out.checks.push(check('vanished-categories', share, `${gone.length} ${what} of the old data ${complete ? 'gone' : 'out of the top'} (${list(gone)}), ${pct(share)} of it`));
  }
}

function categoryChecks(oldTop: ValueCount[], oldTotal: number, newTop: ValueCount[], newTotal: number, complete: boolean, out: ColumnDrift): void {
  newAndVanished(oldTop, oldTotal, newTop, newTotal, complete, out);
  if (complete) out.checks.push(check('psi', valuesDrift(oldTop, newTop, false).psi, `PSI over the ${new Set([...oldTop, ...newTop].map((v) => v.value)).size} values`));
  else out.checks.push(check('psi', topDrift(oldTop, oldTotal, newTop, newTotal), `PSI over the values in both top lists and the rest`));
}

function numericChecks(o: NumericColumn, n: NumericColumn, out: ColumnDrift): void {
  if (o.mean !== null && n.mean !== null && o.std) {
    out.checks.push(check('mean', (n.mean - o.mean) / o.std, `mean ${fmt(o.mean)} → ${fmt(n.mean)}, a shift of ${fmt((n.mean - o.mean) / o.std)} old standard deviations`));
  }
  if (o.quantiles && n.quantiles) {
    const iqr = o.quantiles.p75 - o.quantiles.p25;
    const d = n.quantiles.p50 - o.quantiles.p50;
    const q = `median ${fmt(o.quantiles.p50)} → ${fmt(n.quantiles.p50)}; p5 ${fmt(o.quantiles.p5)} → ${fmt(n.quantiles.p5)}; p95 ${fmt(o.quantiles.p95)} → ${fmt(n.quantiles.p95)}`;
    // a zero IQR (mostly one value): any move of the median is a whole spread
    out.checks.push(check('median', iqr > 0 ? d / iqr : d === 0 ? 0 : Math.sign(d) * DRIFT_THRESHOLDS.median[1], `${q}${iqr > 0 ? `, a shift of ${fmt(d / iqr)} old IQRs` : ''}`));
  }
  if (o.values && n.values) {
    const { psi: p, ks } = valuesDrift(o.values, n.values, true);
    out.checks.push(check('psi', p, `PSI over the ${new Set([...o.values, ...n.values].map((v) => v.value)).size} values (exact)`));
    out.checks.push(check('ks', ks!, `largest gap between the cumulative shares (exact)`));
    newAndVanished(o.values, o.count, n.values, n.count, true, out);
    return;
  }
  const useLog = o.logHistogram && n.logHistogram;
  const oh = useLog ? o.logHistogram : o.histogram;
  const nh = useLog ? n.logHistogram : n.histogram;
  if (oh && nh) {
    const { psi: p, ks } = histogramDrift(oh, nh);
    out.checks.push(check('psi', p, `PSI over the old ${useLog ? 'log-scale ' : ''}histogram's ${oh.counts.length} bins`));
    out.checks.push(check('ks', ks, `largest gap between the cumulative shares, from the ${useLog ? 'log-scale ' : ''}histograms`));
  }
}

function columnDrift(o: ColumnProfile, n: ColumnProfile): ColumnDrift {
  const out: ColumnDrift = { table: n.table, column: n.name, kind: n.kind, level: 'stable', checks: [], newValues: [], vanishedValues: [] };
  if (o.kind !== n.kind) {
    out.checks.push(check('type', 1, `${o.kind} (${o.type}) → ${n.kind} (${n.type})`));
    out.level = 'drifted';
    return out;
  }
  const dm = n.missingShare - o.missingShare;
  out.checks.push(check('missing', dm, `missing ${pct(o.missingShare)} → ${pct(n.missingShare)}`));
  // identifiers' distinct counts follow the row counts: not a change of the data's nature
  if (!(o.kind === 'numeric' && o.identifier) && o.distinct) {
    out.checks.push(check('distinct', n.distinct / o.distinct - 1, `distinct ${fmt(o.distinct)} → ${fmt(n.distinct)}${o.distinctExact && n.distinctExact ? '' : ' (estimated)'}`));
  }
  if (o.kind === 'numeric' && n.kind === 'numeric') numericChecks(o, n, out);
  else if (o.kind === 'date' && n.kind === 'date') {
    const { psi: p, ks } = valuesDrift(o.byYear, n.byYear, true);
    out.checks.push(check('psi', p, `PSI over the years (range ${o.min ?? '–'} … ${o.max ?? '–'} → ${n.min ?? '–'} … ${n.max ?? '–'})`));
    out.checks.push(check('ks', ks!, 'largest gap between the cumulative shares by year'));
  } else if (o.kind === 'text' && n.kind === 'text') categoryChecks(o.top, o.count, n.top, n.count, o.categorical && n.categorical, out);
  else if (o.kind === 'list' && n.kind === 'list') categoryChecks(o.top, o.items, n.top, n.items, false, out);
  else if (o.kind === 'boolean' && n.kind === 'boolean' && o.trueShare !== null && n.trueShare !== null) {
    out.checks.push(check('true-share', n.trueShare - o.trueShare, `true ${pct(o.trueShare)} → ${pct(n.trueShare)}`));
    out.checks.push(check('psi', psi([o.falseCount, o.trueCount], [n.falseCount, n.trueCount]), 'PSI over true/false'));
  }
  out.level = worst(out.checks.map((c) => c.level));
  return out;
}

function tableDrift(o: TableProfile | undefined, n: TableProfile | undefined): TableDrift {
  const name = (n ?? o)!.name;
  const rows = o && n ? check('rows', o.rows ? n.rows / o.rows - 1 : n.rows ? 1 : 0, `rows ${fmt(o.rows)} → ${fmt(n.rows)}`) : null;
  const oc = new Map((o?.columns ?? []).map((c) => [c.name, c]));
  const nc = new Map((n?.columns ?? []).map((c) => [c.name, c]));
  const columns = (n?.columns ?? []).filter((c) => oc.has(c.name)).map((c) => columnDrift(oc.get(c.name)!, c));
  const addedColumns = [...nc.keys()].filter((k) => !oc.has(k));
  const removedColumns = [...oc.keys()].filter((k) => !nc.has(k));
  const level: DriftLevel = !o || !n || addedColumns.length || removedColumns.length ? 'drifted' : worst([rows?.level ?? 'stable', ...columns.map((c) => c.level)]);
  return { table: name, oldRows: o?.rows ?? null, newRows: n?.rows ?? null, level, rows, addedColumns, removedColumns, columns };
}

/** How the new profile differs from the old one (same pack). */
export function compareProfiles(oldP: Profile, newP: Profile): Drift {
  if (oldP.pack !== newP.pack) throw new Error(`the two profiles are of different packs (${oldP.pack}, ${newP.pack}): compare two builds of one pack`);
  const names = [...new Set([...newP.tables.map((t) => t.name), ...oldP.tables.map((t) => t.name)])];
  const tables = names.map((name) => tableDrift(oldP.tables.find((t) => t.name === name), newP.tables.find((t) => t.name === name)));
  const cols = tables.flatMap((t) => t.columns);
  return {
    pack: newP.pack,
    old: { builtAt: oldP.overview.builtAt, computedAt: oldP.computedAt, rows: oldP.overview.rows },
    new: { builtAt: newP.overview.builtAt, computedAt: newP.computedAt, rows: newP.overview.rows },
    level: worst(tables.map((t) => t.level)),
    counts: { stable: cols.filter((c) => c.level === 'stable').length, changed: cols.filter((c) => c.level === 'changed').length, drifted: cols.filter((c) => c.level === 'drifted').length },
    tables,
    notes: [
      'Computed from the two stored profiles, not from the rows.',
      'Numeric columns with few values, dates (by year), categorical text and booleans: PSI and KS over every value, exact.',
      "Other numeric columns: PSI over the old histogram's bins and KS at the bins' edges, taking values as spread evenly within a bin (log-scale histograms when both have one): approximate to within a bin.",
      'Other text and list columns: PSI over the values in both top lists plus one bucket for the rest (exact for that split); new/vanished values are those entering or leaving the top list.',
      `Thresholds (changed / drifted): ${Object.entries(DRIFT_THRESHOLDS)
        .filter(([k]) => k !== 'type')
        .map(([k, [a, b]]) => `${k} ${a} / ${b}`)
        .join(', ')}. Mean shift in old standard deviations, median shift in old IQRs, missing and true shares in points of share, rows and distinct as relative change. Shares under ${PSI_FLOOR} count as ${PSI_FLOOR} in PSI.`,
    ],
  };
}

/** What `recops profile --compare` and `recops retrain` print: the verdict, then every column that moved. */
export function formatDrift(d: Drift, opts: { all?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`DRIFT ${d.pack}: ${d.level.toUpperCase()} — old built ${d.old.builtAt ?? '?'} (${fmt(d.old.rows)} rows), new built ${d.new.builtAt ?? '?'} (${fmt(d.new.rows)} rows)`);
  out.push(`  columns: ${d.counts.drifted} drifted, ${d.counts.changed} changed, ${d.counts.stable} stable`);
  for (const t of d.tables) {
    out.push(`  table ${t.table}: ${t.level}${t.rows ? `; ${t.rows.detail} (${t.rows.value >= 0 ? '+' : ''}${pct(t.rows.value)})` : t.oldRows === null ? ': only in the new build' : ': only in the old build'}`);
    if (t.addedColumns.length) out.push(`    new columns: ${t.addedColumns.join(', ')}`);
    if (t.removedColumns.length) out.push(`    columns gone: ${t.removedColumns.join(', ')}`);
    for (const c of t.columns) {
      if (c.level === 'stable' && !opts.all) continue;
      out.push(`    ${c.column} (${c.kind}): ${c.level}`);
      for (const k of c.checks) if (k.level !== 'stable' || opts.all) out.push(`      [${k.level}] ${k.measure} ${fmt(k.value)} (changed ≥ ${k.changed}, drifted ≥ ${k.drifted}): ${k.detail}`);
    }
  }
  return out.join('\n');
}
