import { col, type TableSpec } from '../../core/warehouse/schema.js';

/** The Steam warehouse: a product interface, documented here and in README.md. */
export const GAMES: TableSpec = {
  name: 'games',
  doc: 'The catalogue: one row per distinct game id (first occurrence kept).',
  columns: [
    col('item_id', 'VARCHAR', 'Steam app id, as a string'),
    col('app_name', 'VARCHAR', "store name of the app (HTML references such as '&amp;' decoded)"),
    col('title', 'VARCHAR', 'title (usually equal to app_name; HTML references decoded)'),
    col('developer', 'VARCHAR', 'developer studio, spelled as in the data (HTML references decoded)'),
    col('publisher', 'VARCHAR', 'publisher (HTML references decoded)'),
    col('price', 'DOUBLE', "price in USD; 0 for free games ('Free', 'Free to Play', ...); NULL when unknown or not a price ('Play Now')"),
    col('is_free', 'BOOLEAN', "true when the raw price says free or is 0; NULL when the price is unknown"),
    col('release_date', 'DATE', 'release day when the raw date names one; NULL for "2018", "Q1 2018", "Coming Soon"'),
    col('release_year', 'INTEGER', 'release year whenever the raw date names one (also "2018", "Dec 2017", "Q1 2018")'),
    col('early_access', 'BOOLEAN', 'released as Early Access'),
    col('genres', 'VARCHAR[]', "store genres ('Animation & Modeling': the raw '&amp;' decoded); NULL when the raw field is NaN"),
    col('tags', 'VARCHAR[]', 'user tags; NULL when NaN'),
    col('specs', 'VARCHAR[]', 'store features (Single-player, Steam Achievements, ...); NULL when NaN'),
    col('url', 'VARCHAR', 'store page'),
    col('reviews_url', 'VARCHAR', 'community reviews page'),
    col('price_raw', 'VARCHAR', 'the raw price as written (number or text)'),
    col('release_date_raw', 'VARCHAR', 'the raw release date as written'),
    col('app_name_raw', 'VARCHAR', "the raw app_name as written ('Sam &amp; Max ...')"),
    col('title_raw', 'VARCHAR', 'the raw title as written'),
    col('developer_raw', 'VARCHAR', 'the raw developer as written'),
    col('publisher_raw', 'VARCHAR', 'the raw publisher as written'),
    col('genres_raw', 'VARCHAR[]', "the raw genres as written ('Animation &amp; Modeling')"),
  ],
};

export const REVIEWS: TableSpec = {
  name: 'reviews',
  doc: 'User reviews: one row per distinct (user_id, item_id).',
  columns: [
    col('user_id', 'VARCHAR', 'reviewer (Steam vanity name or steam64 id)'),
    col('item_id', 'VARCHAR', 'reviewed game id (may be absent from games)'),
    col('recommend', 'BOOLEAN', 'the reviewer recommends the game'),
    col('posted_date', 'DATE', "day posted; NULL when the raw 'Posted March 3.' has no year"),
    col('posted_year', 'INTEGER', 'year posted; NULL when the raw date has no year (never guessed)'),
    col('review', 'TEXT', "review text ('' when empty)"),
    col('helpful', 'VARCHAR', "raw helpfulness ('No ratings yet', '1 of 1 people (100%) found this review helpful')"),
    col('funny', 'VARCHAR', "raw funny votes ('' or 'N people found this review funny')"),
    col('sentiment', 'TINYINT', '0 negative, 1 neutral or no text, 2 positive: the AFINN lexicon on the text, labelled at ingest (never NULL)'),
    col('helpful_yes', 'INTEGER', 'people who found it helpful (NULL without ratings)'),
    col('helpful_total', 'INTEGER', 'people who rated its helpfulness (NULL without ratings)'),
    col('funny_count', 'INTEGER', 'people who found it funny (0 when none)'),
    col('last_edited', 'VARCHAR', "raw 'Last edited ...' text ('' when never)"),
    col('posted_raw', 'VARCHAR', 'the raw posted text'),
  ],
};

export const USER_ITEMS: TableSpec = {
  name: 'user_items',
  doc: "Users' libraries: one row per distinct (user_id, item_id).",
  columns: [
    col('user_id', 'VARCHAR', 'library owner'),
    col('item_id', 'VARCHAR', 'game id (may be absent from games)'),
    col('playtime_forever', 'INTEGER', 'minutes played in total'),
    col('playtime_2weeks', 'INTEGER', 'minutes played in the last two weeks'),
  ],
};

export const USERS: TableSpec = {
  name: 'users',
  doc: 'Users: everyone with a library line, plus reviewers without one (steam_id and items_count NULL).',
  columns: [
    col('user_id', 'VARCHAR', 'user id as in the raw files'),
    col('steam_id', 'VARCHAR', 'steam64 id (NULL for reviewers without a library line)'),
    col('items_count', 'INTEGER', 'library size as the raw line states it'),
    col('user_url', 'VARCHAR', 'community profile URL'),
  ],
};

export const ITEM_NAMES: TableSpec = {
  name: 'item_names',
  doc: 'Every game id seen in a library with the name the library gave it (covers ids missing from games).',
  columns: [
    col('item_id', 'VARCHAR', 'game id'),
    col('item_name', 'VARCHAR', 'name in the first library listing it'),
  ],
};

export const STEAM_TABLES: TableSpec[] = [GAMES, REVIEWS, USER_ITEMS, USERS, ITEM_NAMES];
