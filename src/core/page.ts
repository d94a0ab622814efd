/**
 * How the web app shows a pack, from its own API: the page's words, its search box, what it draws
 * before anything is searched and what a searched value shows. The web app renders any pack from
 * this alone. In routes, titles and templates, `{value}` is the searched value (URL-encoded in a
 * route) and `{field}` a field of the route's answer (`{a|b}`: a, else b); a field path is dotted
 * (`peliculas.0.titulo`), `*` standing for an object's only value.
 */
export interface PackPage {
  /** short name in the header and on the home page's card, e.g. 'Steam' */
  title: string;
  /** the paragraph under the page's title: what the data is, what to search */
  description: string;
  /** the kinds of the search box, the first selected by default; none: no search box */
  search: PageSearch[];
  /** drawn when nothing is searched */
  overview?: PageBlock[];
  /** per search kind, what a searched value shows (a kind without blocks: the page says it has no view of it) */
  views?: Record<string, PageBlock[]>;
}

export interface PageSearch {
  /** in the page's address: `#/{pack}/{kind}/{value}` */
  kind: string;
  label: string;
  placeholder: string;
  /** the route listing names as typed (`GET {suggest}?q=…&n=…` → `{ suggestions: string[] }`); none: no autocomplete */
  suggest?: string;
}

export type PageBlock = PageChart | PageFacts | PageList;

/** A chart: one point per route (`points`), or the items of one route's list (`route` + `items`). */
export interface PageChart {
  type: 'chart';
  chart: 'bar' | 'line';
  /** the heading of the section it is drawn in (none: the chart alone) */
  heading?: string;
  /** the chart's own title (its accessible name and caption) */
  title: string;
  /** the name of the series (its column in the chart's data table) */
  series: string;
  /** the field of each point's answer (or of each item) that is the value */
  value: string;
  points?: { label: string; route: string }[];
  route?: string;
  /** the list in the route's answer */
  items?: string;
  /** the field of each item that labels its point (default 'label') */
  label?: string;
  horizontal?: boolean;
}

/** A route's answer as a few labelled figures, under a heading (a template over the answer). */
export interface PageFacts {
  type: 'facts';
  route: string;
  title?: string;
  facts: { label: string; field: string; format?: 'number' | 'decimal' | 'money' }[];
}

/** A list from a route's answer; each entry a link to another search of the page when `link` names a kind. */
export interface PageList {
  type: 'list';
  title: string;
  route: string;
  items: string;
  /** the field of each item shown (items that are strings: the item) */
  label?: string;
  link?: string;
}
