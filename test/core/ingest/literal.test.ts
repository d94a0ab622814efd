import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseLiteral, pyRepr, pyReprString, pyJsonDumps, LiteralSyntaxError } from '../../../src/core/ingest/literal.js';

test('Python dict with True/False/None, nested lists and dicts', () => {
  const line = "{'user_id': 'js41637', 'items_count': 3, 'ok': True, 'no': False, 'x': None, 'items': [{'item_id': '10', 'playtime_forever': 6}, ], 't': (1, 2.5, -3)}";
  assert.deepEqual(parseLiteral(line), {
    user_id: 'js41637',
    items_count: 3,
    ok: true,
    no: false,
    x: null,
    items: [{ item_id: '10', playtime_forever: 6 }],
    t: [1, 2.5, -3],
  });
});

test('escapes: quotes, backslashes, \\x, \\u, \\U, octal, newlines', () => {
  // each case: raw literal text → the string it stands for (checked by hand against Python 3)
  const cases: [string, string][] = [
    [String.raw`'It\'s'`, "It's"],
    [String.raw`"It's \"quoted\""`, `It's "quoted"`],
    [String.raw`'back\\slash'`, 'back\\slash'],
    [String.raw`'a\nb\tc\rd'`, 'a\nb\tc\rd'],
    [String.raw`'\xe9t\xe9'`, 'été'],
    [String.raw`'\x00\x7f'`, '\u0000\u007f'],
    [String.raw`'\u2665 \u4e2d'`, '♥ 中'],
    [String.raw`'\U0001f600'`, '😀'],
    [String.raw`'\ud83d'`, '\ud83d'],
    [String.raw`'\101\0'`, 'A\u0000'],
    [String.raw`'keep \d unknown'`, 'keep \\d unknown'],
    ["'raw unicode: Ünïcødé 😀 中文'", 'raw unicode: Ünïcødé 😀 中文'],
    [String.raw`u'py2 prefix'`, 'py2 prefix'],
  ];
  for (const [raw, expected] of cases) assert.equal(parseLiteral(raw), expected, raw);
});

test('JSON dialect with bare NaN, as in steam_games.json', () => {
  const line = '{"publisher": NaN, "genres": ["Action", "Indie"], "price": 4.99, "early_access": false, "id": "761140", "name": "\\u5f7c\\u5cb8", "url": "http:\\/\\/x"}';
  const v = parseLiteral(line) as Record<string, unknown>;
  assert.ok(Number.isNaN(v.publisher));
  assert.deepEqual(v.genres, ['Action', 'Indie']);
  assert.equal(v.price, 4.99);
  assert.equal(v.early_access, false);
  assert.equal(v.id, '761140');
  assert.equal(v.name, '彼岸');
  assert.equal(v.url, 'http://x');
  assert.equal(parseLiteral('-Infinity'), -Infinity);
  assert.equal(parseLiteral('1e-05'), 1e-5);
  assert.equal(parseLiteral('null'), null);
});

test('broken input throws LiteralSyntaxError with a position', () => {
  const broken = [
    "{'user_id': 'abc', 'items': [{'item_id': '10', 'item_na",
    "{'a': 1",
    "{'a' 1}",
    "{'a': 1} trailing",
    "'unterminated",
    "{'a': [1, 2}",
    "{'a': nope}",
    '',
    "{'a': '\\x4'}",
    "{'a': 'line\nbreak'}",
  ];
  for (const b of broken) assert.throws(() => parseLiteral(b), LiteralSyntaxError, JSON.stringify(b));
});

test("pyReprString follows Python's quote choice and escapes", () => {
  assert.equal(pyReprString('plain'), "'plain'");
  assert.equal(pyReprString("It's"), `"It's"`);
  assert.equal(pyReprString(`It's "both"`), `'It\\'s "both"'`);
  assert.equal(pyReprString('a\\b\nc'), "'a\\\\b\\nc'");
  assert.equal(pyReprString('\u0001\u00a0\u200b é 😀'), "'\\x01\\xa0\\u200b é 😀'");
  assert.equal(pyRepr({ a: [1, true, null], b: 'x' }), "{'a': [1, True, None], 'b': 'x'}");
  assert.equal(pyJsonDumps({ a: NaN, b: ['é', 1.5], c: false }), '{"a": NaN, "b": ["\\u00e9", 1.5], "c": false}');
});

function havePython(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass']);
    return true;
  } catch {
    return false;
  }
}

test('round trip through real Python: repr made by Python parses back to the same value', { skip: !havePython() && 'python3 not installed' }, () => {
  // Python writes the reprs (the independent oracle); we parse them and compare with the JSON
  // Python writes for the same values.
  const script = String.raw`
import json, random
random.seed(7)
alphabet = ["a", "Z", " ", "'", '"', "\\", "\n", "\t", "\r", "\x00", "\x07", "\x7f", "\xa0", "é", "ß", "\u200b", "\u2028", "中", "😀", "\U0001F9D9", "\ud83d", "\ufeff", "}", "{", ":", ","]
out = []
for i in range(400):
    s = "".join(random.choice(alphabet) for _ in range(random.randint(0, 30)))
    value = {"id": str(i), "text": s, "n": random.randint(-10**6, 10**6), "f": random.random(), "b": random.random() < .5, "none": None, "l": [s[:3], [1, 2.5]]}
    out.append([repr(value), json.dumps(value, ensure_ascii=True)])
print(json.dumps(out))
`;
  const pairs = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 26 })) as [string, string][];
  assert.equal(pairs.length, 400);
  for (const [repr, json] of pairs) {
    const expected = JSON.parse(json);
    assert.deepEqual(parseLiteral(repr), expected, repr);
    // and our writer reproduces Python's repr byte for byte
    assert.equal(pyRepr(expected), repr);
  }
});
