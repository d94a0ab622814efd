import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { fillAlias } from '../../../src/core/synth/alias.js';
import { ByteBuilder } from '../../../src/core/synth/bytes.js';
import { LineWriter } from '../../../src/core/synth/lines.js';
import { Random, WeightedSampler } from '../../../src/core/synth/random.js';
import { csvCell, MONTHS } from '../../../src/core/synth/text.js';
import { tempDir } from '../../helpers.js';

// The generators' files must stay byte-identical for a seed; these pieces are what all three
// write through, so each is checked against a naive reference built from Node's own encoders.

const TEXTS = ['', 'plain ascii', 'Søren Ødegård', 'über 5€', '彼岸领域', 'emoji 😀👍', "quote ' and \" and \\", 'tab\there'];
const INTS = [0, 1, 9, 10, 99, 100, 12345, 642773, 999999999, 1000000000, 2 ** 31 - 1, 2 ** 31, 1_700_000_000_000, 2 ** 53 - 1];

test('ByteBuilder writes what Buffer.from writes, growing from a tiny buffer, and take() starts afresh', () => {
  const rng = new Random(7);
  const b = new ByteBuilder(4);
  const expected: Buffer[] = [];
  for (let k = 0; k < 2000; k++) {
    const op = rng.int(0, 4);
    if (op === 0) {
      const s = rng.pick(TEXTS);
      b.text(s);
      expected.push(Buffer.from(s, 'utf8'));
    } else if (op === 1) {
      const s = `id${rng.int(0, 1e6)},`;
      b.ascii(s);
      expected.push(Buffer.from(s, 'latin1'));
    } else if (op === 2) {
      const n = rng.chance(0.5) ? rng.pick(INTS) : rng.int(0, 2 ** 31 - 1);
      b.int(n);
      expected.push(Buffer.from(String(n)));
    } else if (op === 3) {
      const src = Buffer.from(rng.pick(TEXTS) + '|' + rng.pick(TEXTS));
      const start = rng.int(0, src.length);
      const end = rng.int(start, src.length);
      b.bytes(src, start, end);
      expected.push(src.subarray(start, end));
    } else {
      const c = rng.int(0, 255);
      b.byte(c);
      expected.push(Buffer.from([c]));
    }
  }
  const all = Buffer.concat(expected);
  assert.equal(b.length, all.length);
  assert.ok(b.view().equals(all));
  const taken = Buffer.from(b.take());
  assert.ok(taken.equals(all));
  assert.equal(b.length, 0);
  b.text('again');
  assert.equal(b.view().toString(), 'again');
  b.reset();
  assert.equal(b.view().length, 0);
});

/** Lines of every kind: short and long (over a batch), strings and bytes, multi-byte text. */
function someLines(seed: number, n: number, batch: number): (string | Uint8Array)[] {
  const rng = new Random(seed);
  const lines: (string | Uint8Array)[] = [];
  for (let i = 0; i < n; i++) {
    const words = rng.chance(0.03) ? rng.int(batch / 4, batch) : rng.int(0, 12);
    let s = '';
    for (let w = 0; w < words; w++) s += rng.pick(TEXTS) + ' ';
    lines.push(rng.chance(0.3) ? Buffer.from(s) : s);
  }
  return lines;
}

async function writeAll(path: string, lines: (string | Uint8Array)[], opts: { gzipLevel?: number; batchBytes: number }): Promise<{ expected: Buffer; lines: number }> {
  const out = new LineWriter(path, opts);
  const expected: Buffer[] = [];
  for (const [i, l] of lines.entries()) {
    if (i % 97 === 50) {
      // a raw chunk (a file copied through) and a record written straight into the batch
      const raw = Buffer.from(`raw ${i}\n`);
      await out.bytes(raw);
      expected.push(raw);
      out.batch.ascii(`${i},`);
      out.batch.int(i * 1000);
      out.batch.byte(10);
      expected.push(Buffer.from(`${i},${i * 1000}\n`));
      await out.maybeFlush(opts.batchBytes / 2);
    }
    await out.line(l);
    expected.push(Buffer.from(typeof l === 'string' ? l + '\n' : Buffer.concat([l, Buffer.from('\n')])));
  }
  await out.close();
  return { expected: Buffer.concat(expected), lines: out.lines };
}

test('LineWriter, plain: the file is the lines joined with newlines, whatever the batch size', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const batchBytes of [64, 1000, 4 << 20]) {
      const lines = someLines(batchBytes, 600, 2000);
      const path = join(dir, `plain-${batchBytes}.txt`);
      const got = await writeAll(path, lines, { batchBytes });
      assert.ok(readFileSync(path).equals(got.expected), `batch ${batchBytes}`);
      assert.equal(got.lines, lines.length, 'lines counts the line() calls');
    }
  } finally {
    cleanup();
  }
});

test('LineWriter, gzip: the same bytes as gzipping the whole text at once, whatever the batch size', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const level of [3, 6]) {
      for (const batchBytes of [256, 5000, 4 << 20]) {
        const lines = someLines(level * batchBytes, 800, 3000);
        const path = join(dir, `gz-${level}-${batchBytes}.gz`);
        const got = await writeAll(path, lines, { gzipLevel: level, batchBytes });
        const file = readFileSync(path);
        assert.ok(gunzipSync(file).equals(got.expected), `level ${level}, batch ${batchBytes}: the text`);
        assert.ok(file.equals(gzipSync(got.expected, { level })), `level ${level}, batch ${batchBytes}: the compressed bytes`);
      }
    }
  } finally {
    cleanup();
  }
});

test('fillAlias: every table gives each position its share of the weights (Float64 and Float32, in a sub-range)', () => {
  const rng = new Random(11);
  for (const n of [1, 2, 3, 17, 500]) {
    const lo = 5;
    const hi = lo + n;
    const weights = new Float64Array(hi + 3).fill(123); // outside [lo, hi): must be ignored
    for (let p = lo; p < hi; p++) weights[p] = rng.chance(0.2) ? 0 : rng.next() * (rng.chance(0.1) ? 1000 : 1);
    if (weights.subarray(lo, hi).every((w) => w === 0)) weights[lo] = 1;
    let total = 0;
    for (let p = lo; p < hi; p++) total += weights[p];
    for (const [prob, tol] of [
      [new Float64Array(hi + 3), 1e-12],
      [new Float32Array(hi + 3), 1e-6],
    ] as const) {
      const alias = new Int32Array(hi + 3).fill(-1);
      fillAlias(weights, lo, hi, prob, alias);
      const mass = new Float64Array(hi + 3);
      for (let p = lo; p < hi; p++) {
        assert.ok(prob[p] >= 0 && prob[p] <= 1 + 1e-9, `prob ${prob[p]} at ${p}`);
        mass[p] += prob[p] / n;
        if (prob[p] < 1) {
          assert.ok(alias[p] >= lo && alias[p] < hi, `alias ${alias[p]} of ${p} in the range`);
          mass[alias[p]] += (1 - prob[p]) / n;
        }
      }
      for (let p = 0; p < hi + 3; p++) {
        const want = p >= lo && p < hi ? weights[p] / total : 0;
        assert.ok(Math.abs(mass[p] - want) <= tol, `n ${n}, position ${p}: ${mass[p]} vs ${want}`);
      }
    }
  }
});

test('WeightedSampler draws in proportion to the weights', () => {
  const weights = [5, 0, 1, 3, 1];
  const s = new WeightedSampler(weights);
  const rng = new Random(3);
  const counts = new Array(weights.length).fill(0);
  const draws = 200_000;
  for (let i = 0; i < draws; i++) counts[s.sample(rng)]++;
  for (const [i, w] of weights.entries()) assert.ok(Math.abs(counts[i] / draws - w / 10) < 0.005, `index ${i}: ${counts[i] / draws}`);
});

test('csvCell: a CSV parser reads every cell back as it was; plain cells stay unquoted', () => {
  const cells = ['plain', '', 'a,b', 'say "hi"', 'two\nlines', 'crlf\r\nend', '"', ',', 'Søren', ' spaced '];
  const row = cells.map(csvCell).join(',');
  assert.deepEqual(parse(row + '\n', { relax_column_count: false }), [cells]);
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell(' spaced '), ' spaced ');
});

test('MONTHS are the English month names in calendar order', () => {
  const names = Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2020, m, 15)));
  assert.deepEqual([...MONTHS], names);
});
