/**
 * What every pack page is: a title, the search box, and below it either the pack's overview
 * (nothing searched yet) or the view of what was searched. `#/{pack}/{kind}/{value}/…` is the
 * address of a view, so every answer can be linked, bookmarked and reached with Back.
 *
 * The page is the pack's description from the server (GET /packs): its words, its search kinds,
 * its overview and views as blocks (blocks.ts). A pack may also have hand-drawn views in
 * web/src/views/{pack}.ts, which take the place of its blocks where they exist.
 */
import type { PackInfo } from './api';
import { renderBlocks } from './blocks';
import { searchBox, type Kind } from './search';
import { fill, h, href, errorBox } from './ui';

/** Hand-drawn parts of a pack's page (web/src/views/{pack}.ts), in place of its described blocks. */
export interface PackViews {
  /** shown when nothing is searched */
  overview?(): Promise<Node[]>;
  /** per kind: the value searched and any further path segments */
  views?: Record<string, (value: string, rest: string[]) => Promise<Node[]>>;
}

export function renderPackPage(info: PackInfo, custom: PackViews, route: string[]): HTMLElement {
  const { name: pack, page } = info;
  const kinds: Kind[] = page.search.map((s) => ({ value: s.kind, label: s.label, placeholder: s.placeholder, autocomplete: s.suggest !== undefined, suggest: s.suggest }));
  const [kind, value, ...rest] = route;
  const known = kinds.some((k) => k.value === kind);
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const root = h(
    'div',
    { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', {}, page.title), h('span', { class: 'button-link' }, h('a', { href: href(pack, 'data') }, 'The data'), ' · ', h('a', { href: href(pack, 'model') }, 'Models and evaluation'))),
    h('p', { class: 'intro' }, page.description),
    kinds.length
      ? searchBox({
          pack,
          kinds,
          kind: known ? kind : kinds[0].value,
          value: known ? value : '',
          onSubmit: (k, v) => (location.hash = href(pack, k, v)),
        })
      : null,
    results,
  );
  const overview = () => (custom.overview ? custom.overview() : renderBlocks(pack, page.overview ?? []));
  const view = (k: string, v: string) => {
    const own = custom.views?.[k];
    if (own) return own(v, rest);
    const blocks = page.views?.[k];
    if (!blocks?.length) throw new Error(`this page has no view of a ${k} yet`);
    return renderBlocks(pack, blocks, v);
  };
  if (kind === undefined) void fill(results, overview);
  else if (!known || value === undefined) results.replaceChildren(errorBox(new Error(`'${kind}' is not something this page shows; ${kinds.length ? `pick one of: ${kinds.map((k) => k.label.toLowerCase()).join(', ')}` : 'it has no search'}`)));
  else void fill(results, () => view(kind, value), (err) => errorBox(err, (s) => href(pack, kind, s)));
  return root;
}
