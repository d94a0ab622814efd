import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { startProgress } from '../../../src/core/ingest/progress.js';

/** A stream that says it is a terminal, collecting what is written to it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let out = '';
  s.on('data', (c: Buffer) => (out += c.toString('utf8')));
  Object.assign(s, { isTTY: true, columns: 200, cursorTo: (_x: number, cb?: () => void) => (cb?.(), true), clearLine: (_d: number, cb?: () => void) => (cb?.(), true), moveCursor: () => true });
  return { stream: s, text: () => out };
}

test('on a terminal: a bar with the MB done, the rate and the ETA', async () => {
  const term = fakeTerminal();
  const logged: string[] = [];
  const p = startProgress('ratings_1', 50_000_000, (m) => logged.push(m), term.stream);
  await new Promise((r) => setTimeout(r, 250));
  p.update(20_000_000);
  await new Promise((r) => setTimeout(r, 250));
  p.stop();
  await new Promise((r) => setImmediate(r));
  const out = term.text();
  assert.match(out, /ratings_1/);
  assert.match(out, /20\.0\/50\.0 MB/);
  // 20 MB in about half a second: the rate shown is tens of MB/s, not 0
  const rate = Number(/\| ([\d.]+) MB\/s/.exec(out.slice(out.lastIndexOf('20.0/50.0')))?.[1]);
  assert.ok(rate > 5 && rate < 200, `rate ${rate}`);
  assert.match(out, /eta \S+/);
  assert.deepEqual(logged, [], 'a terminal gets the bar, not log lines');
});

test('not a terminal: nothing on the stream, and no log line before 5 s', () => {
  const s = new PassThrough() as unknown as NodeJS.WriteStream;
  let written = '';
  (s as unknown as PassThrough).on('data', (c: Buffer) => (written += c));
  const logged: string[] = [];
  const p = startProgress('games', 1000, (m) => logged.push(m), s);
  p.update(500);
  p.stop();
  assert.equal(written, '');
  assert.deepEqual(logged, []);
});

test('withQueryProgress: hears a long statement between 0 and 100 %, returns its result, and turns tracking off again (also on failure)', async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { withQueryProgress } = await import('../../../src/core/ingest/progress.js');
  const { tempDir } = await import('../../helpers.js');
  const { dir, cleanup } = tempDir();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const csv = `${dir}/n.csv`;
    await conn.run(`COPY (SELECT range AS n FROM range(4000000)) TO '${csv}' (HEADER false)`);
    const heard: number[] = [];
    const sum = await withQueryProgress(conn, (p) => heard.push(p), async () => (await conn.runAndReadAll(`SELECT sum(n)::VARCHAR FROM read_csv('${csv}', columns = {'n': 'BIGINT'})`)).getRows()[0][0]);
    assert.equal(sum, String((4_000_000 * 3_999_999) / 2));
    for (const p of heard) assert.ok(p >= 0 && p <= 100, `heard ${p}`);
    const setting = async () => (await conn.runAndReadAll(`SELECT current_setting('enable_progress_bar')`)).getRows()[0][0];
    assert.equal(await setting(), false);
    await assert.rejects(withQueryProgress(conn, () => {}, () => conn.run('SELECT * FROM no_such_table')), /no_such_table/);
    assert.equal(await setting(), false);
  } finally {
    conn.closeSync();
    instance.closeSync();
    cleanup();
  }
});
