/**
 * What every pack page is: a title, the search box, and below it either the pack's overview
 * (nothing searched yet) or the view of what was searched. `#/{pack}/{kind}/{value}/…` is the
 * address of a view, so every answer can be linked, bookmarked and reached with Back.
 */
import { searchBox, type Kind } from './search';
import { fill, h, href, errorBox } from './ui';

export interface PackPage {
  pack: string;
  title: string;
  intro: string;
  kinds: Kind[];
  /** shown when nothing is searched */
  overview(): Promise<Node[]>;
  /** a view per kind: the value searched and any further path segments */
  view(kind: string, value: string, rest: string[]): Promise<Node[]>;
}

export function renderPackPage(page: PackPage, route: string[]): HTMLElement {
  const [kind, value, ...rest] = route;
  const known = page.kinds.some((k) => k.value === kind);
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const root = h(
    'div',
    { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', {}, page.title), h('span', { class: 'button-link' }, h('a', { href: href(page.pack, 'data') }, 'The data'), ' · ', h('a', { href: href(page.pack, 'model') }, 'Models and evaluation'))),
    h('p', { class: 'intro' }, page.intro),
    searchBox({
      pack: page.pack,
      kinds: page.kinds,
      kind: known ? kind : page.kinds[0].value,
      value: known ? value : '',
      onSubmit: (k, v) => (location.hash = href(page.pack, k, v)),
    }),
    results,
  );
  if (kind === undefined) void fill(results, () => page.overview());
  else if (!known || value === undefined) results.replaceChildren(errorBox(new Error(`'${kind}' is not something this page shows; pick one of: ${page.kinds.map((k) => k.label.toLowerCase()).join(', ')}`)));
  else void fill(results, () => page.view(kind, value, rest), (err) => errorBox(err, (s) => href(page.pack, kind, s)));
  return root;
}
