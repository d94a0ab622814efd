/**
 * What a socket may cost the server: how long it may take to send its headers and its request,
 * how long it may stay idle, how many may be open at once; and the answer to a request Node's
 * own parser refuses before any app sees it (the same JSON error shape as the app's errors).
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './errors.js';

export interface HttpLimits {
  /** the whole request (headers and body) must arrive within this, ms */
  requestTimeoutMs: number;
  /** the headers must arrive within this, ms (from the connection, or from the end of the previous request) */
  headersTimeoutMs: number;
  /** an idle keep-alive connection is closed after this, ms */
  keepAliveTimeoutMs: number;
  /** a socket with no traffic either way (a client that stops reading an answer, too) is closed after this, ms */
  idleTimeoutMs: number;
  /** connections beyond this are closed as soon as they are accepted */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1_000,
};

/** Node's http.Server options for the limits (createServer reads these). */
export function serverOptions(limits: HttpLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node looks for expired header and request timeouts only this often (30 s by default, which
    // lets a trickling socket live up to 30 s past its deadline)
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4))),
  };
}

/** The limits that are properties of the server rather than options of createServer. */
export function applyServerLimits(server: Server, limits: HttpLimits, log?: (message: string) => void): void {
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  let lastWarned = 0;
  server.on('drop', () => {
    // at most one line every 10 s: under a flood this would otherwise be the flood
    if (Date.now() - lastWarned < 10_000) return;
    lastWarned = Date.now();
    log?.(`connection refused: ${limits.maxConnections} connections are open (--max-connections)`);
  });
}

/** Checks the limits a user gave; the message says which flag is wrong. */
export function checkLimits(limits: HttpLimits): void {
  for (const [name, v] of Object.entries(limits)) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error(`the headers timeout (${limits.headersTimeoutMs / 1000} s) must not exceed the request timeout (${limits.requestTimeoutMs / 1000} s): the headers are part of the request`);
  }
}

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** What each of llhttp's refusals means, in a few words that never repeat the input. */
const PARSER_MESSAGES: Record<string, string> = {
  HPE_INVALID_METHOD: 'the request line has an invalid method',
  HPE_INVALID_URL: 'the request line has an invalid target',
  HPE_INVALID_VERSION: 'the request line has an invalid HTTP version',
  HPE_INVALID_CONSTANT: 'the request is not HTTP/1.x',
  HPE_INVALID_HEADER_TOKEN: 'a header name or value has characters HTTP does not allow',
  HPE_INVALID_CONTENT_LENGTH: 'the content-length header is not a number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'both content-length and transfer-encoding were sent',
  HPE_INVALID_TRANSFER_ENCODING: 'the transfer-encoding header is not valid',
  HPE_INVALID_CHUNK_SIZE: 'a chunk of the body has an invalid size',
  HPE_CR_EXPECTED: 'a line does not end with CRLF',
  HPE_LF_EXPECTED: 'a line does not end with CRLF',
  HPE_STRICT: 'the request is malformed',
};

/**
 * The status and message for a request Node's parser refused. A request line alone over the
 * header size limit (16 KB) is a 414, anything else over it a 431; an expired header or request
 * timeout a 408; every other parse error a 400.
 */
export function clientErrorAnswer(err: ParserError): { status: number; message: string } {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW': {
      const raw = err.rawPacket?.subarray(0, 32 * 1024).toString('latin1') ?? '';
      const lineEnd = raw.indexOf('\r\n');
      // the packet the parser stopped in: a request line still unfinished (or itself over 8 KB) means the URL is the long part
      const requestLine = /^[A-Z]+ \S/.test(raw) && (lineEnd < 0 || lineEnd > 8 * 1024);
      return requestLine
        ? { status: 414, message: 'the request line is longer than the server accepts (16 KB with the headers): shorten the URL or its query' }
        : { status: 431, message: 'the request headers are larger than the server accepts (16 KB in all)' };
    }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'the request did not arrive in time: the server closes connections whose headers or body are not sent within its timeouts' };
    default:
      return { status: 400, message: `malformed HTTP request: ${PARSER_MESSAGES[err.code ?? ''] ?? 'it could not be parsed'}` };
  }
}

/** The `clientError` listener: a JSON answer when the socket can still take one, then the socket closed. */
export function answerClientError(err: ParserError, socket: Duplex): void {
  // the client went away, or an answer is already being written on this socket
  if (err.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, message } = clientErrorAnswer(err);
  const body = JSON.stringify(errorBody(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${errorBody(status, '').error}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'x-content-type-options: nosniff\r\n' +
      'cache-control: no-store\r\n' +
      'connection: close\r\n\r\n' +
      body,
  );
}
