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

/** A point of a column's cumulative distribution: the share of values at or below x. */
export interface Knot {
  x: number;
  share: number;
}

/**
 * The points of a numeric column's cumulative distribution its profile pins down: the edges of
 * its histogram (the share below each edge, exact) and its quantiles p1 … p99 (which resolve a
 * bin holding most of the values, as in a skewed column), sorted, shares made non-decreasing.
 */
export function knotsOf(c: Pick<NumericColumn, 'histogram' | 'quantiles'>): Knot[] {
  const out: Knot[] = [];
  const h = c.histogram;
  if (h) {
    const total = h.counts.reduce((a, b) => a + b, 0);
    let below = 0;
    for (let i = 0; i < h.edges.length; i++) {
      out.push({ x: h.edges[i], share: total ? below / total : 0 });
      below += h.counts[i] ?? 0;
    }
    // the last bin includes its upper edge
    if (out.length) out[out.length - 1].share = 1;
  }
  if (c.quantiles) for (const [name, x] of Object.entries(c.quantiles)) out.push({ x, share: Number(name.slice(1)) / 100 });
  out.sort((a, b) => a.x - b.x || a.share - b.share);
  for (let i = 1; i < out.length; i++) out[i].share = Math.max(out[i].share, out[i - 1].share);
  return out;
}

/** The cumulative share at x, linear between the knots around it (0 before the first, 1 from the last). */
export function cdfAt(knots: Knot[], x: number): number {
  if (!knots.length || x < knots[0].x) return 0;
  if (x >= knots[knots.length - 1].x) return 1;
  let i = 0;
  while (i + 1 < knots.length && knots[i + 1].x <= x) i++;
  const a = knots[i];
  const b = knots[i + 1];
  return b.x > a.x ? a.share + ((b.share - a.share) * (x - a.x)) / (b.x - a.x) : a.share;
}

/**
 * PSI over bins cut at the old column's histogram edges and quantiles (the outer bins stretched to
 * ±∞, so new values beyond the old range count in them), and the KS distance (largest gap between
 * the two cumulative shares) at every knot of either column; both from the knots, values taken as
 * spread evenly between two knots.
 */
export function numericDrift(o: Pick<NumericColumn, 'histogram' | 'quantiles'>, n: Pick<NumericColumn, 'histogram' | 'quantiles'>): { psi: number; ks: number; bins: number } {
  const ko = knotsOf(o);
  const kn = knotsOf(n);
  const cuts = [...new Set(ko.map((k) => k.x))].sort((a, b) => a - b).slice(1, -1);
  const massesOf = (k: Knot[]) => {
    const c = [0, ...cuts.map((x) => cdfAt(k, x)), 1];
    return c.slice(1).map((v, i) => v - c[i]);
  };
  let ks = 0;
  for (const { x } of [...ko, ...kn]) ks = Math.max(ks, Math.abs(cdfAt(ko, x) - cdfAt(kn, x)));
  return { psi: psi(massesOf(ko), massesOf(kn)), ks, bins: cuts.length + 1 };
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

/** A value list of a column holds every value of it (a categorical, or a column of few values). */
const isComplete = (list: ValueCount[], c: ColumnProfile) => c.distinctExact && list.length >= c.distinct;

/**
 * Values only in the new list, and only in the old one. A value missing from a complete list is
 * truly absent from that data; lists that are not complete (top 15) are compared over their common
 * length instead: what enters or leaves the top K.
 */
function newAndVanished(oldAll: ValueCount[], oldTotal: number, oc: boolean, newAll: ValueCount[], newTotal: number, nc: boolean, out: ColumnDrift): void {
  const k = Math.min(oldAll.length, newAll.length);
  const added = oc ? only(newAll, oldAll) : only(newAll.slice(0, k), oldAll.slice(0, k));
  const gone = nc ? only(oldAll, newAll) : only(oldAll.slice(0, k), newAll.slice(0, k));
  out.newValues = added;
  out.vanishedValues = gone;
  const list = (vs: ValueCount[]) => vs.slice(0, 5).map((v) => `'${v.value.slice(0, 30)}'`).join(', ') + (vs.length > 5 ? ` and ${vs.length - 5} more` : '');
  if (added.length) {
    const share = newTotal ? added.reduce((a, v) => a + v.count, 0) / newTotal : 0;
    out.checks.push(check('new-categories', share, `${added.length} ${oc ? 'values only in the new data' : `values entering the top ${k}`} (${list(added)}), ${pct(share)} of it`));
  }
  if (gone.length) {
    const share = oldTotal ? gone.reduce((a, v) => a + v.count, 0) / oldTotal : 0;
    out.checks.push(check('vanished-categories', share, `${gone.length} ${nc ? 'values of the old data gone' : `values leaving the top ${k}`} (${list(gone)}), ${pct(share)} of the old data`));
  }
}

function categoryChecks(o: ColumnProfile, oldAll: ValueCount[], oldTotal: number, n: ColumnProfile, newAll: ValueCount[], newTotal: number, out: ColumnDrift): void {
  const oc = isComplete(oldAll, o);
  const nc = isComplete(newAll, n);
  newAndVanished(oldAll, oldTotal, oc, newAll, newTotal, nc, out);
  if (oc && nc) out.checks.push(check('psi', valuesDrift(oldAll, newAll, false).psi, `PSI over the ${new Set([...oldAll, ...newAll].map((v) => v.value)).size} values`));
  else out.checks.push(check('psi', topDrift(oldAll, oldTotal, newAll, newTotal), 'PSI over the values in both top lists and the rest'));
}

function numericChecks(o: NumericColumn, n: NumericColumn, out: ColumnDrift): void {
  // new identifiers are new entities, not a change in the data's nature: only their missing share counts
  if (o.identifier || n.identifier) return;
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
    newAndVanished(o.values, o.count, true, n.values, n.count, true, out);
    return;
  }
  if (o.histogram && n.histogram) {
    const { psi: p, ks, bins } = numericDrift(o, n);
    out.checks.push(check('psi', p, `PSI over ${bins} bins cut at the old histogram's edges and quantiles`));
    out.checks.push(check('ks', ks, 'largest gap between the cumulative shares, from the histograms and quantiles'));
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
  if (!(o.kind === 'numeric' && o.identifier) && o.distinct && o.count && n.count) {
    const est = o.distinctExact && n.distinctExact ? '' : ' (estimated)';
    // a column of mostly distinct values (titles, texts) has as many more as there are more rows:
    // its share of distinct values is what says whether its nature changed
    const [os, ns] = [o.distinct / o.count, n.distinct / n.count];
    if (os > 0.5) out.checks.push(check('distinct', ns / os - 1, `distinct ${fmt(o.distinct)} → ${fmt(n.distinct)}${est}: ${pct(os)} → ${pct(ns)} of the values`));
    else out.checks.push(check('distinct', n.distinct / o.distinct - 1, `distinct ${fmt(o.distinct)} → ${fmt(n.distinct)}${est}`));
  }
  if (o.kind === 'numeric' && n.kind === 'numeric') numericChecks(o, n, out);
  else if (o.kind === 'date' && n.kind === 'date') {
    const { psi: p, ks } = valuesDrift(o.byYear, n.byYear, true);
    out.checks.push(check('psi', p, `PSI over the years (range ${o.min ?? '–'} … ${o.max ?? '–'} → ${n.min ?? '–'} … ${n.max ?? '–'})`));
    out.checks.push(check('ks', ks!, 'largest gap between the cumulative shares by year'));
  } else if (o.kind === 'text' && n.kind === 'text') categoryChecks(o, o.top, o.count, n, n.top, n.count, out);
  else if (o.kind === 'list' && n.kind === 'list') categoryChecks(o, o.top, o.items, n, n.top, n.items, out);
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
      'Numeric columns with few values, dates (by year), text and list columns whose profile lists every value, and booleans: PSI (and KS where ordered) over every value, exact.',
      "Other numeric columns: the cumulative distribution is pinned at each histogram edge (exact) and each quantile p1 … p99, values taken as spread evenly between those points; PSI over bins cut at the old column's edges and quantiles, KS at every such point of either column: approximate, off by at most the share of values between two neighbouring points.",
      'Identifiers (`id`, `…_id`): only their missing share is compared (new identifiers are new entities, not drift).',
      'Other text and list columns: PSI over the values in both top lists plus one bucket for the rest (exact for that split); new and vanished values: a value absent from a complete list is absent from that data, else the values entering or leaving the top K (K the shorter list).',
      `Thresholds (changed / drifted): ${Object.entries(DRIFT_THRESHOLDS)
        .filter(([k]) => k !== 'type')
        .map(([k, [a, b]]) => `${k} ${a} / ${b}`)
        .join(', ')}. Mean shift in old standard deviations, median shift in old IQRs, missing and true shares in points of share, rows and distinct as relative change (distinct: of the share of distinct values, for a column whose values are mostly distinct). Shares under ${PSI_FLOOR} count as ${PSI_FLOOR} in PSI.`,
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
