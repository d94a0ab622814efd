/**
 * `GET /suggest/{pack}/{kind}?q=&n=`: autocomplete for the web app's search boxes (and any
 * client): up to n known names of a kind that start with what was typed, then names containing
 * it, then the nearest spellings. Each pack registers its kinds with the indexes its routes
 * already hold, so autocomplete costs no second copy of the names; a pack served from a shared
 * store asks the store (see src/core/store/names.ts), and answers 503 when it cannot.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.js';
import { responses } from './openapi.js';

/** Names of a kind by what was typed: from memory, or asked of a shared store (a promise; a 503 HttpError when it cannot answer). */
export interface Suggests {
  suggest(input: string, n: number): string[] | Promise<string[]>;
}

const MAX_N = 20;

export function registerSuggestions(app: FastifyInstance, pack: string, kinds: Record<string, Suggests>): void {
  const accepted = Object.keys(kinds).join(', ');
  app.get<{ Params: { kind: string }; Querystring: { q?: string; n?: string } }>(
    `/suggest/${pack}/:kind`,
    {
      schema: {
        summary: `Autocomplete for ${pack}: names of a kind (${accepted}) that start with, contain or nearly spell q`,
        description: `Answers \`{"kind": "…", "q": "…", "suggestions": ["…", …]}\`; n from 1 to ${MAX_N} (default 8). Case- and accent-insensitive; an empty q gives the first names.`,
        operationId: `${pack}Suggest`,
        tags: [pack],
        params: { type: 'object', properties: { kind: { type: 'string', minLength: 1, maxLength: 50, description: accepted } }, required: ['kind'] },
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200, description: 'what was typed' }, n: { type: 'string', maxLength: 10, description: `how many, 1 to ${MAX_N} (default 8)` } } },
        response: responses(
          {
            description: 'The kind, q, and up to n names, best first',
            schema: { type: 'object', properties: { kind: { type: 'string' }, q: { type: 'string' }, suggestions: { type: 'array', items: { type: 'string' }, maxItems: MAX_N } }, required: ['kind', 'q', 'suggestions'] },
          },
          { 400: `Unknown kind (accepted: ${accepted}), n out of range, or q over 200 characters.`, 503: 'Served from a shared store (`recops serve --store`): the store is unreachable or nothing is published yet; the message says which.' },
        ),
      },
    },
    async (req) => {
      const kind = req.params.kind.trim().toLowerCase();
      const index = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
      if (!index) throw badRequest(`unknown kind '${req.params.kind.slice(0, 50)}' for ${pack}; accepted: ${accepted}`, { accepted });
      const rawN = req.query.n?.trim() ?? '';
      if (rawN !== '' && (!/^\d{1,3}$/.test(rawN) || +rawN < 1 || +rawN > MAX_N)) {
        throw badRequest(`n='${rawN.slice(0, 20)}' is not accepted; n is an integer from 1 to ${MAX_N} (default 8)`, { accepted: `an integer from 1 to ${MAX_N}` });
      }
      const q = req.query.q ?? '';
      return { kind, q, suggestions: await index.suggest(q, rawN === '' ? 8 : +rawN) };
    },
  );
}
