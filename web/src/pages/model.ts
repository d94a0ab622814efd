/** A pack's models: live versions, the evaluation report as a chart (baselines in grey) and the model cards. */
import { get, path } from '../api';
import { chart, COLORS, BASELINE_COLOR } from '../chart';
import { h, section } from '../ui';

interface ModelInfo {
  pack: string;
  main: { model: string; metric: string; higherIsBetter: boolean; baseline?: string };
  live: { model: string; run: string; createdAt: string; seconds: number; params: Record<string, unknown>; metrics: Record<string, number> | null }[];
  runs: number;
  report: { createdAt: string | null; rows: { label: string; baseline: boolean; metrics: Record<string, number> }[] } | null;
  cards: { model: string; markdown: string }[];
}

export async function modelPage(pack: string, title: string): Promise<Node[]> {
  const [info, { Marked }] = await Promise.all([get<ModelInfo>(path('models', pack)), import('marked')]);
  const out: Node[] = [h('h1', {}, `${title}: models and evaluation`)];
  const better = info.main.higherIsBetter ? 'higher is better' : 'lower is better';
  out.push(h('p', { class: 'intro' }, `A new version goes live only if its ${info.main.metric} (${info.main.model}, ${better}) is not worse than the live one's. ${info.runs} ${info.runs === 1 ? 'run' : 'runs'} recorded.`));

  const rows = info.report?.rows ?? [];
  if (rows.length) {
    const metrics = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
    let color = 0;
    out.push(
      section(
        'Offline evaluation',
        h('p', { class: 'muted' }, `Report of ${info.report!.createdAt?.slice(0, 16).replace('T', ' ') ?? 'an unknown date'}; baselines in grey.`),
        chart({
          type: 'bar',
          title: `Evaluation metrics of each ${pack} model`,
          labels: metrics,
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
            { class: 'plain' },
            h('thead', {}, h('tr', {}, ['model', 'run', 'trained', 'seconds'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, info.live.map((l) => h('tr', {}, h('td', {}, l.model), h('td', {}, h('code', {}, l.run)), h('td', {}, l.createdAt.slice(0, 16).replace('T', ' ')), h('td', {}, l.seconds.toFixed(1))))),
          )
        : h('p', {}, `No model is trained yet: run \`recops train ${pack} --db <warehouse>\`.`),
    ),
  );

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
