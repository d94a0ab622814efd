/**
 * The recops web app: a home page, one page per pack, a model page and a data page per pack,
 * routed by the URL's hash (`#/steam/game/Portal`), so the server only serves index.html and the API.
 * The packs and their pages come from the server (GET /packs): the app names no pack.
 */
import './style.css';
import { servedPackPages, servedPacks, type PackInfo } from './api';
import { renderPackPage, type PackViews } from './pack-page';
import { h, href, fill, errorBox } from './ui';

/** hand-drawn views of some packs (web/src/views/{pack}.ts), each loaded with its page only */
const VIEWS = import.meta.glob<PackViews>('./views/*.ts', { import: 'views' });
const viewsOf = (pack: string): Promise<PackViews> => VIEWS[`./views/${pack}.ts`]?.() ?? Promise.resolve({});

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;

/** the packs served, or none when /packs fails (the page then says why) */
const packList = (): Promise<PackInfo[]> => servedPackPages().catch(() => []);

async function renderNav(current: string | undefined) {
  // the header keeps its height while /packs is asked (#nav has a min-height)
  const packs = await packList();
  nav.replaceChildren(...packs.map((p) => h('a', { href: href(p.name), 'aria-current': p.name === current ? 'page' : undefined }, p.page.title)));
}

async function home(): Promise<Node[]> {
  const packs = await servedPackPages();
  // row counts and build times: /health gives them (to a request with a key once keys are set)
  const health = await servedPacks().catch(() => null);
  const cards = packs.map((p) => {
    const served = health?.packs?.[p.name];
    return h(
      'a',
      { class: 'card pack-card', href: href(p.name) },
      h('h2', {}, p.page.title),
      served ? h('p', { class: 'muted' }, Object.entries(served.tables).slice(0, 4).map(([t, n]) => `${n.toLocaleString('en-US')} ${t}`).join(' · ')) : h('p', { class: 'muted' }, p.title),
      served ? h('p', { class: 'muted' }, `warehouse built ${served.builtAt?.slice(0, 16).replace('T', ' ') ?? 'at an unknown time'}`) : null,
    );
  });
  return [
    h('h1', {}, 'recops'),
    h('p', { class: 'intro' }, 'Analytics and recommendations over entertainment catalogues, computed on the full data. Pick a catalogue:'),
    cards.length ? h('div', { class: 'grid' }, cards) : h('p', {}, 'This server serves no pack.'),
  ];
}

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  const [pack, ...rest] = parts;
  void renderNav(pack);
  const holder = h('div', {});
  main.replaceChildren(holder);
  if (!pack) {
    document.title = 'recops';
    await fill(holder, home);
  } else {
    let packs: PackInfo[];
    try {
      packs = await servedPackPages();
    } catch (err) {
      holder.replaceChildren(errorBox(err));
      return;
    }
    const info = packs.find((p) => p.name === pack);
    const title = info?.page.title ?? pack;
    if (!info) {
      holder.replaceChildren(errorBox(new Error(`there is no page '${pack}'; the pages are: ${packs.map((p) => p.name).join(', ')}`)));
    } else if (rest[0] === 'data') {
      document.title = `${title} data · recops`;
      const { dataPage } = await import('./pages/data');
      await fill(holder, () => dataPage(pack, title));
    } else if (rest[0] === 'model') {
      document.title = `${title} models · recops`;
      const { modelPage } = await import('./pages/model');
      await fill(holder, () => modelPage(pack, title));
    } else {
      document.title = `${title}${rest[1] ? ` · ${rest[1]}` : ''} · recops`;
      holder.replaceChildren(renderPackPage(info, await viewsOf(pack), rest));
    }
  }
  // a new view: reading and keyboard focus start at its top (not for the first load)
  if (routed) main.focus({ preventScroll: true });
  routed = true;
  window.scrollTo(0, 0);
}

let routed = false;
window.addEventListener('hashchange', () => void route());
void route();
