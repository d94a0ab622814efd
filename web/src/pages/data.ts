/**
 * A pack's data: the profile its warehouse stored at its build (`GET /profile/{pack}`). The page
 * opens with the summary part (overview, the ingest's accounting, alerts, one line per column);
 * each table's columns and charts, and the pack's own views, are asked for (`?part=`) only when
 * their section is opened, so the first answer is a few kB whatever the number of columns.
 */
import { Chart, LogarithmicScale } from 'chart.js';
import { get, path } from '../api';
import { chart, COLORS } from '../chart';
import { fill, h, href, section } from '../ui';
import type { Alert, ColumnProfile, Histogram, Matrix, NumericColumn, Overview, TableProfile, ValueCount, ViewResult } from '../../../src/core/profile/types';

// views and columns that span decades ask for a log axis; only this page does
Chart.register(LogarithmicScale);

interface ColumnBrief {
  table: string;
  name: string;
  kind: string;
  type: string;
  missingShare: number;
  distinct: number;
  alerts: number;
}
interface Head {
  pack: string;
  title: string;
  computedAt: string;
  seconds: number;
  approximations: string[];
}
type Summary = Head & { overview: Overview; alerts: Alert[]; columns: ColumnBrief[] };

const SVG = 'http://www.w3.org/2000/svg';
const KIND_COLORS = { kept: COLORS[2], rejected: '#c8483f', duplicates: COLORS[1], empty: '#8a8f98' };

/** Every figure as the charts' tables print it (en-US, up to 4 decimals). */
const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 4 }));
const pct = (share: number | null) => (share === null ? '–' : share > 0 && share < 0.0005 ? '< 0.1 %' : `${(100 * share).toLocaleString('en-US', { maximumFractionDigits: 1 })} %`);
const bytes = (n: number | null) => (n === null ? '–' : n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);
/** a bin edge: years and small integers as they are, other values to 3 significant digits */
const edge = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e4 ? String(v) : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(3))));
/** an id for a column's heading, the column index's buttons move focus to it */
const columnId = (table: string, column: string) => `col-${table}-${column}`.replace(/[^A-Za-z0-9_-]/g, '_');

/** A description list of figures, in groups so that a narrow screen wraps them in pairs. */
function stats(pairs: [string, string][]): HTMLElement {
  return h('dl', { class: 'stats' }, pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

/**
 * A table of figures: figures and names on one line each, the `prose` columns (messages, docs)
 * wrapped; wider than a phone, it scrolls inside its own box, never the page.
 */
function plainTable(head: string[], rows: (string | number | Node)[][], label: string, prose: number[] = []): HTMLElement {
  const cell = (c: string | number | Node) => (c instanceof Node ? c : typeof c === 'number' ? num(c) : c);
  const cls = (i: number) => (prose.includes(i) ? 'prose' : undefined);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'plain figures', 'aria-label': label },
      h('thead', {}, h('tr', {}, head.map((c, i) => h('th', { scope: 'col', class: cls(i) }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: cls(i) }, cell(c)))))),
    ),
  );
}

const barHeight = (n: number) => 48 + 22 * n;

/** Top values (or items) as horizontal bars, most frequent first. */
const topChart = (title: string, values: ValueCount[], unit: string) =>
  chart({ type: 'bar', horizontal: true, title, labels: values.map((v) => v.value), series: [{ label: unit, values: values.map((v) => v.count) }], height: barHeight(values.length), labelChars: 24 });

function histogramChart(hist: Histogram, title: string, unit: string): Node[] {
  // unit bins of a small integer range: each bin is one value
  const unitBins = hist.edges.every((e, i) => Number.isInteger(e) && (i === 0 || e - hist.edges[i - 1] === 1));
  const labels = hist.counts.map((_, i) => (unitBins ? edge(hist.edges[i]) : `${edge(hist.edges[i])} – ${edge(hist.edges[i + 1])}`));
  return [
    chart({ type: 'bar', title, labels, series: [{ label: unit, values: hist.counts }], height: 220, labelChars: 16 }),
    hist.log && hist.leftOut ? h('p', { class: 'muted' }, `${num(hist.leftOut)} values ≤ 0 are not on the log scale.`) : null,
  ].filter((n): n is HTMLElement => n !== null);
}

/** A correlation matrix as an SVG heatmap (blue positive, red negative), its numbers in a table under it. */
function heatmap(m: Matrix, title: string): HTMLElement {
  const n = m.columns.length;
  const cell = Math.max(14, Math.min(40, Math.floor(360 / n)));
  const label = 120;
  const size = label + n * cell;
  const svg = document.createElementNS(SVG, 'svg');
  // room on the right for the last column's slanted label
  const width = size + 60;
  svg.setAttribute('viewBox', `0 0 ${width} ${size + 4}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title} (heatmap; the numbers are in the table below)`);
  svg.classList.add('heatmap');
  // as wide as its cells need, never wider than the card (set through the CSSOM: CSP-clean)
  svg.style.maxWidth = `${width}px`;
  const el = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const short = (s: string) => (s.length > 16 ? `${s.slice(0, 15)}…` : s);
  m.columns.forEach((c, i) => {
    svg.append(el('text', { x: label - 4, y: label + i * cell + cell / 2 + 4, 'text-anchor': 'end' }, short(c)));
    svg.append(el('text', { transform: `translate(${label + i * cell + cell / 2 + 4},${label - 4}) rotate(-60)` }, short(c)));
    m.columns.forEach((d, j) => {
      const v = m.values[i][j];
      const rect = el('rect', { x: label + j * cell, y: label + i * cell, width: cell - 1, height: cell - 1, fill: v === null ? '#e5e7eb' : v >= 0 ? '#2457c5' : '#c8483f', 'fill-opacity': v === null ? 1 : Math.max(0.06, Math.min(1, Math.abs(v))).toFixed(2) });
      rect.append(el('title', {}, `${c} × ${d}: ${v === null ? 'undefined' : v.toFixed(3)}`));
      svg.append(rect);
    });
  });
  const table = plainTable(['', ...m.columns], m.columns.map((c, i) => [c, ...m.values[i].map((v) => (v === null ? '–' : num(v)))]), title);
  return h('figure', { class: 'figure' }, h('figcaption', {}, title), svg, h('p', { class: 'muted legend' }, 'Blue: positive, red: negative; the deeper the colour, the nearer ±1; grey: undefined.'), h('details', {}, h('summary', {}, 'Data as a table'), table));
}

function numericBody(c: NumericColumn, title: string): Node[] {
  const q = c.quantiles;
  const out: Node[] = [
    stats([
      ['min', num(c.min)],
      ['p1', num(q?.p1)],
      ['p5', num(q?.p5)],
      ['p25', num(q?.p25)],
      ['median', num(q?.p50)],
      ['p75', num(q?.p75)],
      ['p95', num(q?.p95)],
      ['p99', num(q?.p99)],
      ['max', num(c.max)],
      ['mean', num(c.mean)],
      ['std', num(c.std)],
      ['skewness', num(c.skewness)],
      ['zeros', num(c.zeros)],
      ['outliers low', c.outliers ? num(c.outliers.low) : '–'],
      ['outliers high', c.outliers ? num(c.outliers.high) : '–'],
      ['IQR fences', c.outliers ? `${num(c.outliers.lowFence)} … ${num(c.outliers.highFence)}` : '–'],
    ]),
  ];
  if (c.logHistogram) out.push(...histogramChart(c.logHistogram, `${title}: histogram on a log scale (each bar spans an equal ratio)`, 'rows'));
  if (c.histogram) out.push(...histogramChart(c.histogram, `${title}: histogram`, 'rows'));
  return out;
}

function columnBody(c: ColumnProfile): Node[] {
  const title = `${c.table}.${c.name}`;
  const common = stats([
    ['present', num(c.count)],
    ['missing', num(c.missing)],
    ['missing %', pct(c.missingShare)],
    [c.kind === 'list' ? 'distinct items' : 'distinct', `${c.distinctExact ? '' : '≈ '}${num(c.distinct)}`],
  ]);
  switch (c.kind) {
    case 'numeric':
      return [common, ...numericBody(c, title)];
    case 'date':
      return [
        common,
        stats([
          ['from', c.min ?? '–'],
          ['to', c.max ?? '–'],
        ]),
        c.byYear.length ? chart({ type: 'bar', title: `${title}: rows per year`, labels: c.byYear.map((v) => v.value), series: [{ label: 'rows', values: c.byYear.map((v) => v.count) }], height: 220 }) : h('p', { class: 'muted' }, 'No dates.'),
        c.byMonth && c.byMonth.length > 1 ? chart({ type: 'line', title: `${title}: rows per month`, labels: c.byMonth.map((v) => v.value), series: [{ label: 'rows', values: c.byMonth.map((v) => v.count) }], height: 220 }) : null,
      ].filter((n): n is HTMLElement => n !== null);
    case 'text':
      return [
        common,
        stats([
          ['empty strings', num(c.empty)],
          ['length min', num(c.length?.min)],
          ['length median', num(c.length?.p50)],
          ['length mean', num(c.length?.mean)],
          ['length max', num(c.length?.max)],
        ]),
        c.top.length ? topChart(`${title}: ${c.categorical ? 'every value' : 'most frequent values'}`, c.top, 'rows') : h('p', { class: 'muted' }, 'No values.'),
      ];
    case 'list':
      return [
        common,
        stats([
          ['items', num(c.items)],
          ['empty lists', num(c.emptyLists)],
          ['items per row min', num(c.itemsPerRow?.min)],
          ['items per row median', num(c.itemsPerRow?.p50)],
          ['items per row mean', num(c.itemsPerRow?.mean)],
          ['items per row max', num(c.itemsPerRow?.max)],
        ]),
        c.top.length ? topChart(`${title}: most frequent items`, c.top, 'rows') : h('p', { class: 'muted' }, 'No items.'),
      ];
    case 'boolean': {
      const shares: ValueCount[] = [
        { value: 'true', count: c.trueCount },
        { value: 'false', count: c.falseCount },
        ...(c.missing ? [{ value: 'missing', count: c.missing }] : []),
      ];
      return [
        common,
        stats([
          ['true', num(c.trueCount)],
          ['false', num(c.falseCount)],
          ['true share', pct(c.trueShare)],
        ]),
        chart({ type: 'bar', horizontal: true, title: `${title}: true, false and missing`, labels: shares.map((s) => s.value), series: [{ label: 'rows', values: shares.map((s) => s.count) }], colorsByLabel: [COLORS[0], COLORS[1], '#8a8f98'], height: barHeight(shares.length) }),
      ];
    }
  }
}

function columnSection(c: ColumnProfile): HTMLElement {
  const identifier = c.kind === 'numeric' && c.identifier ? ', identifier' : '';
  return h(
    'section',
    { class: 'column', 'data-column': c.name },
    h('h4', { id: columnId(c.table, c.name), tabindex: -1 }, c.name, ' ', h('span', { class: 'kind' }, `${c.kind}${identifier} · ${c.type}`)),
    c.doc ? h('p', { class: 'muted doc' }, c.doc) : null,
    ...columnBody(c),
  );
}

function tableBody(t: TableProfile): Node[] {
  const out: Node[] = [h('p', { class: 'muted' }, t.doc)];
  const missing = t.columns.filter((c) => c.missing > 0);
  out.push(h('h3', {}, 'Missing values'));
  if (missing.length) {
    out.push(chart({ type: 'bar', horizontal: true, title: `${t.name}: rows missing, per column`, labels: t.columns.map((c) => c.name), series: [{ label: 'rows missing', values: t.columns.map((c) => c.missing) }], height: barHeight(t.columns.length), labelChars: 20 }));
    if (t.missing.patterns.length) {
      out.push(h('h4', {}, 'Missing together'));
      out.push(h('p', { class: 'muted' }, 'The most frequent sets of columns missing in the same rows (rows with nothing missing left out).'));
      out.push(plainTable(['columns missing', 'rows'], t.missing.patterns.map((p) => [p.columns.join(' + '), p.count]), `${t.name}: columns missing together`, [0]));
    }
    if (t.missing.nullity) out.push(heatmap(t.missing.nullity, `${t.name}: correlation of the columns' missing values`));
  } else {
    out.push(h('p', {}, 'No missing values.'));
  }
  if (t.pearson || t.cramersV) out.push(h('h3', {}, 'Correlations'));
  if (t.pearson) out.push(h('div', { class: 'pair' }, heatmap(t.pearson, `${t.name}: Pearson correlations`), t.spearman ? heatmap(t.spearman, `${t.name}: Spearman correlations`) : null));
  if (t.cramersV) out.push(heatmap(t.cramersV, `${t.name}: Cramér's V between categorical columns`));
  out.push(h('h3', {}, 'Columns'), ...t.columns.map(columnSection));
  return out;
}

/** A section that loads its content the first time it is opened (a <details>: Enter or Space on its summary). */
function lazySection(summary: Node[], attrs: Record<string, string>, load: () => Promise<Node[]>): { details: HTMLDetailsElement; loaded: () => Promise<void> } {
  const body = h('div', { class: 'lazy-body' });
  const details = h('details', { class: 'card lazy', ...attrs }, h('summary', {}, ...summary), body);
  let loading: Promise<void> | null = null;
  const loaded = () => (loading ??= fill(body, load));
  details.addEventListener('toggle', () => {
    if (details.open) void loaded();
  });
  return { details, loaded };
}

function viewBody(v: ViewResult): Node[] {
  const out: Node[] = v.note ? [h('p', { class: 'muted' }, v.note)] : [];
  if (v.error) return [...out, h('p', { class: 'error' }, `The query failed: ${v.error}`)];
  if (v.numeric) {
    const n = v.numeric;
    const unit = v.columns[0] ?? 'values';
    out.push(stats([['values', num(n.count)], ['min', num(n.min)], ['median', num(n.quantiles?.p50)], ['mean', num(n.mean)], ['p99', num(n.quantiles?.p99)], ['max', num(n.max)]]));
    if (n.logHistogram) out.push(...histogramChart(n.logHistogram, `${v.title} (${unit}), log scale`, 'rows'));
    else if (n.histogram) out.push(...histogramChart(n.histogram, `${v.title} (${unit})`, 'rows'));
    return out;
  }
  const many = v.rows.length > 12;
  out.push(
    chart({
      type: v.chart === 'line' ? 'line' : 'bar',
      horizontal: v.chart === 'hbar',
      title: v.title,
      labels: v.rows.map((r) => String(r[0] ?? '–')),
      series: v.columns.slice(1).map((name) => ({ label: name, values: v.rows.map((r) => (typeof r[v.columns.indexOf(name)] === 'number' ? (r[v.columns.indexOf(name)] as number) : NaN)) })),
      height: v.chart === 'hbar' ? barHeight(v.rows.length) : many ? 260 : 230,
      logY: v.log,
      labelChars: 24,
      yTitle: v.columns.length === 2 ? v.columns[1] : undefined,
    }),
  );
  return out;
}

async function appendInTasks(holder: HTMLElement, builders: (() => Node[])[]): Promise<void> {
  for (const build of builders) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    holder.append(...build());
  }
  holder.removeAttribute('aria-busy');
}

export async function dataPage(pack: string, title: string): Promise<Node[]> {
  const p = await get<Summary>(`${path('profile', pack)}?part=summary`);
  const o = p.overview;
  const report = path('profile', pack, 'report.html');
  const out: Node[] = [
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, `${title}: the data`),
      h('span', { class: 'page-links' }, h('a', { href: href(pack) }, 'Search'), ' · ', h('a', { href: href(pack, 'model') }, 'Models and evaluation')),
    ),
    h(
      'p',
      { class: 'intro' },
      `A profile of every row of the ${title} warehouse, computed at its build (${p.computedAt.slice(0, 16).replace('T', ' ')} UTC, in ${p.seconds.toFixed(1)} s): what each table and column holds, what is missing, what the ingest kept and rejected, and what looks odd. `,
      h('a', { href: report, download: `${pack}-profile.html` }, 'Download the whole profile as one HTML file'),
      ' (charts included, opens offline).',
    ),
  ];

  // overview
  out.push(
    section(
      'Overview',
      stats([
        ['tables', num(o.tables.length)],
        ['rows', num(o.rows)],
        ['columns', num(o.columns)],
        ['on disk', bytes(o.fileBytes)],
        ['built', o.builtAt?.slice(0, 16) ?? '–'],
        ['recops', o.recopsVersion ?? '–'],
      ]),
      plainTable(['table', 'rows', 'columns', 'duplicate rows', 'what it holds'], o.tables.map((t) => [t.name, t.rows, t.columns, t.duplicateRows, t.doc]), 'Tables', [4]),
      p.approximations.length ? h('ul', { class: 'muted' }, p.approximations.map((a) => h('li', {}, a))) : h('p', { class: 'muted' }, 'Every figure is exact.'),
    ),
  );

  // the ingest's accounting
  if (o.sources.length) {
    const kinds = ['kept', 'rejected', 'duplicates', 'empty'] as const;
    out.push(
      section(
        'Ingest: what became of every raw record',
        h('p', { class: 'muted' }, 'Each raw record of each source was kept, rejected (with a reason), dropped as a duplicate, or empty.'),
        chart({
          type: 'bar',
          horizontal: true,
          stacked: true,
          title: 'Raw records of each source, by outcome',
          labels: o.sources.map((s) => s.source),
          series: kinds.map((k) => ({ label: k, values: o.sources.map((s) => s[k]), color: KIND_COLORS[k] })),
          height: barHeight(o.sources.length) + 30,
          labelChars: 22,
        }),
        plainTable(['source', 'records', 'kept', 'rejected', 'duplicates', 'empty', 'rows written', 'raw size'], o.sources.map((s) => [s.source, s.records, s.kept, s.rejected, s.duplicates, s.empty, s.rows, bytes(s.bytes)]), 'Ingest accounting per source'),
        o.rejectsByReason.length
          ? [
              h('h3', {}, 'Rejects by reason'),
              plainTable(
                ['source', 'kind', 'reason', 'records'],
                [...o.rejectsByReason.map((r) => [r.source, r.kind, r.reason, r.count]), ...(o.rejectsOther ? [['other', '', 'other reasons', o.rejectsOther]] : [])],
                'Rejects by reason',
                [2],
              ),
            ]
          : h('p', {}, 'No record was rejected.'),
      ),
    );
  }

  // the tables' sections, opened from the index, the alerts or their own summary
  const sections = new Map<string, ReturnType<typeof lazySection>>();
  const openColumn = async (table: string, column: string | null) => {
    const s = sections.get(table);
    if (!s) return;
    s.details.open = true;
    await s.loaded();
    const target = column ? document.getElementById(columnId(table, column)) : s.details.querySelector('summary');
    (target as HTMLElement | null)?.focus();
    target?.scrollIntoView({ block: 'start' });
  };
  const goTo = (table: string, column: string | null, label: string) => h('button', { type: 'button', class: 'linkish', onclick: () => void openColumn(table, column) }, label);

  // what is below the first screen is built a task at a time after the first paint: built in one
  // long task, it held up a phone's input (Lighthouse's total blocking time, movies)
  const later: (() => Node[])[] = [];

  // alerts, each with its figure
  const SHARES = new Set(['missing', 'zeros', 'high-cardinality']);
  later.push(() => [
    section(
      `Alerts (${p.alerts.length})`,
      p.alerts.length
        ? plainTable(
            ['where', 'alert', 'figure', 'threshold', 'what it says'],
            p.alerts.map((a) => {
              const single = a.column !== null && !a.column.includes(', ');
              return [
                goTo(a.table, single ? a.column : null, a.column ? `${a.table}.${a.column}` : a.table),
                a.kind,
                h('data', { value: String(a.value) }, SHARES.has(a.kind) ? pct(a.value) : num(a.value)),
                SHARES.has(a.kind) ? pct(a.threshold) : num(a.threshold),
                a.message,
              ];
            }),
            'Alerts',
            [4],
          )
        : h('p', {}, 'No alert: nothing crosses a threshold.'),
    ),
  ]);

  // the column index: its table made when it is first opened
  later.push(() => {
    const body = h('div', { class: 'index-body' });
    const index = h('details', { class: 'card index' }, h('summary', {}, h('h2', {}, `Column index (${p.columns.length} columns)`)), body);
    index.addEventListener('toggle', () => {
      if (index.open && !body.firstChild)
        body.append(
          plainTable(
            ['column', 'kind', 'type', 'missing', 'distinct', 'alerts'],
            p.columns.map((c) => [goTo(c.table, c.name, `${c.table}.${c.name}`), c.kind, c.type, pct(c.missingShare), c.distinct, c.alerts]),
            'Column index',
          ),
        );
    });
    return [index];
  });

  later.push(() => [
    h('h2', { class: 'part' }, 'Tables'),
    ...o.tables.map((t) => {
      const s = lazySection(
        [h('h3', {}, t.name), h('span', { class: 'muted' }, ` ${num(t.rows)} rows · ${t.columns} columns · ${num(t.duplicateRows)} duplicate rows`)],
        { 'data-table': t.name },
        async () => {
          const part = await get<Head & { tables: TableProfile[] }>(`${path('profile', pack)}?part=tables&table=${encodeURIComponent(t.name)}`);
          return tableBody(part.tables[0]);
        },
      );
      sections.set(t.name, s);
      return s.details;
    }),
  ]);

  later.push(() => [
    h('h2', { class: 'part' }, `The ${title} pack's own questions`),
    lazySection([h('h3', {}, 'Views'), h('span', { class: 'muted' }, ' charts of questions the pack asks of its data')], { 'data-views': '' }, async () => {
      const v = await get<Head & { views: ViewResult[] }>(`${path('profile', pack)}?part=views`);
      if (!v.views.length) return [h('p', {}, 'This pack declares no views.')];
      return v.views.map((view) => h('section', { class: 'view' }, h('h4', {}, view.title), ...viewBody(view)));
    }).details,
    h('p', { class: 'muted' }, 'The same profile as JSON: ', h('a', { href: path('profile', pack) }, path('profile', pack)), '; as one HTML file: ', h('a', { href: report, download: `${pack}-profile.html` }, 'download the report'), '.'),
  ]);

  const rest = h('div', { class: 'later', 'aria-busy': 'true' });
  out.push(rest);
  void appendInTasks(rest, later);
  return out;
}
