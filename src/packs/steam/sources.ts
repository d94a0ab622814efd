/**
 * The three Steam raw files and how each line becomes rows. Each handler validates a record
 * fully before writing any row, so a record ends either as rows or as one row of `rejects`.
 */
import { detach, parseLiteral, type Literal } from '../../core/ingest/literal.js';
import { countValue, expect, readString, scanCount, scanString, shape, stringEscaped } from '../../core/ingest/literal-bytes.js';
import { digits } from '../../core/ingest/staged-writer.js';
import type { RecordSink, SourceHandler, SourceSpec } from '../../core/pack.js';
import { bool, id, isMissing, minutes, name, nameList, parseFunny, parseHelpful, parseLooseDate, parsePosted, parsePrice, stringList, text } from './clean.js';
import { reviewSentiment } from './sentiment.js';

type Dict = { [key: string]: Literal };

function isDict(v: Literal): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses a line that must hold one dict; rejects it (and returns null) otherwise. */
function parseDictLine(line: string, sink: RecordSink): Dict | null {
  let value: Literal;
  try {
    value = parseLiteral(line);
  } catch (err) {
    sink.note('broken lines');
    sink.reject(`broken line: ${(err as Error).message}`);
    return null;
  }
  if (!isDict(value)) {
    sink.reject('line is not a dict');
    return null;
  }
  return value;
}

const GAME_FIELDS = ['publisher', 'genres', 'app_name', 'title', 'url', 'release_date', 'tags', 'reviews_url', 'specs', 'price', 'early_access', 'id', 'developer'];

/**
 * The catalogue's line of every field NaN, exactly as the scrape's `json.dumps` wrote it (88 k
 * of its 120 k lines, half its bytes): recognised from its bytes, it is the empty record the
 * `line` handler makes of it, without parsing it. Any other spelling goes to the handler.
 */
const ALL_NAN = `{${GAME_FIELDS.map((f) => `"${f}": NaN`).join(', ')}}`;
const ALL_NAN_BYTES = Buffer.from(ALL_NAN, 'latin1');

export const gamesSource: SourceSpec = {
  name: 'steam_games',
  files: ['steam_games.json.gz', 'steam_games.json'],
  unit: 'game',
  mainTable: 'games',
  // rejects: its ~88 k 'every field NaN' lines
  staged: ['games', 'rejects'],
  open(): SourceHandler {
    const seen = new Set<string>();
    return {
      bytes(buf, start, end, sink) {
        if (end - start !== ALL_NAN_BYTES.length || buf.compare(ALL_NAN_BYTES, 0, ALL_NAN_BYTES.length, start, end) !== 0) return false;
        sink.empty('every field is NaN', ALL_NAN);
        return true;
      },
      line(line, sink) {
        const g = parseDictLine(line, sink);
        if (!g) return;
        if (GAME_FIELDS.every((f) => isMissing(g[f]))) {
          sink.empty('every field is NaN');
          return;
        }
        // notes describe every non-empty raw record, kept or not
        if (typeof g.price === 'string') sink.note('price given as text');
        const rawDate = text(g.release_date);
        if (rawDate === null) sink.note('release_date missing');
        else if (!/^\d{4}-\d{2}-\d{2}$/.test(rawDate.trim())) sink.note('release_date not ISO');
        const itemId = id(g.id);
        if (itemId === null) {
          sink.note('records without id');
          sink.reject('no id');
          return;
        }
        if (seen.has(itemId)) {
          sink.duplicate(`duplicate id ${itemId}`);
          return;
        }
        seen.add(detach(itemId));
        const { price, isFree } = parsePrice(g.price);
        const released = rawDate === null ? { date: null, year: null } : parseLooseDate(rawDate);
        sink.row('games', [
          itemId,
          name(g.app_name),
          name(g.title),
          name(g.developer),
          name(g.publisher),
          price,
          isFree,
          released.date,
          released.year,
          bool(g.early_access),
          nameList(g.genres),
          stringList(g.tags),
          stringList(g.specs),
          text(g.url),
          text(g.reviews_url),
          isMissing(g.price) ? null : typeof g.price === 'string' ? g.price : String(g.price),
          rawDate,
          text(g.app_name),
          text(g.title),
          text(g.developer),
          text(g.publisher),
          stringList(g.genres),
        ]);
        sink.kept();
      },
    };
  },
};

export const reviewsSource: SourceSpec = {
  name: 'australian_user_reviews',
  files: ['australian_user_reviews.json.gz', 'australian_user_reviews.json', 'user_reviews.json.gz', 'user_reviews.json'],
  unit: 'review',
  mainTable: 'reviews',
  // through DuckDB's CSV reader, not a native appender call per value of each review
  staged: ['reviews'],
  open(): SourceHandler {
    // (user, item) pairs already written: a user reviews a game once, so a repeat is a duplicate
    const seen = new Set<string>();
    return {
      line(line, sink) {
        const u = parseDictLine(line, sink);
        if (!u) return;
        const userId = id(u.user_id);
        if (userId === null) return sink.reject('no user_id');
        if (!Array.isArray(u.reviews)) return sink.reject("'reviews' is not a list");
        sink.row('users', [userId, null, null, text(u.user_url)]);
        for (const r of u.reviews) {
          if (!isDict(r)) {
            sink.reject('a review that is not a dict', JSON.stringify(r));
            continue;
          }
          const itemId = id(r.item_id);
          if (itemId === null) {
            sink.reject(`review without item_id (user ${userId})`, JSON.stringify(r));
            continue;
          }
          const key = userId + '\u0000' + itemId;
          if (seen.has(key)) {
            sink.duplicate(`duplicate review of ${itemId} by ${userId}`);
            continue;
          }
          seen.add(detach(key));
          const postedRaw = text(r.posted) ?? '';
          const posted = parsePosted(postedRaw);
          if (posted.missingYear) sink.note('posted without year');
          else if (posted.year === null) sink.note('posted unreadable');
          const helpfulRaw = text(r.helpful) ?? '';
          const helpful = parseHelpful(helpfulRaw);
          const funnyRaw = text(r.funny) ?? '';
          const review = text(r.review) ?? '';
          if (review.trim() === '') sink.note('reviews without text');
          sink.row('reviews', [
            userId,
            itemId,
            bool(r.recommend),
            posted.date,
            posted.year,
            review,
            helpfulRaw,
            funnyRaw,
            // labelled here, so the warehouse is final once built (README: "Sentiment")
            reviewSentiment(review),
            helpful.yes,
            helpful.total,
            parseFunny(funnyRaw),
            text(r.last_edited) ?? '',
            postedRaw,
          ]);
          sink.kept();
        }
      },
    };
  },
};

// The libraries' lines as the scrape wrote them (and as `recops gen` writes them): these keys, in
// this order, with these separators. A line of this shape whose values are plain (string ids,
// playtimes of up to 9 digits, no repeated item, a user not seen before) is read from its bytes
// by readLibraryBytes; any other line goes to the handler's `line`, the reference.
const LIB = {
  head: shape("{'user_id': "),
  count: shape(", 'items_count': "),
  steam: shape(", 'steam_id': "),
  url: shape(", 'user_url': "),
  items: shape(", 'items': ["),
  emptyTail: shape("]}"),
  item: shape("{'item_id': "),
  name: shape(", 'item_name': "),
  forever: shape(", 'playtime_forever': "),
  twoWeeks: shape(", 'playtime_2weeks': "),
  next: shape("}, "),
  last: shape("}]}"),
};

/** Item ids below this, written without leading zeros, are tracked in flat arrays rather than Sets. */
const DIRECT_IDS = 1 << 22;

/** What the fast path keeps across lines, beside the handler's own state; its arrays are reused from line to line. */
class LibraryState {
  /** the current line's number among those the fast path read, for `stamp` */
  line = 0;
  /** per direct id: the last line it was seen on (a repeat within a line is the full parser's business) */
  stamp = new Int32Array(DIRECT_IDS);
  /** per direct id: known to be in itemNames already */
  named = new Uint8Array(DIRECT_IDS);
  /** other ids, by key (value × 16 + digits, so '010' is not '10') */
  namedOther = new Set<number>();
  inLineOther = new Set<number>();
  // the current line's items
  n = 0;
  idStart = new Int32Array(256);
  idKey = new Float64Array(256);
  nameStart = new Int32Array(256);
  forever = new Int32Array(256);
  twoWeeks = new Int32Array(256);
  csv = Buffer.allocUnsafe(1 << 16);

  constructor(
    readonly seenUsers: Set<string>,
    readonly itemNames: Map<string, string>,
  ) {}

  push(): number {
    if (this.n === this.idStart.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.idStart = grow(this.idStart);
      this.idKey = grow(this.idKey);
      this.nameStart = grow(this.nameStart);
      this.forever = grow(this.forever);
      this.twoWeeks = grow(this.twoWeeks);
    }
    return this.n++;
  }

  /** room for `bytes` more bytes of CSV after `used` */
  room(used: number, bytes: number): void {
    if (used + bytes <= this.csv.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.csv.length * 2, used + bytes));
    this.csv.copy(next, 0, 0, used);
    this.csv = next;
  }
}

/** A string as a quoted CSV field (staged-writer's form: '"' doubled), UTF-8. */
function csvField(s: string): Buffer {
  return Buffer.from('"' + s.replaceAll('"', '""') + '"', 'utf8');
}

/**
 * The fast path of the libraries: a line of the usual shape with plain values becomes exactly
 * the rows, notes and item names the `line` handler makes of it (the equivalence test builds
 * both ways), written without a JS value per item: user_items rows go as CSV bytes to the staged
 * table. Returns false, having written nothing, for any other line.
 */
function readLibraryBytes(buf: Buffer, start: number, end: number, sink: RecordSink, st: LibraryState): boolean {
  let p = expect(buf, start, end, LIB.head);
  const userStart = p;
  p = scanString(buf, p, end);
  if (p < 0) return false;
  const userId = readString(buf, userStart, p, stringEscaped);
  if (userId === null || userId === '' || userId.trim() !== userId || st.seenUsers.has(userId)) return false;
  p = scanCount(buf, expect(buf, p, end, LIB.count), end);
  if (p < 0) return false;
  const itemsCount = countValue;
  p = expect(buf, p, end, LIB.steam);
  const steamStart = p;
  p = scanString(buf, p, end);
  if (p < 0) return false;
  const steamId = readString(buf, steamStart, p, stringEscaped);
  p = expect(buf, p, end, LIB.url);
  const urlStart = p;
  p = scanString(buf, p, end);
  if (p < 0 || steamId === null) return false;
  const userUrl = readString(buf, urlStart, p, stringEscaped);
  p = expect(buf, p, end, LIB.items);
  if (p < 0 || userUrl === null) return false;

  const line = ++st.line;
  const stamp = st.stamp;
  st.n = 0;
  st.inLineOther.clear();
  if (expect(buf, p, end, LIB.emptyTail) !== end) {
    for (;;) {
      p = expect(buf, p, end, LIB.item);
      const idStart = p;
      p = scanString(buf, p, end);
      if (p < 0 || stringEscaped) return false;
      // ids of 1 to 9 digits, as written
      const digits = p - idStart - 2;
      if (digits < 1 || digits > 9 || scanCount(buf, idStart + 1, p - 1) !== p - 1) return false;
      const value = countValue;
      let key: number;
      if (value < DIRECT_IDS && (digits === 1 || buf[idStart + 1] !== 48)) {
        if (stamp[value] === line) return false;
        stamp[value] = line;
        key = value;
      } else {
        key = -(value * 16 + digits) - 1;
        if (st.inLineOther.has(key)) return false;
        st.inLineOther.add(key);
      }
      p = expect(buf, p, end, LIB.name);
      const nameStart = p;
      p = scanString(buf, p, end);
      if (p < 0) return false;
      // an escape the full parser refuses makes the line a broken one: its business
      if (stringEscaped && readString(buf, nameStart, p, true) === null) return false;
      p = scanCount(buf, expect(buf, p, end, LIB.forever), end);
      if (p < 0) return false;
      const forever = countValue;
      p = scanCount(buf, expect(buf, p, end, LIB.twoWeeks), end);
      if (p < 0) return false;
      const i = st.push();
      st.idStart[i] = idStart + 1;
      st.idKey[i] = key;
      st.nameStart[i] = nameStart;
      st.forever[i] = forever;
      st.twoWeeks[i] = countValue;
      const after = expect(buf, p, end, LIB.next);
      if (after >= 0) {
        p = after;
        continue;
      }
      // stamps set by a line handed on are of a past line: they never match a later one
      if (expect(buf, p, end, LIB.last) !== end) return false;
      break;
    }
  }
  // the line has the shape: from here on, what the `line` handler does with it, in its order
  st.seenUsers.add(detach(userId));
  if (itemsCount !== st.n) sink.note('items_count differs from the list');
  sink.row('users', [userId, steamId, itemsCount, userUrl]);
  if (st.n === 0) {
    sink.note('users with an empty library');
    return true;
  }
  const prefix = csvField(userId);
  const plen = prefix.length;
  st.room(0, st.n * (plen + 36));
  const out = st.csv;
  let used = 0;
  for (let i = 0; i < st.n; i++) {
    const key = st.idKey[i];
    const idFrom = st.idStart[i];
    let idTo = idFrom;
    while (buf[idTo] !== 39 && buf[idTo] !== 34) idTo++;
    if (key >= 0 ? st.named[key] === 0 : !st.namedOther.has(key)) {
      const itemId = buf.toString('latin1', idFrom, idTo);
      if (!st.itemNames.has(itemId)) {
        const nameAfter = scanString(buf, st.nameStart[i], end);
        st.itemNames.set(itemId, detach(readString(buf, st.nameStart[i], nameAfter, stringEscaped)!));
      }
      if (key >= 0) st.named[key] = 1;
      else st.namedOther.add(key);
    }
    for (let k = 0; k < plen; k++) out[used++] = prefix[k];
    out[used++] = 44; // ,
    out[used++] = 34; // "
    for (let k = idFrom; k < idTo; k++) out[used++] = buf[k];
    out[used++] = 34;
    out[used++] = 44;
    used = digits(out, st.forever[i], used);
    out[used++] = 44;
    used = digits(out, st.twoWeeks[i], used);
    out[used++] = 10;
  }
  sink.csvRows('user_items', out, 0, used, st.n);
  sink.kept(st.n);
  return true;
}

export const itemsSource: SourceSpec = {
  name: 'australian_users_items',
  files: ['australian_users_items.json.gz', 'australian_users_items.json', 'users_items.json.gz', 'users_items.json'],
  unit: 'library item',
  mainTable: 'user_items',
  // users: the reviewers' rows too
  staged: ['user_items', 'users', 'item_names'],
  open(): SourceHandler {
    const seenUsers = new Set<string>();
    const itemNames = new Map<string, string>();
    const state = new LibraryState(seenUsers, itemNames);
    return {
      bytes: (buf, start, end, sink) => readLibraryBytes(buf, start, end, sink, state),
      line(line, sink) {
        const u = parseDictLine(line, sink);
        if (!u) return;
        const userId = id(u.user_id);
        if (userId === null) return sink.reject('no user_id');
        if (!Array.isArray(u.items)) return sink.reject("'items' is not a list");
        if (seenUsers.has(userId)) {
          sink.note('duplicate user lines');
          sink.duplicate(`user ${userId} already read`, u.items.length);
          return;
        }
        seenUsers.add(detach(userId));
        const itemsCount = minutes(u.items_count);
        if (itemsCount !== u.items.length) sink.note('items_count differs from the list');
        sink.row('users', [userId, text(u.steam_id), itemsCount, text(u.user_url)]);
        if (u.items.length === 0) sink.note('users with an empty library');
        const inLine = new Set<string>();
        for (const it of u.items) {
          if (!isDict(it)) {
            sink.reject(`a library item that is not a dict (user ${userId})`, JSON.stringify(it));
            continue;
          }
          const itemId = id(it.item_id);
          const forever = minutes(it.playtime_forever);
          const twoWeeks = minutes(it.playtime_2weeks);
          if (itemId === null || forever === null || twoWeeks === null) {
            sink.reject(`library item without ${itemId === null ? 'item_id' : 'a playtime in minutes'} (user ${userId})`, JSON.stringify(it));
            continue;
          }
          if (inLine.has(itemId)) {
            sink.duplicate(`item ${itemId} twice in the library of ${userId}`);
            continue;
          }
          inLine.add(itemId);
          if (!itemNames.has(itemId)) {
            const name = text(it.item_name);
            if (name !== null) itemNames.set(detach(itemId), detach(name));
          }
          sink.row('user_items', [userId, itemId, forever, twoWeeks]);
          sink.kept();
        }
      },
      end(sink) {
        for (const [itemId, name] of itemNames) sink.row('item_names', [itemId, name]);
      },
    };
  },
};
