/**
 * `GET /packs`: the packs this server serves, each with its page as the pack declares it
 * (Pack.page), so the web app lists and renders any pack without knowing it.
 */
import type { FastifyInstance } from 'fastify';
import type { Pack } from '../pack.js';
import type { PackPage } from '../page.js';
import { responses } from './openapi.js';

const TEMPLATE = "a text where {value} is the searched value and {field} a field of the route's answer ({a|b}: a, else b)";
const ROUTE = { type: 'string', description: `an API path of the pack; ${TEMPLATE}` };

const BLOCK = {
  type: 'object',
  description: "one part of a page: a chart ('chart': a point per route of `points`, or the `items` of one `route`), a route's answer as labelled figures ('facts') or a list ('list', each entry a link to the search of kind `link`)",
  properties: {
    type: { type: 'string', enum: ['chart', 'facts', 'list'] },
    chart: { type: 'string', enum: ['bar', 'line'] },
    heading: { type: 'string', description: `a chart's section heading; ${TEMPLATE}` },
    title: { type: 'string', description: TEMPLATE },
    series: { type: 'string' },
    value: { type: 'string', description: 'a dotted field path (`*`: an object’s only value)' },
    points: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, route: ROUTE }, required: ['label', 'route'] } },
    route: ROUTE,
    items: { type: 'string', description: 'the dotted path of the list in the answer' },
    label: { type: 'string' },
    link: { type: 'string', description: 'a search kind of the page' },
    horizontal: { type: 'boolean' },
    facts: {
      type: 'array',
      items: { type: 'object', properties: { label: { type: 'string' }, field: { type: 'string' }, format: { type: 'string', enum: ['number', 'decimal', 'money'] } }, required: ['label', 'field'] },
    },
  },
  required: ['type'],
  additionalProperties: false,
} as const;

const PAGE = {
  type: 'object',
  properties: {
    title: { type: 'string', description: 'short name, in the header and on the home page' },
    description: { type: 'string' },
    search: {
      type: 'array',
      description: 'the kinds of the search box, the first the default (the page address is #/{pack}/{kind}/{value})',
      items: {
        type: 'object',
        properties: { kind: { type: 'string' }, label: { type: 'string' }, placeholder: { type: 'string' }, suggest: { type: 'string', description: 'the autocomplete route (GET ?q=&n= → {suggestions}); absent: none' } },
        required: ['kind', 'label', 'placeholder'],
        additionalProperties: false,
      },
    },
    overview: { type: 'array', items: BLOCK, description: 'drawn when nothing is searched' },
    views: { type: 'object', additionalProperties: { type: 'array', items: BLOCK }, description: 'per search kind, what a searched value shows' },
  },
  required: ['title', 'description', 'search'],
  additionalProperties: false,
} as const;

/** A pack without a page of its own: its name, its title, no search. */
export function pageOf(pack: Pack): PackPage {
  return pack.page ?? { title: pack.name, description: pack.title, search: [] };
}

export function registerPackPages(app: FastifyInstance, packs: Pack[]): void {
  const body = { packs: packs.map((p) => ({ name: p.name, title: p.title, page: pageOf(p) })) };
  app.get(
    '/packs',
    {
      schema: {
        summary: 'The packs this server serves, each with its page in the web app',
        description: "In the order served. `page` is what the pack declares (Pack.page in its folder): the web app renders every pack's page from it alone.",
        operationId: 'packs',
        tags: ['ops'],
        response: responses({
          description: 'Every pack served, with its page',
          schema: {
            type: 'object',
            properties: {
              packs: {
                type: 'array',
                items: { type: 'object', properties: { name: { type: 'string' }, title: { type: 'string', description: "the pack's full title" }, page: PAGE }, required: ['name', 'title', 'page'], additionalProperties: false },
              },
            },
            required: ['packs'],
            additionalProperties: false,
          },
        }),
      },
    },
    async () => body,
  );
}
