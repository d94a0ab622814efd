import { STATUS_CODES } from 'node:http';

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
