/**
 * The OpenAPI document is a contract: Spectral and Redocly find nothing in it, and every
 * operation it lists, sent valid inputs (taken from the data) and hostile ones (empty, 10 KB,
 * unicode, traversal, SQL and HTML fragments, wrong types, bad JSON bodies) over real HTTP,
 * answers only statuses it declares, with bodies that validate (ajv) against the declared
 * schema, and never a 5xx.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request, Agent, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { query, tempDir } from '../helpers.js';
import { MESES, DIAS } from '../../src/packs/movies/routes.js';
import { PLATFORMS } from '../../src/packs/streaming/clean.js';
import { LiveServer } from '../../src/core/server/live.js';
import { contractApp, demoPacks, lintOpenApi, writeDocument, type Served } from './fixture.js';

// ajv-formats is CommonJS: its default export is the plugin itself
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, as the server generates it

interface MediaType {
  schema?: object;
}
interface Response {
  description: string;
  content?: Record<string, MediaType>;
  headers?: Record<string, unknown>;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: { type?: string };
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType>; required?: boolean };
  responses: Record<string, Response>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: object;
}

const { dir, cleanup } = tempDir('recops-contract-');
let served: Served[];
let app: FastifyInstance;
let live: LiveServer;
let doc: Document;
let base: { host: string; port: number };

before(async () => {
  served = await demoPacks(dir, { train: true });
  // served as `recops serve` serves it: the app behind the listening server that answers Node's
  // own parser errors (LiveServer), so the walk sees what a client sees
  live = await LiveServer.start({ build: () => contractApp(served), dbs: [], pollMs: 0 });
  app = live.app;
  await new Promise<void>((resolve) => live.server.listen(0, '127.0.0.1', resolve));
  base = { host: '127.0.0.1', port: (live.server.address() as AddressInfo).port };
  doc = app.swagger() as unknown as Document;
});
after(async () => {
  await live?.close();
  agent.destroy();
  cleanup();
});

// ---------------------------------------------------------------------------------------------
// Lint

test('Spectral (spectral:oas, all rules) and Redocly (recommended) find no error and no warning in the document', async (t) => {
  const file = join(dir, 'openapi.json');
  writeDocument(app, file);
  const problems = await lintOpenApi(file);
  for (const tool of ['spectral', 'redocly'] as const) {
    const mine = problems.filter((p) => p.tool === tool);
    t.diagnostic(`${tool}: ${mine.filter((p) => p.severity === 'error').length} errors, ${mine.filter((p) => p.severity === 'warning').length} warnings, ${mine.length} problems in all`);
  }
  assert.deepEqual(problems.map((p) => `${p.tool} ${p.severity} ${p.rule} at ${p.path}: ${p.message}`), []);

  // the linters really read the document: a copy without an operationId, a response description
  // and the license is reported by both
  const damaged = structuredClone(doc) as Document & { info: Record<string, unknown> };
  delete (damaged.paths['/health'].get as Partial<Operation>).operationId;
  delete (damaged.paths['/health'].get.responses['200'] as Partial<Response>).description;
  delete damaged.info.license;
  const damagedFile = join(dir, 'damaged.json');
  writeFileSync(damagedFile, JSON.stringify(damaged));
  const found = await lintOpenApi(damagedFile);
  for (const tool of ['spectral', 'redocly']) assert.ok(found.some((p) => p.tool === tool && /operationId/i.test(p.rule)), `${tool} did not report the missing operationId: ${JSON.stringify(found)}`);
  assert.ok(found.some((p) => p.tool === 'redocly' && /license/.test(p.rule)), 'redocly did not report the missing license');
});

// ---------------------------------------------------------------------------------------------
// Valid inputs, from the data

/** First `n` values of one column of a served warehouse. */
async function column(pack: string, sql: string): Promise<string[]> {
  const db = served.find((s) => s.pack.name === pack)!.db;
  return (await query(db, sql)).map((r) => String(Object.values(r)[0]));
}

/** What the suggest routes offer for a kind (the names a user would pick from). */
async function suggested(pack: string, kind: string, n = 3): Promise<string[]> {
  const res = await send('GET', `/suggest/${pack}/${kind}?n=${n}`);
  assert.equal(res.status, 200, `/suggest/${pack}/${kind}: ${res.body}`);
  const names = (JSON.parse(res.body) as { suggestions: string[] }).suggestions;
  assert.ok(names.length > 0, `no ${pack} ${kind} to try`);
  return names;
}

/**
 * Valid values of every parameter of every operation (the first of each list is the one used
 * while another parameter varies). An operation or parameter missing here fails the test: a new
 * route says what a valid request to it is.
 */
async function validInputs(): Promise<Record<string, Record<string, string[]>>> {
  const genres = await suggested('steam', 'genre');
  const steamYears = (kind: string) => column('steam', `SELECT DISTINCT posted_year FROM api_year_top3 WHERE kind = '${kind}' ORDER BY 1 LIMIT 2`);
  const platformYear = await query(served.find((s) => s.pack.name === 'streaming')!.db, 'SELECT platform, release_year FROM api_actor_year ORDER BY release_year DESC, platform LIMIT 1');
  const countryYear = await query(served.find((s) => s.pack.name === 'streaming')!.db, "SELECT country, type, release_year FROM api_country_type_year WHERE type = 'movie' ORDER BY titles DESC, country LIMIT 1");
  const movieTitles = await suggested('movies', 'title');
  // a user and a title they rated: the prediction then carries their own rating too
  const [rated] = await query(served.find((s) => s.pack.name === 'streaming')!.db, 'SELECT user_id, movie_id FROM ratings ORDER BY user_id, movie_id LIMIT 1');
  return {
    health: {},
    packs: {},
    metrics: {},
    packModels: { pack: ['steam', 'streaming', 'movies', 'STEAM'] },
    packProfile: { pack: ['steam', 'streaming', 'movies', 'STEAM'], part: ['all', 'summary', 'overview', 'alerts', 'tables', 'views'], table: ['games', 'reviews', 'user_items'] },
    packProfileReport: { pack: ['steam', 'streaming', 'movies', 'STEAM'] },
    steamSuggest: { kind: ['game', 'developer', 'genre', 'user'], q: ['', 'a', 'Ac'], n: ['5', '1', '20'] },
    streamingSuggest: { kind: ['user'], q: ['', '1'], n: ['5'] },
    moviesSuggest: { kind: ['title', 'actor', 'director', 'collection', 'company', 'country', 'language'], q: ['', 'the'], n: ['3'] },
    steamPlaytimeByYear: { genero: [...genres, genres[0].toUpperCase()] },
    steamPlayTimeGenre: { genero: genres },
    steamUserForGenre: { genero: genres },
    steamUsersRecommend: { anio: await steamYears('recommend') },
    steamUsersNotRecommend: { anio: await steamYears('not_recommend') },
    steamUsersWorstDeveloper: { anio: await steamYears('worst_developer') },
    steamSentimentByReleaseYear: { anio: await column('steam', 'SELECT release_year FROM api_release_year_sentiment ORDER BY 1 DESC LIMIT 2') },
    steamSentimentByDeveloper: { desarrolladora: await suggested('steam', 'developer') },
    steamRecomendacionJuego: { item_id: [...(await suggested('steam', 'game')), ...(await column('steam', 'SELECT item_id FROM games ORDER BY item_id LIMIT 2'))] },
    steamRecomendacionUsuario: { user_id: [...(await suggested('steam', 'user')), ...(await column('steam', 'SELECT user_id FROM reviews WHERE user_id NOT IN (SELECT user_id FROM user_items) LIMIT 1'))] },
    steamPrediccionPrecio: { item_id: await column('steam', 'SELECT item_id FROM games ORDER BY item_id LIMIT 3') },
    steamPrediccionPrecioNuevo: {},
    streamingGetMaxDuration: { year: ['', await column('streaming', 'SELECT max(release_year) FROM titles').then((y) => y[0])], platform: ['', ...PLATFORMS], duration_type: ['', 'min', 'season'] },
    streamingGetScoreCount: { platform: [String(platformYear[0].platform), ...PLATFORMS], scored: ['3', '0', '4.5', '5'], year: [String(platformYear[0].release_year)] },
    streamingGetCountPlatform: { platform: [...PLATFORMS, 'NETFLIX'] },
    streamingGetActor: { platform: [String(platformYear[0].platform)], year: [String(platformYear[0].release_year)] },
    streamingProdPerCountry: { tipo: ['movie', 'tv show'], pais: [String(countryYear[0].country)], anio: [String(countryYear[0].release_year)] },
    streamingGetContents: { rating: await column('streaming', 'SELECT rating FROM api_rating_titles ORDER BY titles DESC LIMIT 3') },
    streamingRecomendacion: { userId: [...(await suggested('streaming', 'user')), '999999999'], n: ['', '5', '100'] },
    streamingPrediccion: { userId: [String(rated.user_id), ...(await suggested('streaming', 'user')), '999999999'], id: [String(rated.movie_id), ...(await column('streaming', 'SELECT DISTINCT movie_id FROM ratings ORDER BY 1 LIMIT 2'))] },
    moviesPeliculasIdioma: { idioma: [...(await suggested('movies', 'language')), 'en', 'inglés'] },
    moviesPeliculasDuracion: { pelicula: movieTitles },
    moviesFranquicia: { franquicia: await suggested('movies', 'collection') },
    moviesPeliculasPais: { pais: [...(await suggested('movies', 'country')), 'US'] },
    moviesProductorasExitosas: { productora: await suggested('movies', 'company') },
    moviesGetDirector: { nombre: await suggested('movies', 'director') },
    moviesCantidadFilmacionesMes: { mes: MESES },
    moviesCantidadFilmacionesDia: { dia: DIAS },
    moviesScoreTitulo: { titulo: movieTitles },
    moviesVotosTitulo: { titulo: movieTitles },
    moviesGetActor: { nombre: await suggested('movies', 'actor') },
    moviesRecomendacion: { titulo: movieTitles },
  };
}

const VALID_BODIES: Record<string, unknown[]> = {
  steamPrediccionPrecioNuevo: [
    { title: 'Space Blaster', genres: ['Action'] },
    { title: 'Space Blaster - Soundtrack', genres: ['Action', 'Indie', 'Not A Genre'], tags: ['Zorgblat'], specs: ['Single-player'], early_access: false, release_year: 2016, developer: 'Valve', publisher: null },
  ],
};

// ---------------------------------------------------------------------------------------------
// Hostile inputs

/** `raw`: sent as is in the URL (percent sequences, dot segments), else percent-encoded. */
interface Hostile {
  value: string;
  raw?: boolean;
}

const HOSTILE: Hostile[] = [
  { value: '' },
  { value: ' ' },
  { value: 'x'.repeat(10_000) },
  // 9 KB once percent-encoded: under Node's 16 KB header limit (above it Node answers for itself, before the app)
  { value: 'é'.repeat(1_500) },
  { value: 'Pokémon 🎮 日本語 Ελληνικά \u202e\u200b' },
  { value: 'a\u0000b' },
  { value: '../../../../etc/passwd' },
  { value: '../../../../etc/passwd', raw: true },
  { value: '..', raw: true },
  { value: '%', raw: true },
  { value: '%zz', raw: true },
  { value: '%C0%AF', raw: true },
  { value: "' OR 1=1; DROP TABLE games; --" },
  { value: '"; SELECT * FROM users; --' },
  { value: '<script>alert(1)</script>' },
  { value: '{"$ne": null}' },
  { value: '${7*7}{{7*7}}' },
  { value: '-1' },
  { value: '0' },
  { value: '2.5' },
  { value: '-99999999999999999999' },
  { value: '99999999999999999999' },
  { value: '1e308' },
  { value: 'NaN' },
  { value: 'Infinity' },
  { value: 'null' },
  { value: 'true' },
  { value: '[]' },
  { value: '0x10' },
];

/** Bodies for a JSON route: [content-type, raw body]. */
function hostileBodies(valid: Record<string, unknown>): [string | null, string][] {
  const json = (v: unknown): [string, string] => ['application/json', JSON.stringify(v)];
  const bodies: [string | null, string][] = [
    ['application/json', '{bad json'],
    ['application/json', ''],
    ['application/json', 'null'],
    ['application/json', '[]'],
    ['application/json', '"a string"'],
    ['application/json', '42'],
    ['application/json', '{"title": "a", "genres": ["x"], "__proto__": {"polluted": true}}'],
    ['application/json', '{"title": "a", "genres": ["x"], "constructor": {"prototype": {"polluted": true}}}'],
    ['application/json', `{"title": "${'x'.repeat(10_000)}", "genres": []}`],
    // over the server's 1 MiB body limit
    ['application/json', JSON.stringify({ ...valid, title: 'x'.repeat(1_100_000) })],
    ['application/json; charset=utf-16', JSON.stringify(valid)],
    ['application/json', `\ufeff${JSON.stringify(valid)}`],
    ['text/plain', JSON.stringify(valid)],
    ['application/x-www-form-urlencoded', 'title=a&genres=Action'],
    ['application/xml', '<game><title>a</title></game>'],
    [null, JSON.stringify(valid)],
    json({}),
    json({ ...valid, unknown_field: 1 }),
    json({ ...valid, genres: Array.from({ length: 1000 }, (_, i) => `g${i}`) }),
    json({ ...valid, genres: [{ nested: 'object' }] }),
  ];
  // every field with each wrong type
  for (const field of Object.keys({ ...valid, early_access: false, release_year: 2000, tags: [], specs: [], developer: 'x', publisher: 'x' })) {
    for (const wrong of [5, -1, 1e12, 'false', '', 'x'.repeat(10_000), true, null, [], {}, ['<script>']]) bodies.push(json({ ...valid, [field]: wrong }));
  }
  return bodies;
}

// ---------------------------------------------------------------------------------------------
// HTTP, raw: no client-side normalisation of the path

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

interface Answer {
  status: number;
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(method: string, path: string, body?: { type: string | null; data: string }, extra: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...extra };
    if (body?.type) headers['content-type'] = body.type;
    if (body) headers['content-length'] = String(Buffer.byteLength(body.data));
    const req = request({ ...base, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body?.data);
  });
}

// ---------------------------------------------------------------------------------------------
// Checking an answer against the document

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<object, ValidateFunction>();
function validatorFor(schema: object): ValidateFunction {
  let v = validators.get(schema);
  // the schema's `#/components/…` references resolve against the document's components
  if (!v) validators.set(schema, (v = ajv.compile({ ...schema, components: doc.components })));
  return v;
}

const mediaType = (t: string | undefined) => (t ?? '').split(';')[0].trim().toLowerCase();

/** What is wrong with an answer for an operation (null: nothing). */
function check(op: Operation | null, answer: Answer): string | null {
  const errorSchema = { $ref: '#/components/schemas/Error' };
  if (!op) {
    // a request no operation matches (an empty or dot segment): a 4xx in the error shape
    if (answer.status < 400 || answer.status >= 500) return `unrouted request answered ${answer.status}`;
    return validateJson(errorSchema, answer);
  }
  const declared = op.responses[String(answer.status)] ?? op.responses[`${String(answer.status)[0]}XX`] ?? op.responses.default;
  if (!declared) return `status ${answer.status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`;
  for (const name of Object.keys(declared.headers ?? {})) if (answer.headers[name.toLowerCase()] === undefined) return `status ${answer.status} without its declared header ${name}`;
  if (!declared.content) return answer.body === '' ? null : `status ${answer.status} declares no body, got ${answer.body.slice(0, 100)}`;
  const entry = Object.entries(declared.content).find(([type]) => mediaType(type) === mediaType(answer.contentType));
  if (!entry) return `content-type ${answer.contentType} is not declared for ${answer.status} (declared: ${Object.keys(declared.content).join(', ')})`;
  if (!entry[1].schema) return null;
  if (mediaType(entry[0]) === 'application/json') return validateJson(entry[1].schema, answer);
  return validatorFor(entry[1].schema)(answer.body) ? null : `body off its ${entry[0]} schema`;
}

function validateJson(schema: object, answer: Answer): string | null {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `status ${answer.status}: body is not JSON: ${answer.body.slice(0, 100)}`;
  }
  const v = validatorFor(schema);
  return v(body) ? null : `status ${answer.status}: body off its schema: ${ajv.errorsText(v.errors)}; body ${answer.body.slice(0, 200)}`;
}

// ---------------------------------------------------------------------------------------------
// The walk

interface Sent {
  op: Operation | null;
  opId: string;
  method: string;
  path: string;
  body?: { type: string | null; data: string };
  valid: boolean;
}

/** `/a/{x}/{y}` with values; null when a value would leave the operation's path (empty, '/', a dot segment). */
function pathFor(template: string, values: Record<string, Hostile>): { path: string; routed: boolean } {
  let routed = true;
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v.value === '' || (v.raw && (v.value.includes('/') || v.value === '..' || v.value === '.'))) routed = false;
    return v.raw ? v.value : encodeURIComponent(v.value);
  });
  return { path, routed };
}

function queryFor(params: Parameter[], values: Record<string, Hostile | Hostile[] | undefined>): string {
  const parts: string[] = [];
  for (const p of params.filter((x) => x.in === 'query')) {
    const v = values[p.name];
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(p.name)}=${one.raw ? one.value : encodeURIComponent(one.value)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function requestsFor(template: string, method: string, op: Operation, valid: Record<string, string[]>): Sent[] {
  const params = op.parameters ?? [];
  for (const p of params) assert.ok(valid[p.name]?.length, `no valid value for ${op.operationId} ${p.in} parameter '${p.name}': add some to validInputs()`);
  const base: Record<string, Hostile | undefined> = Object.fromEntries(params.map((p) => [p.name, p.in === 'path' || p.required ? { value: valid[p.name][0] } : undefined]));
  const out: Sent[] = [];
  const add = (values: Record<string, Hostile | Hostile[] | undefined>, isValid: boolean, body?: Sent['body']) => {
    const pathValues = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, values[p.name] as Hostile]));
    const { path, routed } = pathFor(template, pathValues);
    out.push({ op: routed ? op : null, opId: op.operationId, method, path: path + queryFor(params, values), body, valid: isValid });
  };
  const bodies = op.requestBody ? VALID_BODIES[op.operationId] : [undefined];
  assert.ok(bodies?.length, `no valid body for ${op.operationId}: add one to VALID_BODIES`);
  const firstBody = bodies[0] === undefined ? undefined : { type: 'application/json', data: JSON.stringify(bodies[0]) };
  add(base, true, firstBody);
  for (const b of bodies.slice(1)) add(base, true, { type: 'application/json', data: JSON.stringify(b) });
  for (const p of params) {
    for (const v of valid[p.name].slice(1)) add({ ...base, [p.name]: { value: v } }, true, firstBody);
    for (const h of HOSTILE) add({ ...base, [p.name]: h }, false, firstBody);
    // a query parameter given twice arrives as an array
    if (p.in === 'query') add({ ...base, [p.name]: [{ value: valid[p.name][0] || '1' }, { value: 'x' }] }, false, firstBody);
  }
  if (op.requestBody) for (const [type, data] of hostileBodies(bodies[0] as Record<string, unknown>)) add(base, false, { type, data });
  return out;
}

test('every operation, sent valid and hostile inputs, answers only declared statuses with bodies on their schemas, and no 5xx', async (t) => {
  const valid = await validInputs();
  const sent: Sent[] = [];
  const operations = Object.entries(doc.paths).flatMap(([template, methods]) => Object.entries(methods).map(([method, op]) => ({ template, method: method.toUpperCase(), op })));
  assert.ok(operations.length >= 38, `only ${operations.length} operations in the document`);
  for (const { template, method, op } of operations) {
    assert.ok(valid[op.operationId], `no valid inputs for operation ${op.operationId} (${method} ${template}): add it to validInputs()`);
    sent.push(...requestsFor(template, method, op, valid[op.operationId]));
    // a method the path does not have
    sent.push({ op: null, opId: op.operationId, method: method === 'GET' ? 'DELETE' : 'GET', path: pathFor(template, Object.fromEntries((op.parameters ?? []).map((p) => [p.name, { value: valid[op.operationId][p.name][0] }]))).path, valid: false });
  }

  const problems: string[] = [];
  let fiveXx = 0;
  let undeclared = 0;
  let offSchema = 0;
  let noAnswer = 0;
  const okPerOperation = new Map<string, number>();
  const statuses = new Map<number, number>();
  let revalidated = 0;
  for (const s of sent) {
    const answer = await send(s.method, s.path, s.body).catch((e: Error) => e);
    if (answer instanceof Error) {
      // a connection closed without an answer breaks the contract as surely as a 5xx
      problems.push(`${s.method} ${s.path.slice(0, 120)}${s.body ? ` body ${s.body.type} ${s.body.data.slice(0, 60)}` : ''}: no answer (${answer.message})`);
      noAnswer++;
      continue;
    }
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    if (answer.status >= 500) fiveXx++;
    if (s.valid && answer.status >= 200 && answer.status < 300) okPerOperation.set(s.opId, (okPerOperation.get(s.opId) ?? 0) + 1);
    // an answer with an ETag, asked again with it: a 304 without a body, declared by the operation
    const etag = answer.headers.etag;
    if (s.valid && answer.status === 200 && typeof etag === 'string') {
      const again = await send(s.method, s.path, s.body, { 'if-none-match': etag });
      revalidated++;
      if (again.status !== 304 || again.body !== '') problems.push(`${s.method} ${s.path.slice(0, 120)} with If-None-Match ${etag}: ${again.status}, ${again.body.length} bytes (expected 304, no body)`);
      else {
        const problem = check(s.op, again);
        if (problem) problems.push(`${s.method} ${s.path.slice(0, 120)} 304: ${problem}`);
      }
    }
    if (answer.status >= 400) errorAnswers.push({ status: answer.status, body: answer.body });
    const problem = check(s.op, answer);
    if (problem) {
      if (/not declared/.test(problem)) undeclared++;
      else offSchema++;
      problems.push(`${s.method} ${s.path.slice(0, 120)}${s.body ? ` body ${s.body.type} ${s.body.data.slice(0, 60)}` : ''}: ${problem}`);
    }
  }
  const routed = sent.filter((s) => s.op).length;
  t.diagnostic(`${operations.length} operations, ${sent.length} requests (${routed} to an operation, ${sent.length - routed} unrouted), ${sent.filter((s) => s.valid).length} valid; 5xx: ${fiveXx}, undeclared statuses: ${undeclared}, bodies off their schema: ${offSchema}, no answer: ${noAnswer}`);
  t.diagnostic(`statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')}`);
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} answers break the contract`);
  assert.equal(fiveXx, 0);
  t.diagnostic(`revalidated with If-None-Match: ${revalidated}`);
  assert.ok(revalidated > 100, `only ${revalidated} answers carried an ETag`);
  // the checker itself catches what it is there for
  const health = doc.paths['/health'].get;
  const json = (status: number, body: unknown): Answer => ({ status, contentType: 'application/json; charset=utf-8', headers: {}, body: JSON.stringify(body) });
  assert.match(check(health, json(418, { statusCode: 418, error: 'x', message: 'x' })) ?? '', /not declared/);
  assert.match(check(health, json(200, { status: 'ok' })) ?? '', /version/);
  assert.match(check(health, json(401, { statusCode: 401, message: 'no error name' })) ?? '', /error/);
  assert.match(check(health, { ...json(429, { statusCode: 429, error: 'Too Many Requests', message: 'slow down' }) }) ?? '', /retry-after/);
  assert.match(check(health, { ...json(200, {}), contentType: 'text/html' }) ?? '', /content-type/);
  assert.match(check(null, json(200, {})) ?? '', /unrouted/);
  // the valid inputs really are valid: every operation answered 2xx to some of them
  assert.deepEqual(operations.map(({ op }) => op.operationId).filter((id) => !okPerOperation.get(id)), [], 'operations that never answered 2xx to a valid input');
});

/** Every error answer of the walk, for the checks below. */
const errorAnswers: { status: number; body: string }[] = [];

test(
  "every error answer of the walk is short (never echoes a 10 KB input) and names its own status ('URI Too Long' for a 414); a 20 KB URL gets a 414 of that shape",
  // Fastify's own refusals (an over-long parameter, a bad percent-escape) and Node's parser's (a
  // request line over 16 KB) go through the app's error shape too (app.ts frameworkErrors, live.ts)
  async (t) => {
    const misnamedByStatus = new Map<number, number>();
    for (const a of errorAnswers) if ((JSON.parse(a.body) as { error?: string }).error !== STATUS_CODES[a.status]) misnamedByStatus.set(a.status, (misnamedByStatus.get(a.status) ?? 0) + 1);
    t.diagnostic(`error answers: ${errorAnswers.length}; over 1000 bytes: ${errorAnswers.filter((a) => a.body.length > 1000).length}; misnamed: ${[...misnamedByStatus].map(([s, n]) => `${s}×${n}`).join(', ') || 'none'}`);
    // and a URL over Node's 16 KB header limit, which Node answers before the app (431, no body)
    const huge = await send('GET', `/PlayTimeGenre/${'x'.repeat(20_000)}`).catch((e: Error) => e);
    assert.ok(!(huge instanceof Error), `no answer to a 20 KB URL: ${huge}`);
    assert.equal(huge.status, 414, `a 20 KB URL: ${huge.status} ${huge.body.slice(0, 100)}`);
    assert.equal(check(doc.paths['/PlayTimeGenre/{genero}'].get, huge), null);
    assert.ok(huge.body.length < 1000);
    assert.ok(errorAnswers.length > 1000, `only ${errorAnswers.length} error answers: did the walk run?`);
    const tooLong = errorAnswers.filter((a) => a.body.length > 1000);
    assert.deepEqual(tooLong.map((a) => `${a.status}: ${a.body.length} bytes: ${a.body.slice(0, 120)}`).slice(0, 5), [], `${tooLong.length} error answers over 1000 bytes`);
    const misnamed = errorAnswers.filter((a) => (JSON.parse(a.body) as { error?: string }).error !== STATUS_CODES[a.status]);
    assert.deepEqual(misnamed.map((a) => `${a.status}: ${a.body.slice(0, 120)}`).slice(0, 5), [], `${misnamed.length} error answers whose \`error\` is not their status's name`);
  },
);
