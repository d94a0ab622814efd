import { formatTable } from '../text/table.js';
import type { ColumnProfile, Matrix, Profile } from './types.js';

const int = (n: number) => n.toLocaleString('en-US');
const pct = (share: number) => (share > 0 && share < 0.0005 ? '< 0.1 %' : `${(100 * share).toFixed(1)} %`);

export function formatNumber(v: number | null): string {
  if (v === null) return '–';
  if (Number.isInteger(v)) return int(v);
  const a = Math.abs(v);
  if (a >= 1e5) return int(Math.round(v));
  if (a >= 100) return v.toFixed(1);
  return Number(v.toPrecision(3)).toString();
}

export function formatBytes(n: number | null): string {
  if (n === null) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e3).toFixed(0)} kB`;
}

/** The strongest correlations of a table's matrix, |r| first. */
export function strongest(m: Matrix | null, n: number): { a: string; b: string; r: number }[] {
  if (!m) return [];
  const out: { a: string; b: string; r: number }[] = [];
  for (let i = 0; i < m.columns.length; i++) for (let j = i + 1; j < m.columns.length; j++) if (m.values[i][j] !== null) out.push({ a: m.columns[i], b: m.columns[j], r: m.values[i][j]! });
  return out.sort((x, y) => Math.abs(y.r) - Math.abs(x.r)).slice(0, n);
}

function columnLine(c: ColumnProfile): string {
  switch (c.kind) {
    case 'numeric':
      return `min ${formatNumber(c.min)}, median ${formatNumber(c.quantiles?.p50 ?? null)}, mean ${formatNumber(c.mean)}, max ${formatNumber(c.max)}`;
    case 'date':
      return `${c.min ?? '–'} … ${c.max ?? '–'}`;
    case 'text':
      return c.top.length ? `top ${c.top.slice(0, 3).map((v) => `'${v.value.slice(0, 24)}' ${int(v.count)}`).join(', ')}` : '';
    case 'list':
      return `${formatNumber(c.itemsPerRow?.mean ?? null)} items per row; top ${c.top.slice(0, 3).map((v) => `'${v.value.slice(0, 24)}' ${int(v.count)}`).join(', ')}`;
    case 'boolean':
      return c.trueShare === null ? '' : `${pct(c.trueShare)} true`;
  }
}

/** What `recops profile` prints: the overview, the alerts, the top findings, each table's columns in brief. */
export function formatProfileSummary(profile: Profile, origin: 'stored' | 'computed'): string {
  const o = profile.overview;
  const out: string[] = [];
  out.push(`${profile.pack}: ${profile.title}`);
  out.push(`built ${o.builtAt ?? '?'} by recops ${o.recopsVersion ?? '?'}; ${formatBytes(o.fileBytes)} on disk; profile ${origin === 'stored' ? 'stored at build' : 'computed now'} (${profile.computedAt.replace('T', ' ').slice(0, 19)}, ${profile.seconds.toFixed(1)} s)`);
  out.push('', `OVERVIEW: ${o.tables.length} tables, ${int(o.rows)} rows, ${o.columns} columns`);
  out.push(...formatTable(['table', 'rows', 'columns', 'duplicate rows'], o.tables.map((t) => [t.name, int(t.rows), String(t.columns), int(t.duplicateRows)])));
  if (o.sources.length) {
    out.push('', 'INGEST: every raw record kept, rejected, a duplicate or empty');
    out.push(...formatTable(['source', 'records', 'kept', 'rejected', 'duplicates', 'empty'], o.sources.map((s) => [s.source, int(s.records), int(s.kept), int(s.rejected), int(s.duplicates), int(s.empty)])));
    if (o.rejectsByReason.length) {
      out.push('rejects by reason:');
      for (const r of o.rejectsByReason.slice(0, 8)) out.push(`  ${int(r.count).padStart(9)}  ${r.source} (${r.kind}): ${r.reason.slice(0, 90)}`);
      const more = o.rejectsByReason.slice(8).reduce((a, r) => a + r.count, 0) + o.rejectsOther;
      if (more) out.push(`  ${int(more).padStart(9)}  other reasons (--json lists ${o.rejectsByReason.length})`);
    }
  }
  out.push('', `ALERTS (${profile.alerts.length})`);
  for (const a of profile.alerts) out.push(`  [${a.kind}] ${a.message}`);
  if (!profile.alerts.length) out.push('  none');

  out.push('', 'TOP FINDINGS');
  const findings: string[] = [];
  for (const t of profile.tables) {
    for (const c of strongest(t.spearman, 2)) if (Math.abs(c.r) >= 0.3) findings.push(`${t.name}: ${c.a} and ${c.b} move together (Spearman ${c.r.toFixed(2)}, Pearson ${formatNumber(t.pearson?.values[t.pearson.columns.indexOf(c.a)][t.pearson.columns.indexOf(c.b)] ?? null)})`);
    for (const c of strongest(t.cramersV, 1)) if (c.r >= 0.3) findings.push(`${t.name}: ${c.a} and ${c.b} are associated (Cramér's V ${c.r.toFixed(2)})`);
    const p = t.missing.patterns.find((x) => x.columns.length >= 2);
    if (p) findings.push(`${t.name}: ${p.columns.join(' + ')} are missing together in ${int(p.count)} rows`);
    for (const c of t.columns) if (c.kind === 'numeric' && !c.identifier && c.outliers && c.count && (c.outliers.low + c.outliers.high) / c.count > 0.05) findings.push(`${t.name}.${c.name}: ${pct((c.outliers.low + c.outliers.high) / c.count)} outliers by the IQR rule (outside ${formatNumber(c.outliers.lowFence)} … ${formatNumber(c.outliers.highFence)})`);
  }
  out.push(...(findings.length ? findings.map((f) => `  ${f}`) : ['  none']));

  for (const t of profile.tables) {
    out.push('', `TABLE ${t.name}: ${int(t.rows)} rows`);
    out.push(
      ...formatTable(
        ['column', 'kind', 'missing', 'distinct', ''],
        t.columns.map((c) => [c.name, c.kind, c.missing ? pct(c.missingShare) : '', `${c.distinctExact ? '' : '≈'}${int(c.distinct)}`, columnLine(c)]),
        (i) => i !== 2 && i !== 3,
      ).map((l) => '  ' + l.trimEnd()),
    );
  }
  if (profile.views.length) {
    out.push('', `THE PACK'S VIEWS (${profile.views.length}; charts in --html)`);
    for (const v of profile.views) out.push(`  ${v.title}${v.error ? `: FAILED: ${v.error}` : v.numeric ? `: median ${formatNumber(v.numeric.quantiles?.p50 ?? null)} over ${int(v.numeric.count)} values` : `: ${v.rows.length} rows`}`);
  }
  if (profile.approximations.length) out.push('', 'APPROXIMATE FIGURES', ...profile.approximations.map((a) => `  ${a}`));
  return out.join('\n');
}
