/** The API, as the pages use it: JSON in, a typed error with the server's message out. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly suggestions: string[] = [],
    /** what the server accepts instead (its 4xx bodies say), e.g. "a genre …; GET /suggest/steam/genre?q=… lists them" */
    readonly accepted?: string,
  ) {
    super(message);
  }
}

/** GET a path (segments already encoded with `path`) and parse its JSON. */
export async function get<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, `the server did not answer (${(err as Error).message}); is \`recops serve\` running?`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, `the server answered ${res.status} with something that is not JSON`);
  }
  if (!res.ok) {
    const b = body as { message?: string; suggestions?: string[]; accepted?: string } | null;
    throw new ApiError(res.status, b?.message ?? `HTTP ${res.status}`, b?.suggestions ?? [], typeof b?.accepted === 'string' ? b.accepted : undefined);
  }
  return body as T;
}

/** A URL path from segments, each encoded (titles contain '/', '?' and '#'). */
export const path = (...segments: (string | number)[]) => '/' + segments.map((s) => encodeURIComponent(String(s))).join('/');

export interface Health {
  status: string;
  version: string;
  packs: Record<string, { builtAt: string | null; tables: Record<string, number> }>;
}

let health: Promise<Health> | null = null;
/** /health once per page load: which packs this server serves. */
export const servedPacks = () => (health ??= get<Health>('/health'));

/** Names as typed, from a kind's autocomplete route (`/suggest/{pack}/{kind}` unless the page names another). */
export const suggest = (pack: string, kind: string, q: string, signal?: AbortSignal, route = path('suggest', pack, kind)) =>
  get<{ suggestions: string[] }>(`${route}?q=${encodeURIComponent(q)}&n=8`, signal).then((r) => r.suggestions);

/** `GET /packs`: the packs served and each one's page, as the pack declares it (the server's own types). */
export type { PackPage as PageInfo, PageBlock, PageChart, PageFacts, PageList, PageSearch } from '../../src/core/page';
import type { PackPage } from '../../src/core/page';

export interface PackInfo {
  name: string;
  title: string;
  page: PackPage;
}

let packs: Promise<PackInfo[]> | null = null;
/** /packs once per page load: which packs this server serves, and their pages. */
export const servedPackPages = () => (packs ??= get<{ packs: PackInfo[] }>('/packs').then((b) => b.packs));
