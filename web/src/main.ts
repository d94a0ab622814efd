/**
 * The recops web app: a home page, one page per pack, a model page and a data page per pack,
 * routed by the URL's hash (`#/steam/game/Portal`), so the server only serves index.html and the API.
 */
import './style.css';
import { servedPacks } from './api';
import { renderPackPage, type PackPage } from './pack-page';
import { h, href, fill, errorBox } from './ui';

const PACKS: Record<string, { title: string; load: () => Promise<PackPage> }> = {
  steam: { title: 'Steam', load: () => import('./pages/steam').then((m) => m.steamPage) },
  streaming: { title: 'Streaming', load: () => import('./pages/streaming').then((m) => m.streamingPage) },
  movies: { title: 'Movies', load: () => import('./pages/movies').then((m) => m.moviesPage) },
};

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;

let served: string[] | null = null;

async function renderNav(current: string | undefined) {
  const draw = (names: string[]) =>
    nav.replaceChildren(
      ...Object.entries(PACKS)
        .filter(([name]) => names.includes(name))
        .map(([name, p]) => h('a', { href: href(name), 'aria-current': name === current ? 'page' : undefined }, p.title)),
    );
  // every pack at once (the header has its height before any request), then the ones served
  draw(served ?? Object.keys(PACKS));
  served ??= await servedPacks().then((hl) => Object.keys(hl.packs), () => Object.keys(PACKS));
  draw(served);
}

async function home(): Promise<Node[]> {
  const health = await servedPacks();
  const cards = Object.entries(PACKS)
    .filter(([name]) => health.packs[name])
    .map(([name, p]) => {
      const tables = health.packs[name].tables;
      return h(
        'a',
        { class: 'card pack-card', href: href(name) },
        h('h2', {}, p.title),
        h('p', { class: 'muted' }, Object.entries(tables).slice(0, 4).map(([t, n]) => `${n.toLocaleString('en-US')} ${t}`).join(' · ')),
        h('p', { class: 'muted' }, `warehouse built ${health.packs[name].builtAt?.slice(0, 16).replace('T', ' ') ?? 'at an unknown time'}`),
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
  } else if (!PACKS[pack]) {
    holder.replaceChildren(errorBox(new Error(`there is no page '${pack}'; the pages are: ${Object.keys(PACKS).join(', ')}`)));
  } else if (rest[0] === 'data') {
    document.title = `${PACKS[pack].title} data · recops`;
    const { dataPage } = await import('./pages/data');
    await fill(holder, () => dataPage(pack, PACKS[pack].title));
  } else if (rest[0] === 'model') {
    document.title = `${PACKS[pack].title} models · recops`;
    const { modelPage } = await import('./pages/model');
    await fill(holder, () => modelPage(pack, PACKS[pack].title));
  } else {
    document.title = `${PACKS[pack].title}${rest[1] ? ` · ${rest[1]}` : ''} · recops`;
    const page = await PACKS[pack].load();
    holder.replaceChildren(renderPackPage(page, rest));
  }
  // a new view: reading and keyboard focus start at its top (not for the first load)
  if (routed) main.focus({ preventScroll: true });
  routed = true;
  window.scrollTo(0, 0);
}

let routed = false;
window.addEventListener('hashchange', () => void route());
void route();
