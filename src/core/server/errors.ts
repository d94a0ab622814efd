import { STATUS_CODES } from 'node:http';
import { unknownNameMessage } from '../text/names.js';

/**
 * Client errors with a body that says what was wrong and what is accepted. Route handlers throw
 * them; the app's error handler turns them into JSON. Anything else that is thrown is a bug (500).
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (message: string, details?: Record<string, unknown>) => new HttpError(404, message, details);
export const badRequest = (message: string, details?: Record<string, unknown>) => new HttpError(400, message, details);

/** The status names the server sends; any other status takes Node's own name for it. */
export const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

export function reasonPhrase(statusCode: number): string {
  return REASON[statusCode] ?? STATUS_CODES[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Error');
}

export function errorBody(statusCode: number, message: string, details: Record<string, unknown> = {}) {
  return { statusCode, error: reasonPhrase(statusCode), message, ...details };
}

/** JSON schema of every error body, for the OpenAPI page. */
export const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    suggestions: { type: 'array', items: { type: 'string' } },
    accepted: { type: 'string' },
  },
  required: ['statusCode', 'error', 'message'],
  additionalProperties: true,
} as const;

/** Parses a year path parameter; 400 when it is not an integer, 404 when outside [min, max]. */
export function parseYear(raw: string, range: { min: number; max: number } | null, what: string): number {
  const s = raw.trim();
  const accepted = range ? `an integer year from ${range.min} to ${range.max}` : 'an integer year';
  if (!/^[+]?\d{1,4}$/.test(s)) throw badRequest(`'${raw.slice(0, 50)}' is not a year; ${what} accepts ${accepted}`, { accepted });
  const year = Number(s);
  if (!range) throw notFound(`there is no data for ${what}`);
  if (year < range.min || year > range.max) {
    throw notFound(`no data for ${year}: ${what} has data from ${range.min} to ${range.max}`, { accepted });
  }
  return year;
}

/** Where a name is looked up, for "did you mean" (a NameIndex, a NameSuggester, a suggest route's index). */
export interface NameSuggestions {
  suggest(input: string, n: number): string[] | Promise<string[]>;
}

/**
 * The 404 for a name that is not in the data (every pack's lookups): the nearest known names
 * as `suggestions`, what is accepted, with an example from the data when the names are listed,
 * and where they are listed (see unknownNameMessage for the message).
 */
export function unknownName(names: { suggest(input: string, n: number): string[] }, what: string, input: string, how: UnknownHow): HttpError;
/** the same, asking names that are in a shared store (throw await it) */
export function unknownName(names: NameSuggestions, what: string, input: string, how: UnknownHow): HttpError | Promise<HttpError>;
export function unknownName(names: NameSuggestions, what: string, input: string, how: UnknownHow): HttpError | Promise<HttpError> {
  const suggestions = names.suggest(input, 5);
  const example = how.listedAt ? names.suggest('', 1) : [];
  if (suggestions instanceof Promise || example instanceof Promise) return Promise.all([suggestions, example]).then(([s, e]) => unknownNameError(s, e[0], what, input, how));
  return unknownNameError(suggestions, example[0], what, input, how);
}

type UnknownHow = { accepted: string; listedAt?: string; note?: string };

function unknownNameError(suggestions: string[], example: string | undefined, what: string, input: string, how: UnknownHow): HttpError {
  const accepted = `${how.accepted}${example ? `, e.g. '${example}'` : ''}${how.note ?? ''}`;
  const m = unknownNameMessage({ what, input, suggestions, accepted, listedAt: how.listedAt });
  return notFound(m.message, { suggestions, accepted: m.accepted });
}

/** Said of every name lookup that folds case and accents. */
export const CASE_AND_ACCENTS = ' (case- and accent-insensitive)';

// The routes' parameter schemas and the error causes they share (the OpenAPI page lists them).

/** A name (or id) as a path parameter: 1 to 200 characters; anything else is a 400 before any lookup. */
export const NAME_PARAM = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** The 400 of a NAME_PARAM: `what` is the parameter's kind ('name', 'value', 'id'). */
export const badName = (what: string) => `The ${what} is empty or over ${NAME_PARAM.maxLength} characters.`;

/** A year as a path parameter: a string, so that 'abc' gets parseYear's message rather than a schema error. */
export const yearParam = (description: string) => ({ type: 'string', minLength: 1, maxLength: 50, description }) as const;

/** The 400 of a year parameter. */
export const BAD_YEAR = 'The year is not an integer (the message says the accepted range).';
