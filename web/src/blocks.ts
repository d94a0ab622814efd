/**
 * A pack's page drawn from its description (GET /packs): charts, facts and lists over the pack's
 * own routes, with no code of the pack's in the web app. Templates and field paths are read as
 * the server's PackPage type documents them.
 */
import { get, type PageBlock, type PageChart, type PageFacts, type PageList } from './api';
import { chart } from './chart';
import { facts, fmt, h, href, linkList, section } from './ui';

/** `a.b.0`, `*` for an object's only (first) value. */
export function at(body: unknown, field: string): unknown {
  let v = body;
  for (const part of field.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = part === '*' ? Object.values(v)[0] : (v as Record<string, unknown>)[part];
  }
  return v;
}

/** `{field}` from the answer, `{a|b}`: a, else b; `{value}`: the searched value. */
export function template(text: string, body: unknown, value?: string): string {
  return text.replace(/\{([^}]+)\}/g, (_, names: string) => {
    for (const name of names.split('|')) {
      const v = name === 'value' ? value : at(body, name);
      if (v !== undefined && v !== null) return String(v);
    }
    return '—';
  });
}

/** A route with `{value}` filled, URL-encoded. */
const routeFor = (route: string, value?: string) => route.replace(/\{value\}/g, encodeURIComponent(value ?? ''));

function formatted(v: unknown, format: 'number' | 'decimal' | 'money' = 'number'): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '—' : String(v);
  if (format === 'money') return `$${fmt(v)}`;
  return fmt(v, format === 'decimal' ? 2 : 0);
}

async function chartBlock(b: PageChart, value?: string): Promise<Node> {
  let labels: string[];
  let values: number[];
  if (b.points) {
    const answers = await Promise.all(b.points.map((p) => get<unknown>(routeFor(p.route, value))));
    labels = b.points.map((p) => p.label);
    values = answers.map((a) => Number(at(a, b.value)));
  } else {
    const body = await get<unknown>(routeFor(b.route ?? '', value));
    const items = ((b.items ? at(body, b.items) : body) ?? []) as unknown[];
    labels = items.map((i) => String(at(i, b.label ?? 'label')));
    values = items.map((i) => Number(at(i, b.value)));
  }
  const title = template(b.title, null, value);
  const drawn = chart({ type: b.chart, title, labels, series: [{ label: b.series, values }], horizontal: b.horizontal, height: b.horizontal ? 40 + 26 * labels.length : 240 });
  return b.heading ? section(template(b.heading, null, value), drawn) : drawn;
}

async function factsBlock(b: PageFacts, value?: string): Promise<Node> {
  const body = await get<unknown>(routeFor(b.route, value));
  const dl = facts(b.facts.map((f) => [f.label, formatted(at(body, f.field), f.format)]));
  return b.title ? section(template(b.title, body, value), dl) : h('section', { class: 'card' }, dl);
}

async function listBlock(pack: string, b: PageList, value?: string): Promise<Node> {
  const body = await get<unknown>(routeFor(b.route, value));
  const items = (at(body, b.items) ?? []) as unknown[];
  const title = template(b.title, body, value);
  const names = items.map((i) => (typeof i === 'string' ? i : String(at(i, b.label ?? 'label'))));
  const list = b.link ? linkList(names.map((n) => ({ label: n, to: href(pack, b.link!, n) })), title) : h('ol', { class: 'recs', 'aria-label': title }, names.map((n) => h('li', {}, n)));
  return section(title, list);
}

/** The blocks in order, each from its own request(s). */
export async function renderBlocks(pack: string, blocks: PageBlock[], value?: string): Promise<Node[]> {
  return Promise.all(
    blocks.map((b) => {
      if (b.type === 'chart') return chartBlock(b, value);
      if (b.type === 'facts') return factsBlock(b, value);
      return listBlock(pack, b, value);
    }),
  );
}
