/** Taste facets: the themes, studios and franchises players are fans of, each with a sampler over its games. */
import { fillAlias } from '../../../core/synth/alias.js';
import { WeightedSampler } from '../../../core/synth/random.js';
import type { CatalogueGame } from './catalogue.js';

/**
 * Taste themes: the kinds of game players' libraries gather around, each a group of user tags
 * (and genres, which the store repeats as tags). A game belongs to the themes of its tags, in
 * proportion (the first, most voted tags count more; a tag in several themes is split between
 * them; generic tags count for little), its shares summing to 1. Twenty-odd themes keep the
 * taste low-rank, as in real libraries (a few taste dimensions explain most co-ownership);
 * studios and franchises (below) add the fine-grained part.
 */
const THEMES: [string, string[]][] = [
  ['shooters', ['FPS', 'Shooter', 'First-Person', 'Third-Person Shooter', 'Sniper', 'Military', 'Competitive', 'Team-Based', 'Arena Shooter', 'Class-Based', 'Gun Customization', 'Tactical', 'Modern', 'e-sports', 'Heist', 'On-Rails Shooter', 'Action', 'Multiplayer']],
  ['strategy', ['Strategy', 'RTS', 'Turn-Based Strategy', 'Grand Strategy', '4X', 'Tower Defense', 'Wargame', 'Real-Time with Pause', 'Turn-Based Tactics', 'Real Time Tactics', 'Real-Time', 'Hex Grid', 'Diplomacy', 'Political', 'Politics', 'Tactical', 'Turn-Based', 'Games Workshop', 'Warhammer 40K']],
  ['war & history', ['Historical', 'War', 'World War II', 'World War I', 'Alternate History', 'Rome', 'Cold War', 'Military', 'Naval', 'Tanks', 'America', 'Western', 'Pirates']],
  ['rpg & fantasy', ['RPG', 'Action RPG', 'JRPG', 'Party-Based RPG', 'CRPG', 'Tactical RPG', 'Strategy RPG', 'Turn-Based Combat', 'Character Customization', 'Loot', 'Dungeon Crawler', 'Magic', 'Fantasy', 'Dark Fantasy', 'Dragons', 'Mythology', 'Lore-Rich', 'Medieval', 'Swordplay', 'Adventure']],
  ['open world & survival', ['Open World', 'Survival', 'Sandbox', 'Crafting', 'Building', 'Base Building', 'Exploration', 'Procedural Generation', 'Voxel', 'Post-apocalyptic', 'Zombies', 'Mining', 'Hunting', 'Moddable', 'Early Access', 'Adventure']],
  ['horror', ['Horror', 'Psychological Horror', 'Survival Horror', 'Gore', 'Dark', 'Violent', 'Blood', 'Thriller', 'Lovecraftian', 'Supernatural', 'Vampire', 'Werewolves', 'Demons', 'Gothic', 'Zombies', 'Psychological', 'Mature']],
  ['simulation', ['Simulation', 'Management', 'Realistic', 'Economy', 'City Builder', 'Resource Management', 'Flight', 'Trains', 'Agriculture', 'Space Sim', 'TrackIR', 'Capitalism', 'God Game', 'Trading', 'Physics', 'Sailing', 'Fishing', 'Building']],
  ['racing & sports', ['Racing', 'Sports', 'Driving', 'Offroad', 'Football', 'Soccer', 'Basketball', 'Golf', 'Mini Golf', 'Bowling', 'Pool', 'Wrestling', 'Cycling', 'Bikes', 'Horses', 'Time Attack', 'Local Multiplayer', 'Split Screen', 'Controller']],
  ['casual & puzzle', ['Casual', 'Puzzle', 'Hidden Object', 'Match 3', 'Family Friendly', 'Relaxing', 'Cute', 'Colorful', 'Minimalist', 'Clicker', 'Touch-Friendly', 'Sokoban', 'Word Game', 'Typing', 'Spelling', 'Mouse only', 'Short', 'LEGO', 'Indie']],
  ['anime & visual novels', ['Anime', 'Visual Novel', 'Female Protagonist', 'Dating Sim', 'Romance', 'Otome', 'Sexual Content', 'Nudity', 'NSFW', 'RPGMaker', 'Multiple Endings', 'Cute', 'Choose Your Own Adventure']],
  ['platformers & retro', ['Platformer', '2D', 'Pixel Graphics', 'Retro', 'Arcade', 'Side Scroller', 'Metroidvania', 'Puzzle-Platformer', '3D Platformer', 'Classic', "1990's", '1980s', 'Difficult', 'Parkour', 'Runner', 'Score Attack', 'Remake', 'Cult Classic', '2.5D', 'Pinball', 'Lemmings', 'Indie']],
  ['roguelikes & arcade shooters', ['Rogue-like', 'Rogue-lite', 'Bullet Hell', "Shoot 'Em Up", 'Top-Down', 'Top-Down Shooter', 'Twin Stick Shooter', 'Perma Death', 'Fast-Paced', 'Replay Value', 'Procedural Generation', 'Mystery Dungeon', 'Isometric', 'Difficult', 'Indie']],
  ['online multiplayer', ['Massively Multiplayer', 'MMORPG', 'Free to Play', 'Multiplayer', 'PvP', 'PvE', 'Online Co-Op', 'Co-op', 'MOBA', 'Team-Based', 'Competitive', 'Asynchronous Multiplayer', 'Co-op Campaign', 'Local Co-Op', '4 Player Local']],
  ['sci-fi', ['Sci-fi', 'Space', 'Cyberpunk', 'Futuristic', 'Dystopian', 'Aliens', 'Robots', 'Mechs', 'Space Sim', 'Transhumanism', 'Artificial Intelligence', 'Mars', 'Time Travel', 'Steampunk', 'Hacking', '6DOF', 'Star Wars']],
  ['story & adventure', ['Adventure', 'Story Rich', 'Atmospheric', 'Walking Simulator', 'Point & Click', 'Mystery', 'Detective', 'Investigation', 'Noir', 'Crime', 'Episodic', 'Choices Matter', 'Narration', 'Interactive Fiction', 'Text-Based', 'Cinematic', 'Drama', 'Multiple Endings', 'Based On A Novel', 'Nonlinear', 'Dynamic Narration', 'Conversation', 'Philisophical', 'Singleplayer', 'Great Soundtrack', 'Indie']],
  ['art games', ['Surreal', 'Experimental', 'Psychedelic', 'Abstract', 'Hand-drawn', 'Stylized', 'Minimalist', 'Atmospheric', 'Great Soundtrack', 'Short', 'Indie']],
  ['action & fighting', ['Fighting', '2D Fighter', "Beat 'em up", 'Hack and Slash', 'Action-Adventure', 'Third Person', 'Stealth', 'Superhero', 'Comic Book', 'Batman', 'Martial Arts', 'Ninja', 'Assassin', 'Spectacle fighter', 'Character Action Game', 'Bullet Time', 'Quick-Time Events', 'Destruction', 'Lara Croft', 'Action']],
  ['cards & board games', ['Card Game', 'Trading Card Game', 'Board Game', 'Chess', 'Turn-Based', 'Gambling', 'Tabletop', 'Word Game']],
  ['comedy', ['Funny', 'Comedy', 'Memes', 'Parody', 'Satire', 'Dark Humor', 'Dark Comedy', 'Cartoony', 'Cartoon', 'Illuminati', 'Intentionally Awkward Controls', 'Villain Protagonist', 'Physics']],
  ['vr', ['VR', '360 Video', 'Voice Control', 'Experience']],
  ['music & rhythm', ['Music', 'Rhythm', 'Soundtrack', 'Music-Based Procedural Generation']],
  ['creative software', ['Utilities', 'Design & Illustration', 'Animation & Modeling', 'Web Publishing', 'Software', 'Software Training', 'Audio Production', 'Video Production', 'Photo Editing', 'Accounting', 'Education', 'Game Development', 'Programming', 'Level Editor', 'Benchmark', 'Hardware', 'Tutorial', 'GameMaker', 'Science', 'Movie', 'Documentary', 'Feature Film']],
];
/** tags that say little about a game's kind: they count this much of a specific tag */
const GENERIC_TAGS = new Set(
  ['Indie', 'Action', 'Adventure', 'Casual', 'Singleplayer', 'Multiplayer', 'Great Soundtrack', 'Atmospheric', '2D', 'Early Access', 'Free to Play', 'Classic', 'Difficult', 'Replay Value', 'Co-op', 'Controller', 'Short'].map(themeKey),
);
const GENERIC_TAG_WEIGHT = 0.25;
/**
 * A game's theme shares are raised to this power and renormalised: a game is mostly one kind of
 * game (the synthetic catalogue's tags beyond the genres are drawn at random, so without this
 * every game would be a bit of everything).
 */
const THEME_SHARPNESS = 4;

/**
 * The groups of games a player can be a fan of: the themes above, studios ('Paradox Development
 * Studio'; the first one of a comma-joined developer field) and franchises (a base game with its
 * DLC, add-ons and subtitled sequels, by the name before ' - ' or ': ': 'Train Simulator',
 * 'Borderlands 2'). Studios and franchises of a single game are dropped. Each facet gets one
 * WeightedSampler over its games, built once, so "a game of this facet" costs O(1) per draw.
 */
export interface Facets {
  count: number;
  /** facet f's games are members[start[f], start[f + 1]) */
  start: Int32Array;
  members: Int32Array;
  /** per member: its draw weight in the facet, (its appeal rank in the facet)^-FACET_ZIPF × its share of the facet */
  memberWeight: Float64Array;
  /**
   * Vose alias tables of all facets in two flat arrays (faster than one WeightedSampler per
   * facet in the hot loop): position p in facet f's range gives members[p] with probability
   * aliasProb[p], else the game aliasItem[p] (a member of the same facet).
   */
  aliasProb: Float32Array;
  aliasItem: Int32Array;
  /** per facet: the sum of its member weights */
  total: Float64Array;
  /** item i is in facet itemFacets[p] with strength itemStrength[p] (0..1), p in [itemStart[i], itemStart[i + 1]) */
  itemStart: Int32Array;
  itemFacets: Int32Array;
  itemStrength: Float32Array;
  /** the theme facets and a sampler over them (∝ popularity mass^γ), to pick users' favourites */
  themes: Int32Array;
  themePrior: WeightedSampler | null;
  /** per item, the facet of its studio and of its franchise, -1 when there is none */
  studioOf: Int32Array;
  franchiseOf: Int32Array;
}

/**
 * Within a facet, the games ranked by appeal are drawn Zipf-like: the k-th with weight
 * k^-FACET_ZIPF (times its share of the facet). Every facet thus has its own hits, which most of
 * its fans own, whatever the facet's size (so the structure does not thin out with the scale).
 */
const FACET_ZIPF = 1;
/**
 * How likely each theme is to be someone's favourite: ∝ (its share of popularity)^γ. γ well
 * below 1 flattens the pull of the themes of the few big hits so that small ones get fans too.
 */
const FACET_PRIOR_GAMMA = 0.3;

export function buildFacets(entries: readonly CatalogueGame[], weights: Float64Array, appeal: Float64Array): Facets {
  const size = entries.length;
  const nThemes = THEMES.length;
  const themesOfTag = new Map<string, number[]>();
  THEMES.forEach(([, tags], k) => {
    for (const tag of tags) {
      const key = themeKey(tag);
      const list = themesOfTag.get(key) ?? [];
      if (!list.includes(k)) list.push(k);
      themesOfTag.set(key, list);
    }
  });

  // facet ids while building: the themes first, then studios and franchises as they come
  const lists: number[][] = THEMES.map(() => []);
  const strengths: number[][] = THEMES.map(() => []);
  const named = new Map<string, number>();
  const studioRaw = new Int32Array(size).fill(-1);
  const franchiseRaw = new Int32Array(size).fill(-1);
  const group = (kind: string, key: string, item: number): number => {
    if (!key) return -1;
    const name = `${kind}\u0000${key}`;
    let f = named.get(name);
    if (f === undefined) {
      f = lists.length;
      named.set(name, f);
      lists.push([]);
      strengths.push([]);
    }
    lists[f].push(item);
    strengths[f].push(1);
    return f;
  };
  const share = new Float64Array(nThemes);
  const seen = new Set<string>();
  for (let i = 0; i < size; i++) {
    const e = entries[i];
    share.fill(0);
    seen.clear();
    let sum = 0;
    for (const tag of [...e.genres, ...e.tags]) {
      const key = themeKey(tag);
      if (seen.has(key)) continue;
      seen.add(key);
      const ks = themesOfTag.get(key);
      if (!ks) continue;
      const w = (GENERIC_TAGS.has(key) ? GENERIC_TAG_WEIGHT : 1) / (1 + 0.1 * (seen.size - 1)) / ks.length;
      for (const k of ks) share[k] += w;
      sum += w * ks.length;
    }
    if (sum > 0) {
      // sharpened (a game is mostly one kind of game, whatever its long tag list says), then the
      // shares under 5% are dropped (they weigh little and slow the samplers down)
      let sharp = 0;
      for (let k = 0; k < nThemes; k++) sharp += share[k] = Math.pow(share[k] / sum, THEME_SHARPNESS);
      let kept = 0;
      for (let k = 0; k < nThemes; k++) {
        if (share[k] < 0.05 * sharp) share[k] = 0;
        kept += share[k];
      }
      for (let k = 0; k < nThemes; k++) {
        if (share[k] === 0) continue;
        lists[k].push(i);
        strengths[k].push(share[k] / kept);
      }
    }
    studioRaw[i] = group('studio', studioKey(e.developer), i);
    franchiseRaw[i] = group('franchise', franchiseKey(e.name), i);
  }

  // keep facets of two games or more, in creation order (deterministic)
  const newId = new Int32Array(lists.length).fill(-1);
  let count = 0;
  for (let f = 0; f < lists.length; f++) if (lists[f].length >= 2) newId[f] = count++;
  const start = new Int32Array(count + 1);
  for (let f = 0; f < lists.length; f++) if (newId[f] >= 0) start[newId[f] + 1] = lists[f].length;
  for (let f = 0; f < count; f++) start[f + 1] += start[f];
  const members = new Int32Array(start[count]);
  const strength = new Float32Array(start[count]);
  for (let f = 0; f < lists.length; f++) {
    if (newId[f] < 0) continue;
    members.set(lists[f], start[newId[f]]);
    strength.set(strengths[f], start[newId[f]]);
  }

  const memberWeight = new Float64Array(members.length);
  const orderKey = new Float64Array(members.length);
  const aliasProb = new Float32Array(members.length);
  const aliasItem = new Int32Array(members.length);
  const total = new Float64Array(count);
  const perItem = new Int32Array(size);
  for (let f = 0; f < count; f++) {
    const order: number[] = [];
    for (let p = start[f]; p < start[f + 1]; p++) {
      order.push(p);
      orderKey[p] = appeal[members[p]] * strength[p];
      perItem[members[p]]++;
    }
    order.sort((a, b) => orderKey[b] - orderKey[a] || a - b);
    for (let r = 0; r < order.length; r++) {
      const p = order[r];
      memberWeight[p] = Math.pow(r + 1, -FACET_ZIPF) * strength[p];
      total[f] += memberWeight[p];
    }
    fillAlias(memberWeight, start[f], start[f + 1], aliasProb, aliasItem);
  }
  const itemStart = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) itemStart[i + 1] = itemStart[i] + perItem[i];
  const itemFacets = new Int32Array(itemStart[size]);
  const itemStrength = new Float32Array(itemStart[size]);
  const fill = itemStart.slice(0, size);
  for (let p = 0; p < members.length; p++) aliasItem[p] = members[aliasItem[p]];
  for (let f = 0; f < count; f++) {
    for (let p = start[f]; p < start[f + 1]; p++) {
      const at = fill[members[p]]++;
      itemFacets[at] = f;
      itemStrength[at] = strength[p];
    }
  }

  const themes: number[] = [];
  const prior: number[] = [];
  for (let k = 0; k < nThemes; k++) {
    const f = newId[k];
    if (f < 0) continue;
    let mass = 0;
    for (let p = start[f]; p < start[f + 1]; p++) mass += weights[members[p]] * strength[p];
    themes.push(f);
    prior.push(Math.pow(mass, FACET_PRIOR_GAMMA));
  }
  const remap = (raw: Int32Array): Int32Array => raw.map((f) => (f >= 0 ? newId[f] : -1));
  return {
    count,
    start,
    members,
    memberWeight,
    aliasProb,
    aliasItem,
    total,
    itemStart,
    itemFacets,
    itemStrength,
    themes: Int32Array.from(themes),
    themePrior: themes.length ? new WeightedSampler(prior) : null,
    studioOf: remap(studioRaw),
    franchiseOf: remap(franchiseRaw),
  };
}

/** 'Design &amp; Illustration' (a genre) and 'Design & Illustration' (a tag) are one key. */
function themeKey(name: string): string {
  return name.replaceAll('&amp;', '&').trim().toLowerCase();
}

/** The lead studio: 'Firaxis Games,Aspyr (Mac),Aspyr (Linux)' → 'firaxis games' (ports are not a taste). */
function studioKey(developer: string): string {
  const comma = developer.indexOf(',');
  return (comma >= 0 ? developer.slice(0, comma) : developer).trim().toLowerCase();
}

/** 'Lost Kingdom - Season Pass', 'Train Simulator: Route Add-On' → the base name, marks removed. */
function franchiseKey(name: string): string {
  const cut = name.search(/ [-–—] |: /);
  return (cut > 0 ? name.slice(0, cut) : name).replace(/[™®©]/g, '').trim().toLowerCase();
}
