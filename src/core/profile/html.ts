/**
 * The profile as one self-contained HTML file (`recops profile --html`): inline CSS, charts drawn
 * as inline SVG here, no script and no reference to anything outside the file, so it opens
 * offline, in a mail attachment or with scripts blocked, and prints. Each chart has a text label
 * and its numbers in a table under it.
 */
import type { ColumnProfile, Histogram, Matrix, NumericColumn, Profile, TableProfile, ValueCount, ViewResult } from './types.js';
import { formatBytes, formatNumber } from './summary.js';
import type { Drift } from './drift.js';

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const int = (n: number) => n.toLocaleString('en-US');
const pct = (share: number) => (share > 0 && share < 0.0005 ? '< 0.1 %' : `${(100 * share).toFixed(1)} %`);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const W = 560;
const H = 200;
const PAD = { l: 56, r: 8, t: 8, b: 44 };
const BLUE = '#2563eb';

function numbersTable(head: string[], rows: (string | number)[][]): string {
  return `<details><summary>Numbers</summary><table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(typeof c === 'number' ? formatNumber(c) : c)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table></details>`;
}

function axisTicks(max: number, log: boolean): { v: number; label: string }[] {
  if (max <= 0) return [{ v: 0, label: '0' }];
  if (log) {
    const out = [];
    for (let p = 0; 10 ** p <= max * 1.0001; p++) out.push({ v: 10 ** p, label: formatNumber(10 ** p) });
    return out;
  }
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => max / s <= 5) ?? step * 10;
  // up to the first tick at or above the maximum, so the tallest bar ends under a labelled line
  const out = [];
  for (let v = 0; out.length === 0 || out[out.length - 1].v < max * 0.9999; v += nice) out.push({ v, label: formatNumber(v) });
  return out;
}

/** Vertical bars (or a line) over labelled categories; several series side by side. */
function chart(labels: string[], series: { name: string; values: (number | null)[] }[], opts: { title: string; line?: boolean; logY?: boolean; xTitle?: string }): string {
  const dataMax = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const logY = !!opts.logY && dataMax > 0;
  const ticks = axisTicks(logY ? Math.max(dataMax, 10) : dataMax, logY);
  const max = logY ? dataMax : Math.max(dataMax, ticks[ticks.length - 1].v);
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const y = (v: number) => PAD.t + ih - (logY ? (v > 0 ? (Math.log10(Math.max(v, 1)) / Math.log10(Math.max(max, 10))) * ih : 0) : max ? (v / max) * ih : 0);
  const step = iw / Math.max(labels.length, 1);
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(t.v)}" y2="${y(t.v)}" class="grid"/><text x="${PAD.l - 4}" y="${y(t.v) + 4}" text-anchor="end">${esc(t.label)}</text>`);
  }
  const colours = [BLUE, '#f59e0b', '#10b981', '#ef4444'];
  series.forEach((s, k) => {
    if (opts.line) {
      const pts = s.values.map((v, i) => (v === null ? null : `${PAD.l + step * (i + 0.5)},${y(v)}`)).filter(Boolean);
      parts.push(`<polyline fill="none" stroke="${colours[k % 4]}" stroke-width="2" points="${pts.join(' ')}"/>`);
      s.values.forEach((v, i) => v !== null && parts.push(`<circle class="mark" cx="${PAD.l + step * (i + 0.5)}" cy="${y(v)}" r="2.5" fill="${colours[k % 4]}"><title>${esc(labels[i])}: ${esc(formatNumber(v))}</title></circle>`));
    } else {
      const bw = Math.max(1, (step * 0.9) / series.length);
      s.values.forEach((v, i) => {
        if (v === null) return;
        const x = PAD.l + step * i + step * 0.05 + k * bw;
        parts.push(`<rect class="mark" x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(PAD.t + ih - y(v)).toFixed(1)}" fill="${colours[k % 4]}"><title>${esc(labels[i])}${series.length > 1 ? ` ${esc(s.name)}` : ''}: ${esc(formatNumber(v))}</title></rect>`);
      });
    }
  });
  const every = Math.ceil(labels.length / 10);
  labels.forEach((l, i) => {
    if (i % every) return;
    parts.push(`<text x="${PAD.l + step * (i + 0.5)}" y="${H - PAD.b + 14}" text-anchor="middle">${esc(l.length > 12 ? l.slice(0, 11) + '…' : l)}</text>`);
  });
  if (opts.xTitle) parts.push(`<text x="${PAD.l + iw / 2}" y="${H - 6}" text-anchor="middle" class="axis-title">${esc(opts.xTitle)}</text>`);
  const legend = series.length > 1 ? `<p class="legend">${series.map((s, k) => `<span style="color:${colours[k % 4]}">■</span> ${esc(s.name)}`).join(' ')}</p>` : '';
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.title)}"><title>${esc(opts.title)}</title>${parts.join('')}</svg>${legend}`;
}

/** Horizontal bars for top values (long labels fit). */
function hbars(values: ValueCount[], title: string, total?: number): string {
  const max = Math.max(1, ...values.map((v) => v.count));
  const rowH = 18;
  const h = values.length * rowH + 4;
  const lw = 170;
  const bars = values
    .map((v, i) => {
      const w = ((W - lw - 70) * v.count) / max;
      return `<text x="${lw - 6}" y="${i * rowH + 13}" text-anchor="end">${esc(v.value.length > 26 ? v.value.slice(0, 25) + '…' : v.value)}</text><rect class="mark" x="${lw}" y="${i * rowH + 2}" width="${Math.max(w, 1).toFixed(1)}" height="${rowH - 5}" fill="${BLUE}"><title>${esc(v.value)}: ${int(v.count)}</title></rect><text x="${lw + w + 4}" y="${i * rowH + 13}">${int(v.count)}</text>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${bars}</svg>${numbersTable(['value', 'count', ...(total ? ['share'] : [])], values.map((v) => [v.value, v.count, ...(total ? [pct(v.count / total)] : [])]))}`;
}

function histogramChart(h: Histogram, title: string): string {
  const labels = h.counts.map((_, i) => formatNumber(h.edges[i]));
  const svg = chart(labels, [{ name: 'rows', values: h.counts }], { title, xTitle: h.log ? 'log scale: each bar spans an equal ratio' : undefined });
  const note = h.log && h.leftOut ? `<p class="note">${int(h.leftOut)} values ≤ 0 are not on the log scale.</p>` : '';
  return svg + note + numbersTable(['from', 'to', 'count'], h.counts.map((c, i) => [formatNumber(h.edges[i]), formatNumber(h.edges[i + 1]), c]));
}

function heatmap(m: Matrix, title: string): string {
  const n = m.columns.length;
  const cell = Math.min(44, Math.floor(380 / n));
  const lw = 130;
  const size = lw + n * cell;
  const colour = (v: number | null) => {
    if (v === null) return '#e5e7eb';
    const a = Math.min(1, Math.abs(v));
    return v >= 0 ? `rgba(37,99,235,${a.toFixed(2)})` : `rgba(220,38,38,${a.toFixed(2)})`;
  };
  const parts: string[] = [];
  m.columns.forEach((c, i) => {
    parts.push(`<text x="${lw - 4}" y="${lw + i * cell + cell / 2 + 4}" text-anchor="end">${esc(c.slice(0, 18))}</text>`);
    parts.push(`<text transform="translate(${lw + i * cell + cell / 2 + 4},${lw - 4}) rotate(-60)">${esc(c.slice(0, 18))}</text>`);
    m.columns.forEach((d, j) => {
      const v = m.values[i][j];
      parts.push(`<rect class="mark" x="${lw + j * cell}" y="${lw + i * cell}" width="${cell - 1}" height="${cell - 1}" fill="${colour(v)}"><title>${esc(c)} × ${esc(d)}: ${v === null ? 'undefined' : v.toFixed(3)}</title></rect>`);
      if (cell >= 30 && v !== null) parts.push(`<text x="${lw + j * cell + cell / 2}" y="${lw + i * cell + cell / 2 + 4}" text-anchor="middle" class="${Math.abs(v) > 0.5 ? 'on-dark' : ''}">${v.toFixed(2)}</text>`);
    });
  });
  return `<svg viewBox="0 0 ${size + 10} ${size + 10}" style="max-width:${size + 10}px" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>${numbersTable(['', ...m.columns], m.columns.map((c, i) => [c, ...m.values[i].map((v) => (v === null ? '–' : v.toFixed(3)))]))}`;
}

function statsList(pairs: [string, string][]): string {
  return `<dl class="stats">${pairs.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`;
}

function numericStats(c: NumericColumn): [string, string][] {
  const qs = c.quantiles;
  return [
    ['min', formatNumber(c.min)],
    ['p1', formatNumber(qs?.p1 ?? null)],
    ['p5', formatNumber(qs?.p5 ?? null)],
    ['p25', formatNumber(qs?.p25 ?? null)],
    ['median', formatNumber(qs?.p50 ?? null)],
    ['p75', formatNumber(qs?.p75 ?? null)],
    ['p95', formatNumber(qs?.p95 ?? null)],
    ['p99', formatNumber(qs?.p99 ?? null)],
    ['max', formatNumber(c.max)],
    ['mean', formatNumber(c.mean)],
    ['std', formatNumber(c.std)],
    ['skewness', formatNumber(c.skewness)],
    ['zeros', `${int(c.zeros)}${c.count ? ` (${pct(c.zeros / c.count)})` : ''}`],
    ['IQR outliers', c.outliers ? `${int(c.outliers.low)} low, ${int(c.outliers.high)} high (outside ${formatNumber(c.outliers.lowFence)} … ${formatNumber(c.outliers.highFence)})` : '–'],
  ];
}

function columnSection(t: TableProfile, c: ColumnProfile): string {
  const common: [string, string][] = [
    ['type', c.type],
    ['present', int(c.count)],
    ['missing', `${int(c.missing)} (${pct(c.missingShare)})`],
    ['distinct', `${c.distinctExact ? '' : '≈ '}${int(c.distinct)}`],
  ];
  let body = '';
  const title = `${t.name}.${c.name}`;
  switch (c.kind) {
    case 'numeric':
      body = statsList([...common, ...numericStats(c)]);
      if (c.values && c.values.length <= 30 && c.histogram && c.histogram.counts.length > c.values.length) body += `<h5>Values</h5>${hbars(c.values, `${title}: every value`, c.count)}`;
      else if (c.histogram) body += `<h5>Histogram</h5>${histogramChart(c.histogram, `${title}: histogram`)}`;
      if (c.logHistogram) body += `<h5>Histogram, log scale</h5>${histogramChart(c.logHistogram, `${title}: histogram on a log scale`)}`;
      break;
    case 'date':
      body = statsList([...common, ['from', c.min ?? '–'], ['to', c.max ?? '–']]);
      if (c.byYear.length) body += `<h5>By year</h5>${chart(c.byYear.map((v) => v.value), [{ name: 'rows', values: c.byYear.map((v) => v.count) }], { title: `${title} by year` })}${numbersTable(['year', 'rows'], c.byYear.map((v) => [v.value, v.count]))}`;
      if (c.byMonth && c.byMonth.length > 1) body += `<h5>By month</h5>${chart(c.byMonth.map((v) => v.value), [{ name: 'rows', values: c.byMonth.map((v) => v.count) }], { title: `${title} by month` })}${numbersTable(['month', 'rows'], c.byMonth.map((v) => [v.value, v.count]))}`;
      break;
    case 'text':
      body = statsList([...common, ['empty strings', int(c.empty)], ['length', c.length ? `${c.length.min} … ${c.length.max}, mean ${formatNumber(c.length.mean)}, median ${formatNumber(c.length.p50)}` : '–']]);
      if (c.top.length) body += `<h5>${c.categorical ? 'Values' : 'Most frequent values'}</h5>${hbars(c.top, `${title}: most frequent values`, c.count)}`;
      break;
    case 'list':
      body = statsList([...common.slice(0, 3), ['distinct items', int(c.distinct)], ['items', int(c.items)], ['empty lists', int(c.emptyLists)], ['items per row', c.itemsPerRow ? `${c.itemsPerRow.min} … ${c.itemsPerRow.max}, mean ${formatNumber(c.itemsPerRow.mean)}, median ${formatNumber(c.itemsPerRow.p50)}` : '–']]);
      if (c.top.length) body += `<h5>Most frequent items</h5>${hbars(c.top, `${title}: most frequent items`)}`;
      break;
    case 'boolean':
      body = statsList([...common, ['true', int(c.trueCount)], ['false', int(c.falseCount)], ['true share', c.trueShare === null ? '–' : pct(c.trueShare)]]);
      body += hbars([{ value: 'true', count: c.trueCount }, { value: 'false', count: c.falseCount }, ...(c.missing ? [{ value: 'missing', count: c.missing }] : [])], `${title}: shares`, c.rows);
      break;
  }
  return `<section class="column" id="${slug(title)}"><h4>${esc(c.name)} <span class="kind">${c.kind}${c.kind === 'numeric' && c.identifier ? ', identifier' : ''}</span></h4><p class="doc">${esc(c.doc)}</p>${body}</section>`;
}

function tableSection(t: TableProfile): string {
  const parts = [`<section class="table" id="table-${slug(t.name)}"><h3>${esc(t.name)}</h3><p class="doc">${esc(t.doc)}</p>`];
  parts.push(statsList([['rows', int(t.rows)], ['columns', String(t.columns.length)], ['duplicate rows', int(t.duplicateRows)]]));
  const missing = t.columns.filter((c) => c.missing > 0);
  parts.push(`<h4>Missing values</h4>`);
  if (missing.length) {
    parts.push(chart(t.columns.map((c) => c.name), [{ name: 'missing %', values: t.columns.map((c) => +(100 * c.missingShare).toFixed(2)) }], { title: `${t.name}: % of rows missing per column` }));
    parts.push(numbersTable(['column', 'missing', '%'], t.columns.map((c) => [c.name, c.missing, pct(c.missingShare)])));
    if (t.missing.patterns.length) parts.push(`<h5>Missing together</h5>${numbersTable(['columns missing', 'rows'], t.missing.patterns.map((p) => [p.columns.join(' + '), p.count]))}`.replace('<details>', '<details open>'));
    if (t.missing.nullity) parts.push(`<h5>Correlation of missing values</h5>${heatmap(t.missing.nullity, `${t.name}: correlation of missing indicators`)}`);
  } else parts.push('<p>No missing values.</p>');
  if (t.pearson || t.cramersV) parts.push('<h4>Interactions</h4>');
  if (t.pearson) parts.push(`<div class="pair"><div><h5>Pearson</h5>${heatmap(t.pearson, `${t.name}: Pearson correlations`)}</div><div><h5>Spearman</h5>${heatmap(t.spearman!, `${t.name}: Spearman correlations`)}</div></div>`);
  if (t.cramersV) parts.push(`<h5>Cramér's V (categorical columns)</h5>${heatmap(t.cramersV, `${t.name}: Cramér's V`)}`);
  parts.push('<h4>Columns</h4>', ...t.columns.map((c) => columnSection(t, c)), '</section>');
  return parts.join('');
}

function viewSection(v: ViewResult): string {
  const head = `<section class="view" id="view-${slug(v.title)}"><h3>${esc(v.title)}</h3>${v.note ? `<p class="doc">${esc(v.note)}</p>` : ''}`;
  if (v.error) return `${head}<p class="error">The query failed: ${esc(v.error)}</p></section>`;
  if (v.numeric) {
    const n = v.numeric;
    let body = statsList([['values', int(n.count)], ['min', formatNumber(n.min)], ['median', formatNumber(n.quantiles?.p50 ?? null)], ['mean', formatNumber(n.mean)], ['p99', formatNumber(n.quantiles?.p99 ?? null)], ['max', formatNumber(n.max)]]);
    if (n.logHistogram) body += histogramChart(n.logHistogram, `${v.title}, log scale`);
    else if (n.histogram) body += histogramChart(n.histogram, v.title);
    return `${head}${body}</section>`;
  }
  const labels = v.rows.map((r) => String(r[0]));
  const series = v.columns.slice(1).map((name, k) => ({ name, values: v.rows.map((r) => (typeof r[k + 1] === 'number' ? (r[k + 1] as number) : null)) }));
  const svg =
    v.chart === 'hbar' && series.length === 1
      ? hbars(v.rows.map((r) => ({ value: String(r[0]), count: Number(r[1]) })), v.title)
      : chart(labels, series, { title: v.title, line: v.chart === 'line', logY: v.log }) + numbersTable(v.columns, v.rows.map((r) => r.map((c) => (c === null ? '–' : c))));
  return `${head}${svg}</section>`;
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#fff;line-height:1.4}
body{margin:0 auto;max-width:1100px;padding:1rem}
a{color:#1d4ed8}a:focus,summary:focus{outline:3px solid #f59e0b;outline-offset:2px}
h1{font-size:1.6rem;margin:.2rem 0}h2{border-bottom:2px solid #e5e7eb;margin-top:2.2rem}h3{margin-top:1.8rem;font-size:1.25rem}
h4{margin:1.2rem 0 .3rem}h5{margin:.8rem 0 .2rem;font-size:.95rem}
.doc,.note{color:#4b5563;margin:.1rem 0 .5rem}.kind{font-weight:normal;color:#6b7280;font-size:.85rem}
table{border-collapse:collapse;font-size:.85rem;margin:.3rem 0;display:block;max-width:100%;overflow-x:auto}th,td{border:1px solid #e5e7eb;padding:.15rem .45rem;text-align:right}
th[scope=row],thead th{text-align:left;background:#f9fafb}
details{margin:.2rem 0 .8rem}summary{cursor:pointer;color:#374151;font-size:.85rem}
svg{width:100%;max-width:${W}px;height:auto;display:block;font-size:10px;fill:#374151}
svg .grid{stroke:#e5e7eb}svg .axis-title{font-style:italic}svg .on-dark{fill:#fff}
.stats{display:flex;flex-wrap:wrap;gap:.2rem .9rem;margin:.3rem 0;font-size:.85rem}.stats div{display:flex;gap:.3rem}.stats dt{color:#6b7280}.stats dd{margin:0;font-variant-numeric:tabular-nums}
.column{border-top:1px solid #e5e7eb;padding-top:.4rem}.pair{display:flex;flex-wrap:wrap;gap:1rem}.pair>div{flex:1 1 360px}
.alerts li{margin:.15rem 0}.alert-kind{display:inline-block;min-width:8.5rem;font-size:.8rem;color:#92400e;background:#fef3c7;border-radius:3px;padding:0 .3rem;margin-right:.4rem}
.legend{font-size:.8rem;margin:0}.error{color:#b91c1c}
.level-drifted{color:#b91c1c;font-weight:600}.level-changed{color:#92400e}.level-stable{color:#166534}
nav ul{columns:3 14rem;padding-left:1.1rem;font-size:.9rem}
@media print{details{display:block}details>summary{display:none}}
`;

/** The drift from an older build (`--compare`): per table, every column that moved, each check's figure and thresholds. */
function driftSection(d: Drift): string {
  const tables = d.tables
    .map((t) => {
      const moved = t.columns.filter((c) => c.level !== 'stable');
      const rows = moved.flatMap((c) =>
        c.checks
          .filter((k) => k.level !== 'stable')
          .map((k) => `<tr><th scope="row">${esc(c.column)}</th><td class="level-${k.level}">${k.level}</td><td style="text-align:left">${esc(k.measure)}</td><td>${esc(formatNumber(k.value))}</td><td>${k.changed} / ${k.drifted}</td><td style="text-align:left">${esc(k.detail)}</td></tr>`),
      );
      const head = `<h3>Table ${esc(t.table)}: <span class="level-${t.level}">${t.level}</span></h3><p class="doc">${t.rows ? esc(t.rows.detail) : t.oldRows === null ? 'only in the new build' : 'only in the old build'}${t.addedColumns.length ? `; new columns: ${esc(t.addedColumns.join(', '))}` : ''}${t.removedColumns.length ? `; columns gone: ${esc(t.removedColumns.join(', '))}` : ''}; ${t.columns.length - moved.length} of ${t.columns.length} columns stable.</p>`;
      return head + (rows.length ? `<table><thead><tr>${['column', 'level', 'measure', 'figure', 'thresholds (changed / drifted)', 'what moved'].map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>` : '');
    })
    .join('\n');
  return `<section id="drift"><h2>Drift from the older build: <span class="level-${d.level}">${d.level}</span></h2><p class="doc">Old build ${esc(d.old.builtAt ?? '?')} (${int(d.old.rows)} rows), new build ${esc(d.new.builtAt ?? '?')} (${int(d.new.rows)} rows). Columns: ${d.counts.drifted} drifted, ${d.counts.changed} changed, ${d.counts.stable} stable.</p>${tables}<h3>How it is measured</h3><ul>${d.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}

/** The whole report as one HTML document (with the drift from an older build, when given). */
export function profileHtml(profile: Profile, drift?: Drift): string {
  const o = profile.overview;
  const toc = [
    ['overview', 'Overview'],
    ['alerts', `Alerts (${profile.alerts.length})`],
    ...profile.tables.map((t) => [`table-${slug(t.name)}`, `Table ${t.name}`]),
    ...(profile.views.length ? [['views', `The pack's views (${profile.views.length})`]] : []),
    ...(drift ? [['drift', `Drift from the older build (${drift.level})`]] : []),
  ];
  const ingest = o.sources.length
    ? `<h3>Ingest</h3><p class="doc">Every raw record was kept, rejected, dropped as a duplicate or empty.</p><table><thead><tr>${['source', 'raw bytes', 'lines', 'records', 'kept', 'rows written', 'rejected', 'duplicates', 'empty'].map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${o.sources
        .map((s) => `<tr><th scope="row">${esc(s.source)}</th>${[formatBytes(s.bytes), int(s.lines), int(s.records), int(s.kept), int(s.rows), int(s.rejected), int(s.duplicates), int(s.empty)].map((v) => `<td>${v}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '';
  const reasons = o.rejectsByReason.length
    ? `<h3>Rejects by reason</h3><table><thead><tr><th scope="col">source</th><th scope="col">kind</th><th scope="col">reason</th><th scope="col">records</th></tr></thead><tbody>${o.rejectsByReason
        .map((r) => `<tr><th scope="row">${esc(r.source)}</th><td>${esc(r.kind)}</td><td style="text-align:left">${esc(r.reason)}</td><td>${int(r.count)}</td></tr>`)
        .join('')}${o.rejectsOther ? `<tr><th scope="row">other</th><td></td><td style="text-align:left">other reasons</td><td>${int(o.rejectsOther)}</td></tr>` : ''}</tbody></table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(profile.pack)} data profile</title><style>${CSS}</style></head>
<body>
<header><h1>${esc(profile.pack)}: data profile</h1><p class="doc">${esc(profile.title)}. Warehouse built ${esc(o.builtAt ?? '?')} by recops ${esc(o.recopsVersion ?? '?')}; profile computed ${esc(profile.computedAt.replace('T', ' ').slice(0, 19))} UTC in ${profile.seconds.toFixed(1)} s, on every row.</p></header>
<nav aria-label="Contents"><ul>${toc.map(([id, label]) => `<li><a href="#${id}">${esc(label)}</a></li>`).join('')}</ul></nav>
<main>
<section id="overview"><h2>Overview</h2>
${statsList([['tables', String(o.tables.length)], ['rows', int(o.rows)], ['columns', String(o.columns)], ['file size', formatBytes(o.fileBytes)]])}
<table><thead><tr><th scope="col">table</th><th scope="col">rows</th><th scope="col">columns</th><th scope="col">duplicate rows</th><th scope="col" style="text-align:left">what it holds</th></tr></thead><tbody>${o.tables
    .map((t) => `<tr><th scope="row"><a href="#table-${slug(t.name)}">${esc(t.name)}</a></th><td>${int(t.rows)}</td><td>${t.columns}</td><td>${int(t.duplicateRows)}</td><td style="text-align:left">${esc(t.doc)}</td></tr>`)
    .join('')}</tbody></table>
${ingest}${reasons}
${profile.approximations.length ? `<h3>Approximate figures</h3><ul>${profile.approximations.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : '<p class="note">Every figure is exact.</p>'}
</section>
<section id="alerts"><h2>Alerts</h2>${profile.alerts.length ? `<ul class="alerts">${profile.alerts.map((a) => `<li><span class="alert-kind">${esc(a.kind)}</span>${esc(a.message)}</li>`).join('')}</ul>` : '<p>None.</p>'}</section>
<section id="tables"><h2>Tables</h2>${profile.tables.map(tableSection).join('\n')}</section>
${profile.views.length ? `<section id="views"><h2>The pack's views</h2>${profile.views.map(viewSection).join('\n')}</section>` : ''}
${drift ? driftSection(drift) : ''}
</main>
<footer><p class="note">Made by <code>recops profile ${esc(profile.pack)} --html</code>. Profile schema version ${profile.schemaVersion}.</p></footer>
</body></html>
`;
}
