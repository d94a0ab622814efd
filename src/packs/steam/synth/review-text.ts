/** The text of a review: canned sentences and the real text quirks (foreign, emoji, ASCII art, control characters). */
import { Random } from '../../../core/synth/random.js';

const POSITIVE = [
  'great game', 'awesome game', 'one of the best games i have ever played', 'so much fun', 'highly recommend it',
  'i love it', 'amazing graphics', 'really addictive', 'worth every penny', 'a masterpiece', '10/10 would play again',
  'fantastic soundtrack', 'best game ever', 'excellent gameplay', 'hours of fun', 'beautiful art style',
  'great with friends', 'a must have', 'brilliant story', 'good game', 'nice game', 'fun and relaxing', 'perfect',
  'an underrated gem', "can't stop playing", 'the developers really care', 'smooth and polished', 'totally worth it',
  'my favourite game', 'incredible atmosphere', 'it is really good', 'buy it now', 'the best {genre} game out there',
];
const NEGATIVE = [
  'waste of money', 'boring', 'full of bugs', 'crashes all the time', 'do not buy this', 'pay to win', 'terrible optimization',
  'i want a refund', 'broken game', 'laggy servers', 'very disappointing', 'worst game ever', 'the developers abandoned it',
  'too expensive for what it is', 'not worth it', 'unplayable', 'cheaters everywhere', 'awful controls', 'overpriced',
  'uninstalled after an hour', 'bad port', 'repetitive and dull', 'it keeps crashing on startup', 'a cash grab',
  "don't waste your time", 'the worst {genre} game i have played', 'horrible', 'avoid this game',
];
/** hedges: a positive review with a complaint, a negative one with a kind word */
const MILD_NEGATIVE = ['a bit laggy', 'some bugs here and there', 'a little short', 'the ending was meh', 'needs more content'];
const MILD_POSITIVE = ['the graphics are ok', 'the music is nice', 'it has potential', 'the first hour was fun', 'nice idea though'];
const NEUTRAL = [
  'i played this for {n} hours', 'i have {n} hours in it', 'the story is about a {noun}', 'after the last update',
  'my friends and i played it together', 'on my old laptop', 'the first {n} levels', 'if you like {genre} games',
  'it reminds me of {famous}', 'the multiplayer', 'the {noun} system', 'i bought it on sale', 'got it in a bundle',
  'this game is about {noun}s', 'you play as a {noun}', 'the devs added a new {noun}', 'there are {n} maps',
  'it is like {famous} but with {noun}s', 'played it with a controller', 'early access review',
];
const SHORT_POSITIVE = ['yep', 'gud', '10/10', 'good', 'fun', 'nice', 'great', ':)', 'best game', 'gg', 'A+', 'must buy'];
const SHORT_NEGATIVE = ['no', 'bad', 'meh', 'nope', 'trash', '0/10', ':(', 'refund', 'boring'];
const TEXT_NOUNS = ['knight', 'zombie', 'robot', 'farm', 'train', 'crafting', 'space ship', 'dragon', 'weapon', 'skill tree', 'hat', 'car'];
const TEXT_GENRES = ['fps', 'rpg', 'strategy', 'survival', 'horror', 'racing', 'puzzle', 'indie', 'sandbox', 'mmo'];
const TEXT_FAMOUS = ['Minecraft', 'Dark Souls', 'Skyrim', 'CS:GO', 'Team Fortress 2', 'Terraria', 'DayZ', 'Dota 2'];
const FOREIGN_POSITIVE = ['Jogo muito bom, recomendo!', 'Ótimo jogo', 'muy divertido', 'très bon jeu', 'schönes Spiel', 'A evolução do jogo!', 'Juegazo, lo recomiendo', 'отличная игра'];
const FOREIGN_NEGATIVE = ['Não recomendo', 'pésimo juego', 'très décevant', 'schlecht optimiert', 'não vale a pena', 'ужасная игра'];
const EMOJI_POSITIVE = ['😀', '👍', '🎮', '🔥', '❤️', '😍'];
const EMOJI_NEGATIVE = ['😡', '👎', '💩', '😴', '🤮'];
/** characters Python's repr escapes (\x7f, \xa0, \xad, \u200b, \u2028, \ufeff, \t, \x0b) */
const NON_PRINTABLE = ['\u200b', '\xa0', '\t', '\x7f', '\u2028', '\ufeff', '\x0b', '\xad', '\x1b'];
const ASCII_ART = ['░░░░░█▀▀▀▀▀█░░░░░', '█▄█▄█▄█▄█▄█', '▀▄▀▄▀▄▀▄▀▄', '─────▄▀▀▄─────', '░▒▓█▓▒░'];

/**
 * English-like review text whose wording follows `recommend`, so sentiment models have signal,
 * with the real oddities: empty and one-word reviews, censored words (♥♥♥♥), other languages,
 * emoji, quotes, backslashes, newlines, ASCII art and characters repr() escapes.
 */
export function reviewText(rng: Random, positive: boolean): string {
  if (rng.chance(0.015)) return '';
  if (rng.chance(0.07)) return rng.pick(positive ? SHORT_POSITIVE : SHORT_NEGATIVE);
  if (rng.chance(0.03)) return rng.pick(positive ? FOREIGN_POSITIVE : FOREIGN_NEGATIVE);
  // sentence counts: median review ~75 characters, a long tail of essays (real mean ~200)
  const n = rng.chance(0.07) ? rng.int(10, 120) : 1 + rng.geometric(0.22);
  let text = '';
  for (let i = 0; i < n; i++) {
    // the scraper lost most line breaks, gluing sentences together ('played.Insurgency')
    if (i > 0) text += rng.chance(0.003) ? (rng.chance(0.5) ? '\n' : '\n\n') : rng.chance(0.2) ? '' : ' ';
    text += sentence(rng, positive);
  }
  return decorate(rng, text, positive);
}

function sentence(rng: Random, positive: boolean): string {
  const r = rng.next();
  const template =
    r < 0.55 ? rng.pick(positive ? POSITIVE : NEGATIVE) : r < 0.93 ? rng.pick(NEUTRAL) : rng.pick(positive ? MILD_NEGATIVE : MILD_POSITIVE);
  let s = template
    .replace('{n}', String(1 + Math.floor(rng.logNormal(2.5, 1.3))))
    .replace('{noun}', rng.pick(TEXT_NOUNS))
    .replace('{genre}', rng.pick(TEXT_GENRES))
    .replace('{famous}', rng.pick(TEXT_FAMOUS));
  const style = rng.next();
  if (style < 0.45) s = s[0].toUpperCase() + s.slice(1);
  else if (style < 0.5) s = s.toUpperCase();
  return s + rng.pick(positive ? ['.', '!', '!!!', '', '.', ' :)', '..'] : ['.', '!', '', '.', ' :(', '...']);
}

function decorate(rng: Random, text: string, positive: boolean): string {
  let t = text;
  if (rng.chance(0.05)) t = t.replace(/\b(game|it|this)\b/, (w) => (rng.chance(0.5) ? '♥♥♥♥' : `${w} is ♥♥♥♥ing`));
  if (rng.chance(0.03)) t += ' ' + rng.pick(positive ? EMOJI_POSITIVE : EMOJI_NEGATIVE);
  if (rng.chance(0.04)) t += ' ' + rng.pick(positive ? FOREIGN_POSITIVE : FOREIGN_NEGATIVE);
  if (rng.chance(0.03)) t = t.replace(/\b(update|multiplayer|story|graphics|game)\b/, '"$1"');
  if (rng.chance(0.006)) t += rng.pick([' :\\', ' C:\\Program Files\\Steam\\steamapps', ' \\o/', ' ¯\\_(ツ)_/¯']);
  if (rng.chance(0.01)) {
    const at = rng.int(0, t.length);
    const hi = t.charCodeAt(at - 1);
    const pos = hi >= 0xd800 && hi <= 0xdbff ? at - 1 : at;
    t = t.slice(0, pos) + rng.pick(NON_PRINTABLE) + t.slice(pos);
  }
  if (rng.chance(0.005)) t = Array.from({ length: rng.int(3, 12) }, () => rng.pick(ASCII_ART)).join('') + ' ' + t;
  if (rng.chance(0.02)) t += rng.pick([' Café com leite.', ' déjà vu', ' naïve', ' über cool', ' piñata']);
  return t;
}
