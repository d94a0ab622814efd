import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Hand-written raw lines in the original Python-literal format; expectations below were counted by hand.
export const REVIEW_LINES = [
  // u1: two reviews, one posted without a year, one with an escaped quote and Unicode
  "{'user_id': 'u1', 'user_url': 'http://steamcommunity.com/id/u1', 'reviews': [{'funny': '', 'posted': 'Posted November 5, 2011.', 'last_edited': '', 'item_id': '10', 'helpful': '1 of 3 people (33%) found this review helpful', 'recommend': True, 'review': 'It\\'s great \\u2665 caf\\xe9'}, {'funny': '2 people found this review funny', 'posted': 'Posted March 3.', 'last_edited': '', 'item_id': '20', 'helpful': 'No ratings yet', 'recommend': False, 'review': ''}]}",
  // u2: one review, then a review without item_id (rejected), then the same item again (duplicate)
  "{'user_id': 'u2', 'user_url': 'http://steamcommunity.com/id/u2', 'reviews': [{'funny': '', 'posted': 'Posted July 31, 2015.', 'last_edited': '', 'item_id': '10', 'helpful': 'No ratings yet', 'recommend': True, 'review': \"say \\\"hi\\\"\"}, {'funny': '', 'posted': 'Posted July 1, 2015.', 'last_edited': '', 'helpful': 'No ratings yet', 'recommend': True, 'review': 'no id'}, {'funny': '', 'posted': 'Posted July 2, 2015.', 'last_edited': '', 'item_id': '10', 'helpful': 'No ratings yet', 'recommend': True, 'review': 'again'}]}",
  '',
  // a broken line (truncated)
  "{'user_id': 'u3', 'user_url': 'http://steamcommunity.com/id/u3', 'reviews': [{'funny': '', 'posted': 'Posted",
  // u1 again, verbatim: both reviews are duplicates
  "{'user_id': 'u1', 'user_url': 'http://steamcommunity.com/id/u1', 'reviews': [{'funny': '', 'posted': 'Posted November 5, 2011.', 'last_edited': '', 'item_id': '10', 'helpful': '1 of 3 people (33%) found this review helpful', 'recommend': True, 'review': 'It\\'s great \\u2665 caf\\xe9'}, {'funny': '2 people found this review funny', 'posted': 'Posted March 3.', 'last_edited': '', 'item_id': '20', 'helpful': 'No ratings yet', 'recommend': False, 'review': ''}]}",
];

export const ITEM_LINES = [
  "{'user_id': 'u1', 'items_count': 3, 'steam_id': '76561197970982479', 'user_url': 'http://steamcommunity.com/id/u1', 'items': [{'item_id': '10', 'item_name': 'Counter-Strike', 'playtime_forever': 6, 'playtime_2weeks': 0}, {'item_id': '20', 'item_name': 'Team Fortress Classic', 'playtime_forever': 0, 'playtime_2weeks': 0}, {'item_id': '10', 'item_name': 'Counter-Strike', 'playtime_forever': 6, 'playtime_2weeks': 0}]}",
  "{'user_id': 'u4', 'items_count': 0, 'steam_id': '76561197970982480', 'user_url': 'http://steamcommunity.com/id/u4', 'items': []}",
  "{'user_id': 'u5', 'items_count': 2, 'steam_id': '76561197970982481', 'user_url': 'http://steamcommunity.com/id/u5', 'items': [{'item_id': '30', 'item_name': 'Caf\\xe9 Game', 'playtime_forever': 1200, 'playtime_2weeks': 60}, {'item_id': '40', 'item_name': 'Bad', 'playtime_forever': 'lots', 'playtime_2weeks': 0}]}",
  "{'user_id': 'u4', 'items_count': 0, 'steam_id': '76561197970982480', 'user_url': 'http://steamcommunity.com/id/u4', 'items': []}",
  "{'user_id': 'u6', 'items_count': 1, 'items': [{'item_id': '10', 'item_na",
];

export const GAME_LINES = [
  '{"publisher": NaN, "genres": NaN, "app_name": NaN, "title": NaN, "url": NaN, "release_date": NaN, "tags": NaN, "reviews_url": NaN, "specs": NaN, "price": NaN, "early_access": NaN, "id": NaN, "developer": NaN}',
  '{"publisher": "Valve", "genres": ["Action"], "app_name": "Counter-Strike", "title": "Counter-Strike", "url": "http://store.steampowered.com/app/10/CounterStrike/", "release_date": "2000-11-01", "tags": ["Action", "FPS"], "reviews_url": "http://steamcommunity.com/app/10/reviews/?browsefilter=mostrecent&p=1", "specs": ["Multi-player"], "price": 9.99, "early_access": false, "id": "10", "developer": "Valve"}',
  '{"publisher": "Ubisoft", "genres": ["Action", "Adventure"], "app_name": "Caf\\u00e9", "title": NaN, "url": "x", "release_date": "Q1 2018", "tags": NaN, "reviews_url": "y", "specs": [], "price": "Free to Play", "early_access": true, "id": "30", "developer": "Ubisoft Montr\\u00e9al"}',
  '{"publisher": "X", "genres": [], "app_name": "Dup", "title": "Dup", "url": "x", "release_date": "Coming Soon", "tags": [], "reviews_url": "y", "specs": [], "price": "Play Now", "early_access": false, "id": "10", "developer": "X"}',
  '{"publisher": "X", "genres": [], "app_name": "No id", "title": "No id", "url": "x", "release_date": "2017", "tags": [], "reviews_url": "y", "specs": [], "price": 1.99, "early_access": false, "id": NaN, "developer": "X"}',
];

export function writeFixture(dir: string, games: boolean): void {
  if (games) writeFileSync(join(dir, 'steam_games.json'), GAME_LINES.join('\n') + '\n');
  writeFileSync(join(dir, 'australian_user_reviews.json'), REVIEW_LINES.join('\n') + '\n');
  writeFileSync(join(dir, 'australian_users_items.json'), ITEM_LINES.join('\n') + '\n');
}

