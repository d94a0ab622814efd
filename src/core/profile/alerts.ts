import type { Alert, ColumnProfile, TableProfile, ValueCount } from './types.js';

/** The thresholds, in one place: the README's EDA section lists them. */
export const THRESHOLDS = {
  /** share of rows missing */
  missing: 0.2,
  /** |skewness| */
  skewed: 2,
  /** share of values that are 0 */
  zeros: 0.1,
  /** distinct / non-missing for a text column with more than CATEGORICAL_MAX values (and not unique) */
  highCardinality: 0.5,
  /** 1 − normalised entropy of a categorical's (or boolean's) shares */
  imbalance: 0.5,
  /** share of the table's rows that are exact copies of another */
  duplicates: 0,
  /** |Pearson| between two numeric columns */
  correlated: 0.9,
} as const;

const pct = (share: number) => `${(100 * share).toFixed(share < 0.001 ? 3 : 1)} %`;
const n = (v: number) => v.toLocaleString('en-US');

/** 1 − H(p)/log(k): 0 when the k values are equally frequent, towards 1 as one dominates. */
export function imbalanceOf(counts: number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  const k = counts.filter((c) => c > 0).length;
  if (k < 2 || !total) return null;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return 1 - h / Math.log(k);
}

function columnAlerts(c: ColumnProfile): Alert[] {
  const out: Alert[] = [];
  const at = (kind: Alert['kind'], value: number, threshold: number, message: string) => out.push({ kind, table: c.table, column: c.name, value, threshold, message: `${c.table}.${c.name}: ${message}` });
  if (c.rows === 0) return out;
  if (c.missingShare > THRESHOLDS.missing) at('missing', c.missingShare, THRESHOLDS.missing, `${pct(c.missingShare)} missing (${n(c.missing)} of ${n(c.rows)} rows)`);
  if (c.count > 0 && c.distinct === 1) {
    const only = c.kind === 'text' || c.kind === 'numeric' ? (c.kind === 'text' ? c.top[0]?.value : c.min) : c.kind === 'boolean' ? c.trueCount > 0 : null;
    at('constant', 1, 1, `constant: every present value is ${JSON.stringify(only ?? '?')}`);
  } else if (c.count === 0) {
    at('constant', 0, 1, 'every value is missing');
  }
  if (c.count > 1 && c.distinctExact && c.distinct === c.count && (c.kind === 'text' || c.kind === 'numeric')) {
    at('unique', 1, 1, `every value is different (${n(c.distinct)} distinct)`);
  }
  if (c.kind === 'text' && !c.categorical && c.distinct > 1 && c.distinct < c.count) {
    const share = c.distinct / c.count;
    if (share > THRESHOLDS.highCardinality) at('high-cardinality', share, THRESHOLDS.highCardinality, `${n(c.distinct)} distinct values in ${n(c.count)} (${pct(share)})`);
  }
  if (c.kind === 'numeric' && !c.identifier) {
    if (c.skewness !== null && Math.abs(c.skewness) > THRESHOLDS.skewed) at('skewed', c.skewness, THRESHOLDS.skewed, `skewness ${c.skewness.toFixed(2)} (mean ${fmt(c.mean)}, median ${fmt(c.quantiles?.p50 ?? null)})`);
    const zeroShare = c.count ? c.zeros / c.count : 0;
    if (zeroShare > THRESHOLDS.zeros && c.distinct > 1) at('zeros', zeroShare, THRESHOLDS.zeros, `${pct(zeroShare)} zeros (${n(c.zeros)})`);
  }
  const shares: { counts: number[]; top: ValueCount | null } | null =
    c.kind === 'text' && c.categorical
      ? { counts: c.top.map((v) => v.count), top: c.top[0] ?? null }
      : c.kind === 'boolean'
        ? { counts: [c.trueCount, c.falseCount], top: { value: String(c.trueCount >= c.falseCount), count: Math.max(c.trueCount, c.falseCount) } }
        : null;
  if (shares?.top) {
    const imb = imbalanceOf(shares.counts);
    if (imb !== null && imb > THRESHOLDS.imbalance) at('imbalance', imb, THRESHOLDS.imbalance, `imbalanced (${imb.toFixed(2)}): '${shares.top.value}' is ${pct(shares.top.count / c.count)} of the values`);
  }
  return out;
}

function fmt(v: number | null): string {
  if (v === null) return '–';
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toString();
}

/** Every alert of a profile's tables, most severe kinds first, in table order within a kind. */
export function alertsFor(tables: TableProfile[]): Alert[] {
  const out: Alert[] = [];
  for (const t of tables) {
    if (t.duplicateRows > THRESHOLDS.duplicates && t.rows) {
      const share = t.duplicateRows / t.rows;
      out.push({ kind: 'duplicates', table: t.name, column: null, value: t.duplicateRows, threshold: THRESHOLDS.duplicates, message: `${t.name}: ${n(t.duplicateRows)} duplicate rows (${pct(share)})` });
    }
    for (const c of t.columns) out.push(...columnAlerts(c));
    const m = t.pearson;
    if (m) {
      for (let i = 0; i < m.columns.length; i++) {
        for (let j = i + 1; j < m.columns.length; j++) {
          const r = m.values[i][j];
          if (r !== null && Math.abs(r) > THRESHOLDS.correlated) out.push({ kind: 'correlated', table: t.name, column: `${m.columns[i]}, ${m.columns[j]}`, value: r, threshold: THRESHOLDS.correlated, message: `${t.name}: ${m.columns[i]} and ${m.columns[j]} are highly correlated (Pearson ${r.toFixed(2)})` });
        }
      }
    }
  }
  const order: Alert['kind'][] = ['duplicates', 'constant', 'missing', 'unique', 'imbalance', 'skewed', 'zeros', 'high-cardinality', 'correlated'];
  return out.map((a, i) => ({ a, i })).sort((x, y) => order.indexOf(x.a.kind) - order.indexOf(y.a.kind) || x.i - y.i).map((x) => x.a);
}
