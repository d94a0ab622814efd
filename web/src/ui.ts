/** Small DOM helpers: no framework, the pages are a few forms, lists and charts. */
import { ApiError } from './api';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

/** h('a', {href: '#/x'}, 'text'): an element with attributes (on* = listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** A hash link: '#/steam/game/Portal 2' with each segment encoded. */
export const href = (...segments: string[]) => '#/' + segments.map((s) => encodeURIComponent(s)).join('/');

export const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** A titled section of results. */
export const section = (title: string, ...body: (Child | Child[])[]) => h('section', { class: 'card' }, h('h2', {}, title), ...body);

/** A list of links, e.g. recommendations, each leading to its own page. */
export function linkList(items: { label: string; to: string; extra?: string }[], label: string): HTMLElement {
  return h('ol', { class: 'recs', 'aria-label': label }, items.map((i) => h('li', {}, h('a', { href: i.to }, i.label), i.extra ? h('span', { class: 'muted' }, ` ${i.extra}`) : null)));
}

/** Key/value facts as a description list. */
export function facts(entries: [string, Child][]): HTMLElement {
  return h('dl', { class: 'facts' }, entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/**
 * What is accepted, as the server says it, with the route that lists the names as a link:
 * "a genre …, e.g. 'Action'; GET /suggest/steam/genre?q=<…> lists them".
 */
function acceptedHint(accepted: string): HTMLElement {
  const m = /^(.*?);\s*GET (\/suggest\/[^?\s]+)\?q=.*?\s+lists them$/s.exec(accepted);
  if (!m) return h('p', { class: 'accepted' }, `Accepted: ${accepted}.`);
  return h(
    'p',
    { class: 'accepted' },
    `Accepted: ${m[1]}. The search box above offers the names that exist as you type; the API lists them at `,
    h('a', { href: `${m[2]}?q=&n=20` }, m[2]),
    '.',
  );
}

/** What went wrong, in the server's words, with its "did you mean" as links and what is accepted instead. */
export function errorBox(err: unknown, suggestionHref?: (s: string) => string): HTMLElement {
  const e = err instanceof ApiError ? err : new ApiError(0, String((err as Error)?.message ?? err));
  const title = e.status === 404 ? 'Not found' : e.status === 503 ? 'Not available yet' : e.status >= 400 && e.status < 500 ? 'Not accepted' : 'Something went wrong';
  const links = Boolean(suggestionHref && e.suggestions.length);
  let message = e.message;
  // the suggestions become links and what is accepted a line of its own below: not said twice
  if (links) message = message.replace(/;\s*did you mean:.*$/is, '');
  if (e.accepted) message = message.replace(/\s*Accepted: .*$/s, '').replace(/;\s*accepted: .*$/is, '');
  const accepted = e.accepted && !message.includes(e.accepted) ? e.accepted : undefined;
  return h(
    'div',
    { class: `error status-${e.status}`, role: 'alert' },
    h('strong', {}, `${title}${e.status ? ` (${e.status})` : ''}: `),
    message,
    links ? h('p', { class: 'did-you-mean' }, 'Did you mean: ', e.suggestions.map((s, i) => [i ? ', ' : '', h('a', { href: suggestionHref!(s) }, s)]).flat()) : null,
    accepted ? acceptedHint(accepted) : null,
  );
}

/** Replaces a container's content with a loading line, then with what `load` builds (or its error). */
export async function fill(container: HTMLElement, load: () => Promise<Node | Node[]>, onError?: (err: unknown) => Node): Promise<void> {
  container.replaceChildren(h('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading…'));
  container.setAttribute('aria-busy', 'true');
  try {
    const out = await load();
    container.replaceChildren(...(Array.isArray(out) ? out : [out]));
  } catch (err) {
    container.replaceChildren(onError ? onError(err) : errorBox(err));
  } finally {
    container.removeAttribute('aria-busy');
  }
}
