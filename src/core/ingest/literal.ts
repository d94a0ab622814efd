/**
 * Reader and writer for the two "almost JSON" line formats the raw catalogue files use:
 *
 * - Python literals, as written by `repr()` / `str()` of a dict: single or double quotes,
 *   `True`/`False`/`None`, `\xNN`, `\uNNNN`, `\UNNNNNNNN` and octal escapes, tuples.
 * - JSON as written by Python's `json.dumps` over pandas data: valid JSON except bare `NaN`
 *   (and `Infinity`), which `JSON.parse` refuses.
 *
 * One tolerant grammar reads both, so a reader never needs to guess the dialect of a line.
 * No npm package parses Python literals; this is a small hand-written recursive-descent
 * parser over char codes, tuned because the library file is ~500 MB of it at full scale.
 */

export type Literal = null | boolean | number | string | Literal[] | { [key: string]: Literal };

export class LiteralSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at character ${offset + 1}`);
    this.name = 'LiteralSyntaxError';
  }
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  DQuote = 34,
  Quote = 39,
  LParen = 40,
  RParen = 41,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Seven = 55,
  Nine = 57,
  Colon = 58,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  LBrace = 123,
  RBrace = 125,
}

/** Parse one literal (a whole line, typically). Throws LiteralSyntaxError on anything else. */
export function parseLiteral(text: string): Literal {
  const p = new Parser(text);
  p.skipSpace();
  const value = p.value();
  p.skipSpace();
  if (p.pos !== text.length) throw new LiteralSyntaxError('unexpected trailing text', p.pos);
  return value;
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(message: string): never {
    throw new LiteralSyntaxError(message, this.pos);
  }

  skipSpace(): void {
    const s = this.src;
    let c = s.charCodeAt(this.pos);
    while (c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR) c = s.charCodeAt(++this.pos);
  }

  value(): Literal {
    const c = this.src.charCodeAt(this.pos);
    switch (c) {
      case Ch.LBrace:
        return this.dict();
      case Ch.LBracket:
        return this.sequence(Ch.RBracket);
      case Ch.LParen:
        return this.sequence(Ch.RParen);
      case Ch.Quote:
      case Ch.DQuote:
        return this.string();
      default:
        if ((c >= Ch.Zero && c <= Ch.Nine) || c === Ch.Minus || c === Ch.Plus || c === Ch.Dot) return this.number();
        return this.word();
    }
  }

  dict(): { [key: string]: Literal } {
    const out: { [key: string]: Literal } = {};
    this.pos++; // {
    this.skipSpace();
    if (this.src.charCodeAt(this.pos) === Ch.RBrace) {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.value();
      if (key !== null && typeof key === 'object') this.fail('a dict key must be a string, number or constant');
      this.skipSpace();
      if (this.src.charCodeAt(this.pos) !== Ch.Colon) this.fail("expected ':' after a dict key");
      this.pos++;
      this.skipSpace();
      out[String(key)] = this.value();
      this.skipSpace();
      const c = this.src.charCodeAt(this.pos);
      if (c === Ch.Comma) {
        this.pos++;
        this.skipSpace();
        if (this.src.charCodeAt(this.pos) === Ch.RBrace) {
          this.pos++;
          return out;
        }
      } else if (c === Ch.RBrace) {
        this.pos++;
        return out;
      } else {
        this.fail(this.pos >= this.src.length ? 'unterminated dict' : "expected ',' or '}' in a dict");
      }
    }
  }

  sequence(close: number): Literal[] {
    const out: Literal[] = [];
    this.pos++; // [ or (
    this.skipSpace();
    if (this.src.charCodeAt(this.pos) === close) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const c = this.src.charCodeAt(this.pos);
      if (c === Ch.Comma) {
        this.pos++;
        this.skipSpace();
        if (this.src.charCodeAt(this.pos) === close) {
          this.pos++;
          return out;
        }
      } else if (c === close) {
        this.pos++;
        return out;
      } else {
        this.fail(this.pos >= this.src.length ? 'unterminated list' : `expected ',' or '${String.fromCharCode(close)}' in a list`);
      }
    }
  }

  string(): string {
    const s = this.src;
    const quote = s.charCodeAt(this.pos);
    let start = ++this.pos;
    let out = '';
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === quote) {
        out += s.slice(start, this.pos++);
        return out;
      }
      if (c === Ch.Backslash) {
        out += s.slice(start, this.pos);
        out += this.escape();
        start = this.pos;
        continue;
      }
      if (c !== c /* NaN: end of input */ || c === Ch.LF) this.fail('unterminated string');
      this.pos++;
    }
  }

  /** Reads one escape sequence starting at the backslash; returns the text it stands for. */
  escape(): string {
    const s = this.src;
    const c = s[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '\\':
        return '\\';
      case "'":
        return "'";
      case '"':
        return '"';
      case '/':
        return '/'; // JSON only; Python's repr never writes it
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'a':
        return '\x07';
      case '\n':
        return ''; // line continuation
      case 'x':
        return this.hexEscape(2);
      case 'u':
        return this.hexEscape(4);
      case 'U':
        return this.hexEscape(8);
      case undefined:
        this.pos -= 1;
        return this.fail('unterminated string');
      default: {
        const code = c.charCodeAt(0);
        if (code >= Ch.Zero && code <= Ch.Seven) {
          let end = this.pos - 1;
          while (end < this.pos + 2 && s.charCodeAt(end) >= Ch.Zero && s.charCodeAt(end) <= Ch.Seven) end++;
          const value = parseInt(s.slice(this.pos - 1, end), 8);
          this.pos = end;
          return String.fromCharCode(value);
        }
        return '\\' + c; // Python keeps unknown escapes as written
      }
    }
  }

  hexEscape(digits: number): string {
    const hex = this.src.slice(this.pos, this.pos + digits);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) this.fail(`bad \\${digits === 2 ? 'x' : digits === 4 ? 'u' : 'U'} escape`);
    this.pos += digits;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) this.fail('escape beyond the Unicode range');
    return String.fromCodePoint(code);
  }

  number(): number {
    const s = this.src;
    const start = this.pos;
    let c = s.charCodeAt(this.pos);
    if (c === Ch.Minus || c === Ch.Plus) {
      c = s.charCodeAt(++this.pos);
      if (!(c >= Ch.Zero && c <= Ch.Nine) && c !== Ch.Dot) {
        // -inf, -Infinity, -nan
        const word = this.word();
        if (typeof word !== 'number') this.fail('expected a number after a sign');
        return s.charCodeAt(start) === Ch.Minus ? -word : word;
      }
    }
    while (this.pos < s.length) {
      c = s.charCodeAt(this.pos);
      if ((c >= Ch.Zero && c <= Ch.Nine) || c === Ch.Dot || c === 101 || c === 69 || c === Ch.Minus || c === Ch.Plus || c === 95) this.pos++;
      else break;
    }
    const text = s.slice(start, this.pos).replaceAll('_', '');
    const value = Number(text);
    if (text === '' || Number.isNaN(value)) {
      this.pos = start;
      this.fail('bad number');
    }
    return value;
  }

  word(): Literal {
    const s = this.src;
    const start = this.pos;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos) | 0x20;
      if (c >= 97 && c <= 122) this.pos++;
      else break;
    }
    const word = s.slice(start, this.pos);
    switch (word) {
      case 'True':
      case 'true':
        return true;
      case 'False':
      case 'false':
        return false;
      case 'None':
      case 'null':
        return null;
      case 'NaN':
      case 'nan':
        return NaN;
      case 'Infinity':
      case 'inf':
        return Infinity;
      default: {
        // u'...', b'...', r'...' string prefixes (Python 2 reprs)
        const q = s.charCodeAt(this.pos);
        if ((q === Ch.Quote || q === Ch.DQuote) && /^[uUbB]$/.test(word)) return this.string();
        this.pos = start;
        if (this.pos >= s.length) this.fail('unexpected end of text');
        return this.fail(word ? `unknown name '${word.slice(0, 20)}'` : `unexpected character '${s[this.pos]}'`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writers, used by the synthetic data generators to reproduce the raw files byte for byte.

/** Python 3's rule for which characters `repr()` escapes: not printable (Unicode C* and Z* but space). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** `repr(s)` of a Python 3 str. */
export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (ch === ' ' || !NON_PRINTABLE.test(ch)) out += ch;
    else if (code <= 0xff) out += '\\x' + hex(code, 2);
    else if (code <= 0xffff) out += '\\u' + hex(code, 4);
    else out += '\\U' + hex(code, 8);
  }
  return out + quote;
}

/** `repr(value)` of the Python object a Literal stands for (dict/list/str/int/float/bool/None). */
export function pyRepr(value: Literal): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'string') return pyReprString(value);
  if (Array.isArray(value)) return '[' + value.map(pyRepr).join(', ') + ']';
  let out = '{';
  let first = true;
  for (const key in value) {
    if (!first) out += ', ';
    first = false;
    out += pyReprString(key) + ': ' + pyRepr(value[key]);
  }
  return out + '}';
}

/** `json.dumps(value)` as Python writes it: ', ' and ': ' separators, ASCII only, bare NaN. */
export function pyJsonDumps(value: Literal): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (ch) => '\\u' + hex(ch.charCodeAt(0), 4));
  }
  if (Array.isArray(value)) return '[' + value.map(pyJsonDumps).join(', ') + ']';
  return '{' + Object.keys(value).map((k) => pyJsonDumps(k) + ': ' + pyJsonDumps(value[k])).join(', ') + '}';
}

/**
 * A copy of `s` that does not share memory with the line it was cut from. V8 represents
 * `line.slice()` as a view that keeps the whole line (and the chunk it came from) alive, so a
 * reader that keeps ids in a Set across a 500 MB file would keep the file. Use it for every
 * string a reader keeps beyond the current line.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
