/**
 * The three Steam raw files and how each line becomes rows. Each handler validates a record
 * fully before writing any row, so a record ends either as rows or as one row of `rejects`.
 */
import { detach, parseLiteral, type Literal } from '../../core/ingest/literal.js';
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

export const gamesSource: SourceSpec = {
  name: 'steam_games',
  files: ['steam_games.json.gz', 'steam_games.json'],
  unit: 'game',
  mainTable: 'games',
  open(): SourceHandler {
    const seen = new Set<string>();
    return {
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

export const itemsSource: SourceSpec = {
  name: 'australian_users_items',
  files: ['australian_users_items.json.gz', 'australian_users_items.json', 'users_items.json.gz', 'users_items.json'],
  unit: 'library item',
  mainTable: 'user_items',
  open(): SourceHandler {
    const seenUsers = new Set<string>();
    const itemNames = new Map<string, string>();
    return {
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
