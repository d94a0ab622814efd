/**
 * Name lists in a real Redis (started here on a free loopback port): published as a version's
 * answers, asked through StoreNames, they give what the in-process suggesters give for the same
 * list, query for query: prefixes past the 2,000 looked at, names containing the input past the
 * 5,000 checked, near misses, empty and over-long inputs, astral characters and characters of
 * U+E000–U+FFFF (which sort differently in UTF-16 and in UTF-8), ids by case, numeric ids. A
 * list absent from the version gives no names; Redis down gives the store's 503.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { publishToRedis } from '../../../src/core/store/redis.js';
import { NameList, StoreNames, listBase, type NamesClient } from '../../../src/core/store/names.js';
import { HttpError } from '../../../src/core/server/errors.js';
import { NameIndex } from '../../../src/core/text/names.js';
import { tempDir } from '../../helpers.js';
import { RedisProcess, freePort, redisMissing } from './redis-server.js';

const missing = redisMissing();
const { dir, cleanup } = tempDir('recops-names-');
let redis: RedisProcess;
let client: Redis;

let seed = 17;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];

// many names share their start ('an…': more than the 2,000 a prefix looks at) and the trigram
// 'ana' (more than the 5,000 a containing search checks); some spell with astral characters or
// with U+E000–U+FFFF, whose UTF-16 order differs from their code point order
const FIRST = ['Ana', 'Anabel', 'Anastasia', 'Andrés', 'Ángel', 'Bo', 'Zoë', 'Søren', 'Łukasz', 'Mañana', 'Banana', 'Jo\u{1F600}', '\u{1D504}lpha', '\uE000Private', '\uFB01ne', 'Ｗide'];
const LAST = ['Smith', 'Nanami', 'Canal', 'Hanaoka', 'García', 'Ó Briain', 'Kierkegaard', '\u{20000}Han', 'D\uE001x', 'Ross'];
const textNames = (() => {
  const index = new NameIndex<number>();
  for (let i = 0; i < 9000; i++) index.add(`${pick(FIRST)} ${pick(LAST)} ${Math.floor(rnd() * 3000)}`, i, (a) => a);
  for (const odd of ['A', 'an', 'x', 'Ana Smith', 'bad \ud800 half', 'nul\0inside', '  spaced   out  ', 'Ω']) index.add(odd, -1, (a) => a);
  // 'pq' starts more names than a prefix looks at: which come first decides which are looked at
  for (let i = 0; i < 2100; i++) index.add(`Pq\uE000 a longer name ${i}`, i, (a) => a);
  for (let i = 0; i < 5; i++) index.add(`Pq\u{1F600}${i}`, i, (a) => a);
  index.addFoldedAliases();
  return index;
})();
const ids = (() => {
  const out = new Set<string>(['İstanbul', 'istanbul', 'ISTANBUL', 'a', 'A', 'ab', '\u{1F600}smile', '\uE000pua', 'Ｗide', 'q\uE000b', 'q\u{1F600}', 'Q\uE001b']);
  for (let i = 0; i < 3000; i++) out.add(Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pick([...'abAB_1x9']) ).join(''));
  return [...out];
})();
const numbers = [0, 1, 5, 9, 10, 12, 19, 100, 120, 121, 129, 1200, 99999, 2147483647, -4, 7, 70, 700, ...Array.from({ length: 2000 }, () => Math.floor(rnd() * 10 ** (1 + Math.floor(rnd() * 9))))];

const lists = {
  'names:text': NameList.text(textNames.names(), textNames.nameKeys()),
  'names:ids': NameList.ids(ids),
  'names:numeric': NameList.numeric(new Set(numbers)),
  'names:empty': NameList.text([]),
};

const storeNames = (list: string, cache = new Map<string, unknown>()) =>
  new StoreNames(client as unknown as NamesClient, listBase('recops:t:v1', 't', 'v1', list), { get: (k) => (cache.has(k) ? { value: cache.get(k) } : undefined), set: (k, v) => void cache.set(k, v) }, () => new HttpError(503, 'the store is unreachable', {}));

before(async () => {
  if (missing) return;
  redis = new RedisProcess(await freePort(), dir);
  await redis.start();
  client = new Redis(redis.url, { enableAutoPipelining: true });
  const r = await publishToRedis(client, 't', new Map<string, unknown>(Object.entries(lists)), { db: 'test', builtAt: null });
  assert.equal(r.version, 'v1');
});

after(async () => {
  client?.disconnect();
  await redis?.kill({ save: false });
  cleanup();
});

/** inputs of every kind: starts, middles, misspellings of names, and odd ones */
function textInputs(): string[] {
  const names = textNames.names();
  const out = ['', ' ', 'a', 'A', 'an', 'ana', 'pq', 'pq\uE000', 'anas', 'ñ', 'nan', 'zzqq', 'qqq', 'x'.repeat(150), `${'ana '.repeat(30)}smith`, '\u{1F600}', 'jo\u{1F600}', '\u{1D504}', '\uE000', '\u{20000}', 'bad \ud800', 'nul\0in', `${'a'.repeat(99)}\u{1F600}`];
  for (let k = 0; k < 400; k++) {
    const n = pick(names);
    const r = rnd();
    const p = Math.floor(rnd() * n.length);
    out.push(r < 0.3 ? n.slice(0, 1 + Math.floor(rnd() * 6)) : r < 0.6 ? n.slice(p, p + 3 + Math.floor(rnd() * 8)) : r < 0.85 ? `${n.slice(0, p)}q${n.slice(p + 1)}` : n.toUpperCase());
  }
  return out;
}

test('a list of names: the store gives the in-process suggester\'s names, in its order, for every input', { skip: missing ?? false }, async () => {
  const local = lists['names:text'].suggester();
  const store = storeNames('names:text');
  let compared = 0;
  let nonEmpty = 0;
  for (const input of textInputs()) {
    for (const n of [1, 5, 8, 20]) {
      const expected = local.suggest(input, n);
      assert.deepEqual(await store.suggest(input, n), expected, `${JSON.stringify(input)} n=${n}`);
      compared++;
      if (expected.length) nonEmpty++;
    }
  }
  assert.ok(nonEmpty > compared * 0.9, `${nonEmpty} of ${compared} inputs had names`);
  // the cases that exercise the limits: over 2,000 names start with 'an', over 5,000 have 'ana'
  const keys = textNames.nameKeys();
  assert.ok(keys.filter((k) => k.startsWith('an')).length > 2000);
  assert.ok(keys.filter((k) => k.includes('ana')).length > 5000);
});

test('ids and numeric ids: the store gives the in-process suggesters\' ids', { skip: missing ?? false }, async () => {
  const inputs = ['', 'a', 'A', 'ab', 'q', 'AB_', 'i', 'İ', 'istan', '\u{1F600}', '\uE000', 'ｗ', 'x9', 'zz', ' a ', ...ids.slice(0, 200).map((id) => id.slice(0, 1 + Math.floor(rnd() * id.length)))];
  const [local, store] = [lists['names:ids'].suggester(), storeNames('names:ids')];
  for (const input of inputs) for (const n of [1, 8, 20]) assert.deepEqual(await store.suggest(input, n), local.suggest(input, n), `${JSON.stringify(input)} n=${n}`);
  const [localN, storeN] = [lists['names:numeric'].suggester(), storeNames('names:numeric')];
  for (const input of ['', '0', '00', '01', '1', '12', '120', '7', '70', '2147', '-4', 'x1', ' 12 ', '99999999999', ...numbers.slice(18, 100).map((x) => String(x).slice(0, 3))]) {
    for (const n of [1, 6, 20]) assert.deepEqual(await storeN.suggest(input, n), localN.suggest(input, n), `${JSON.stringify(input)} n=${n}`);
  }
});

test('an empty list and a list the version does not have give no names; answers are kept in the cache', { skip: missing ?? false }, async () => {
  assert.deepEqual(await storeNames('names:empty').suggest('', 5), []);
  assert.deepEqual(await storeNames('names:empty').suggest('ana', 5), []);
  assert.deepEqual(await storeNames('names:nothing').suggest('ana', 5), []);
  const cache = new Map<string, unknown>();
  const store = storeNames('names:text', cache);
  const first = await store.suggest('anastasia smith', 5);
  assert.equal(cache.size, 1);
  assert.deepEqual(await store.suggest('anastasia smith', 5), first);
  assert.equal(cache.size, 1);
});

test('Redis down: a query rejects with the store\'s 503', { skip: missing ?? false }, async () => {
  const down = new Redis(`redis://127.0.0.1:${await freePort()}`, { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  down.on('error', () => {});
  const store = new StoreNames(down as unknown as NamesClient, listBase('recops:t:v1', 't', 'v1', 'names:text'), { get: () => undefined, set: () => {} }, () => new HttpError(503, 'the store is unreachable', {}));
  await assert.rejects(store.suggest('ana', 5), (err: HttpError) => err.statusCode === 503 && /unreachable/.test(err.message));
  down.disconnect();
});
