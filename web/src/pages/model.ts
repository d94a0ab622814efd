/** A pack's models: live versions, the evaluation report as a chart (baselines in grey) and the model cards. */
import { get, path } from '../api';
import { chart, COLORS, BASELINE_COLOR } from '../chart';
import { fmt, h, section } from '../ui';

interface ModelInfo {
  pack: string;
  main: { model: string; metric: string; higherIsBetter: boolean; baseline?: string };
  live: { model: string; run: string; createdAt: string; seconds: number; params: Record<string, unknown>; metrics: Record<string, number> | null }[];
  runs: number;
  /** `metrics` (names and directions) is absent from a server older than the field */
  report: { createdAt: string | null; metrics?: { name: string; higherIsBetter: boolean }[]; rows: { label: string; baseline: boolean; metrics: Record<string, number> }[] } | null;
  cards: { model: string; markdown: string }[];
  /** what the last retrain saw change in the data (absent from a server older than the field) */
  drift?: { runs: string[]; trainedAt: string; live: boolean; drift: Drift } | null;
}

type Level = 'stable' | 'changed' | 'drifted';
interface DriftCheck {
  measure: string;
  value: number;
  changed: number;
  drifted: number;
  level: Level;
  detail: string;
}
interface Drift {
  old: { builtAt: string | null; rows: number };
  new: { builtAt: string | null; rows: number };
  level: Level;
  counts: Record<Level, number>;
  tables: { table: string; oldRows: number | null; newRows: number | null; level: Level; rows: DriftCheck | null; addedColumns: string[]; removedColumns: string[]; columns: { column: string; kind: string; level: Level; checks: DriftCheck[] }[] }[];
}

export async function modelPage(pack: string, title: string): Promise<Node[]> {
  const [info, { Marked }] = await Promise.all([get<ModelInfo>(path('models', pack)), import('marked')]);
  const out: Node[] = [h('h1', {}, `${title}: models and evaluation`)];
  const better = info.main.higherIsBetter ? 'higher is better' : 'lower is better';
  out.push(h('p', { class: 'intro' }, `A new version goes live only if its ${info.main.metric} (${info.main.model}, ${better}) is not worse than the live one's. ${info.runs} ${info.runs === 1 ? 'run' : 'runs'} recorded.`));

  const rows = info.report?.rows ?? [];
  if (rows.length) {
    const declared = new Map((info.report!.metrics ?? []).map((m) => [m.name, m.higherIsBetter]));
    const metrics = [...new Set([...declared.keys(), ...rows.flatMap((r) => Object.keys(r.metrics))])].filter((m) => rows.some((r) => m in r.metrics));
    // the direction beside each metric's name: ↑ higher is better, ↓ lower is better
    const arrow = (m: string) => (declared.has(m) ? (declared.get(m) ? ' ↑' : ' ↓') : '');
    let color = 0;
    out.push(
      section(
        'Offline evaluation',
        h('p', { class: 'muted' }, `Report of ${info.report!.createdAt?.slice(0, 16).replace('T', ' ') ?? 'an unknown date'}; baselines in grey.${declared.size ? ' ↑ higher is better, ↓ lower is better.' : ''}`),
        chart({
          type: 'bar',
          title: `Evaluation metrics of each ${pack} model`,
          labels: metrics.map((m) => m + arrow(m)),
          series: rows.map((r) => ({ label: r.baseline ? `${r.label}` : r.label, values: metrics.map((m) => r.metrics[m] ?? NaN), color: r.baseline ? BASELINE_COLOR : COLORS[color++ % COLORS.length] })),
          height: 300,
        }),
      ),
    );
  } else {
    out.push(section('Offline evaluation', h('p', {}, `No evaluation report yet: run \`recops eval ${pack} --db <warehouse>\`.`)));
  }

  out.push(
    section(
      'Live versions',
      info.live.length
        ? h(
            'table',
            { class: 'plain', 'aria-label': 'Live versions' },
            h('thead', {}, h('tr', {}, ['model', 'run', 'trained', 'seconds'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, info.live.map((l) => h('tr', {}, h('td', {}, l.model), h('td', {}, h('code', {}, l.run)), h('td', {}, l.createdAt.slice(0, 16).replace('T', ' ')), h('td', {}, l.seconds.toFixed(1))))),
          )
        : h('p', {}, `No model is trained yet: run \`recops train ${pack} --db <warehouse>\`.`),
    ),
  );

  out.push(driftSection(pack, info.drift ?? null));

  // the cards are long (thousands of pixels of tables): parsed and laid out one per task after the
  // page is shown, so no single task blocks input for long; appended below what is on screen, so
  // nothing visible moves. The holder is busy until the last one is in.
  const cards = h('div', { class: 'model-cards', 'aria-busy': info.cards.length ? 'true' : undefined });
  out.push(cards);
  void appendCards(cards, info.cards, Marked);
  return out;
}

async function appendCards(holder: HTMLElement, cards: ModelInfo['cards'], Marked: typeof import('marked').Marked): Promise<void> {
  // model cards are written by `recops train` on the server; raw HTML in them is dropped all the same
  const marked = new Marked({ renderer: { html: () => '' } });
  for (const card of cards) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const body = h('div', { class: 'markdown' });
    body.innerHTML = await marked.parse(card.markdown);
    holder.append(h('section', { class: 'card model-card', 'aria-label': `Model card: ${card.model}` }, body));
  }
  holder.removeAttribute('aria-busy');
}

interface ColumnVerdict {
  table: string;
  column: string;
  kind: string;
  level: Level;
  check: DriftCheck | undefined;
}

/** One row per column: its verdict and the check behind it, with that check's thresholds and the old and new values. */
function columnTable(columns: ColumnVerdict[], label: string): HTMLElement {
  return h(
    'table',
    { class: 'plain drift-columns', 'aria-label': label },
    h('thead', {}, h('tr', {}, ['column', 'kind', 'verdict', 'measure', 'figure', 'changed at', 'drifted at', 'what changed'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      columns.map((c) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, `${c.table}.${c.column}`),
          h('td', {}, c.kind),
          h('td', {}, c.level),
          h('td', {}, c.check?.measure ?? '–'),
          h('td', {}, c.check ? figure(c.check.value) : '–'),
          h('td', {}, c.check ? String(c.check.changed) : '–'),
          h('td', {}, c.check ? String(c.check.drifted) : '–'),
          h('td', {}, c.check?.detail ?? ''),
        ),
      ),
    ),
  );
}

const RANK: Record<Level, number> = { stable: 0, changed: 1, drifted: 2 };
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : 'an unknown date');
const figure = (v: number) => (Math.abs(v) >= 1e5 ? fmt(v) : Number(v.toPrecision(3)).toString());

/**
 * The check that decides a column's verdict: of its checks at the column's level, the one furthest
 * past its threshold (for a stable column, the one nearest to 'changed').
 */
function decisive(checks: DriftCheck[], level: Level): DriftCheck | undefined {
  const bar = (c: DriftCheck) => Math.abs(c.value) / (level === 'drifted' ? c.drifted : c.changed);
  return checks.filter((c) => c.level === level).reduce<DriftCheck | undefined>((a, c) => (!a || bar(c) > bar(a) ? c : a), undefined);
}

/** What the last retrain saw change in the data: a summary, then each table's and each column's verdict with the figure behind it. */
function driftSection(pack: string, kept: ModelInfo['drift'] | null): HTMLElement {
  const title = 'Data drift at the last retrain';
  if (!kept) return section(title, h('p', {}, `No retrain has compared two builds yet: \`recops retrain ${pack} --from <new raw files> --db <warehouse>\` measures how the new data differs from the live warehouse's and keeps it with its runs.`));
  const d = kept.drift;
  const th = (c: string) => h('th', { scope: 'col' }, c);
  const columns = d.tables
    .flatMap((t) => t.columns.map((c) => ({ table: t.table, ...c, check: decisive(c.checks, c.level) })))
    .sort((a, b) => RANK[b.level] - RANK[a.level]);
  const moved = columns.filter((c) => c.level !== 'stable');
  const stable = columns.filter((c) => c.level === 'stable');
  return section(
    title,
    h(
      'p',
      { class: 'drift-summary' },
      h('strong', {}, d.level === 'stable' ? 'Stable' : d.level === 'changed' ? 'Changed' : 'Drifted'),
      `: ${d.counts.drifted} ${d.counts.drifted === 1 ? 'column' : 'columns'} drifted, ${d.counts.changed} changed, ${d.counts.stable} stable, from the live warehouse built ${when(d.old.builtAt)} (${fmt(d.old.rows)} rows) to the new data built ${when(d.new.builtAt)} (${fmt(d.new.rows)} rows). `,
      `Retrain of ${when(kept.trainedAt)}: ${kept.live ? 'its models went live' : 'the live version stayed'}. The drift informs; the promotion is decided by the ${pack} main metric alone.`,
    ),
    h(
      'table',
      { class: 'plain drift-tables', 'aria-label': 'Drift per table' },
      h('thead', {}, h('tr', {}, ['table', 'verdict', 'rows before', 'rows after', 'row change', 'columns added / gone'].map(th))),
      h(
        'tbody',
        {},
        d.tables.map((t) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t.table),
            h('td', {}, t.level),
            h('td', {}, t.oldRows === null ? '–' : fmt(t.oldRows)),
            h('td', {}, t.newRows === null ? '–' : fmt(t.newRows)),
            h('td', {}, t.rows ? `${t.rows.value >= 0 ? '+' : ''}${fmt(100 * t.rows.value, 1)} %` : '–'),
            h('td', {}, [...t.addedColumns.map((c) => `+${c}`), ...t.removedColumns.map((c) => `−${c}`)].join(', ') || '–'),
          ),
        ),
      ),
    ),
    moved.length ? columnTable(moved, 'Columns that moved') : h('p', {}, 'No column moved.'),
    stable.length ? h('details', {}, h('summary', {}, `${stable.length} stable ${stable.length === 1 ? 'column' : 'columns'}`), columnTable(stable, 'Stable columns')) : null,
  );
}
