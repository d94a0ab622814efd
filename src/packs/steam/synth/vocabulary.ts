/** The catalogue's vocabularies and weights, with the real data's proportions (PROVENANCE.md). */
/** The real genre vocabulary with its record counts (for weights); '&amp;' is in the data. */
export const GENRES: [string, number][] = [
  ['Indie', 15858], ['Action', 11321], ['Casual', 8282], ['Adventure', 8243], ['Strategy', 6957],
  ['Simulation', 6699], ['RPG', 5479], ['Free to Play', 2031], ['Sports', 1257],
  ['Massively Multiplayer', 1108], ['Racing', 1083], ['Design &amp; Illustration', 460], ['Utilities', 340],
  ['Web Publishing', 268], ['Animation &amp; Modeling', 183], ['Education', 125], ['Video Production', 116],
  ['Software Training', 105], ['Audio Production', 93], ['Photo Editing', 77], ['Accounting', 7],
];
export const GENRE_COUNT_WEIGHTS = [0, 6788, 9380, 7545, 3178, 1324, 478, 115, 35, 5, 3, 1];

export const TAGS: [string, number][] = [
  ['Indie', 17620], ['Action', 13005], ['Adventure', 9831], ['Casual', 9739], ['Simulation', 7730], ['Strategy', 7566],
  ['RPG', 5919], ['Singleplayer', 4346], ['Free to Play', 2406], ['Multiplayer', 2383], ['Great Soundtrack', 2235],
  ['Puzzle', 2111], ['2D', 1945], ['Atmospheric', 1935], ['VR', 1796], ['Sports', 1597], ['Platformer', 1449],
  ['Story Rich', 1446], ['Sci-fi', 1388], ['Fantasy', 1363], ['Horror', 1332], ['Open World', 1319], ['Difficult', 1313],
  ['Anime', 1303], ['Massively Multiplayer', 1286], ['Pixel Graphics', 1241], ['Co-op', 1235], ['Shooter', 1234],
  ['Racing', 1229], ['Female Protagonist', 1178], ['Funny', 1117], ['First-Person', 1086], ['FPS', 1009],
  ['Sandbox', 971], ['Arcade', 968], ['Retro', 959], ['Turn-Based', 949], ['Comedy', 930], ['Point & Click', 866],
  ['Survival', 864], ['Classic', 794], ['Family Friendly', 773], ['Space', 720], ['Movie', 720], ['Gore', 643],
  ['Design & Illustration', 629], ['Third Person', 622], ['Visual Novel', 617], ['Utilities', 613], ['Exploration', 592],
  ['Online Co-Op', 582], ['Cute', 558], ["Shoot 'Em Up", 532], ['Hidden Object', 520], ['Violent', 516],
  ['Zombies', 514], ['Local Multiplayer', 512], ['Local Co-Op', 511], ['Rogue-like', 508], ['Tactical', 504],
  ['RPGMaker', 476], ['Controller', 463], ['Physics', 457], ['RTS', 455], ['Mystery', 448], ['Turn-Based Strategy', 444],
  ['Psychological Horror', 434], ['Nudity', 433], ['Replay Value', 391], ['Short', 387], ['Memes', 387],
  ['Puzzle-Platformer', 377], ['Education', 376], ['Historical', 370], ['Fast-Paced', 366], ['Side Scroller', 351],
  ['Realistic', 350], ['Building', 350], ['Stealth', 348], ['Tower Defense', 345], ['Action RPG', 337],
  ['Management', 328], ['Music', 322], ['Dark', 322], ['Survival Horror', 308], ['Bullet Hell', 307], ['Relaxing', 303],
  ['War', 302], ['Action-Adventure', 300], ['Crafting', 292], ['Hack and Slash', 292], ['Walking Simulator', 285],
  ['Software', 285], ['Web Publishing', 281], ['Top-Down', 280], ['4 Player Local', 278], ['JRPG', 277],
  ['Colorful', 274], ['Animation & Modeling', 272], ['Fighting', 264], ['Party-Based RPG', 264], ['Episodic', 262],
  ['Rogue-lite', 261], ['Competitive', 254], ['Moddable', 245], ['Minimalist', 243], ['Dungeon Crawler', 237],
  ['PvP', 236], ['Third-Person Shooter', 234], ['Card Game', 233], ['Post-apocalyptic', 233],
  ['Procedural Generation', 230], ['Isometric', 229], ['World War II', 226], ['Medieval', 223],
  ['Sexual Content', 216], ['Board Game', 210], ['Cyberpunk', 207], ['Choices Matter', 199], ["Beat 'em up", 150],
  ['Trading Card Game', 120], ['Dark Fantasy', 110], ['Character Customization', 180], ['Alternate History', 90],
  ['Dystopian', 120], ['Sniper', 60], ['Cinematic', 110], ['Metroidvania', 130], ['Superhero', 70], ['Batman', 10],
];
export const TAG_COUNT_WEIGHTS = [
  0, 4135, 5835, 5847, 3945, 2631, 1807, 1240, 969, 828, 713, 481, 437, 351, 252, 253, 290, 216, 161, 159, 1422,
];

/** Store features in the order the store lists them, with record counts. */
export const SPECS: [string, number][] = [
  ['Single-player', 27577], ['Multi-player', 8198], ['Online Multi-Player', 2370], ['Local Multi-Player', 1237],
  ['Co-op', 4280], ['Online Co-op', 998], ['Local Co-op', 743], ['Shared/Split Screen', 3962],
  ['Cross-Platform Multiplayer', 2550], ['MMO', 942], ['Steam Achievements', 16366], ['Full controller support', 7385],
  ['Partial Controller Support', 6539], ['Steam Trading Cards', 12199], ['Captions available', 1643],
  ['Commentary available', 201], ['Steam Workshop', 1866], ['SteamVR Collectibles', 30], ['In-App Purchases', 933],
  ['Valve Anti-Cheat enabled', 462], ['Steam Cloud', 9960], ['Steam Leaderboards', 6081], ['Stats', 2321],
  ['Includes level editor', 1377], ['Includes Source SDK', 60], ['Downloadable Content', 12691], ['Game demo', 363],
  ['Mods', 11], ['Mods (require HL2)', 10], ['Steam Turn Notifications', 91], ['HTC Vive', 1984], ['Oculus Rift', 1213],
  ['Windows Mixed Reality', 161], ['Tracked Motion Controllers', 1816], ['Gamepad', 387], ['Keyboard / Mouse', 418],
  ['Seated', 1090], ['Standing', 1462], ['Room-Scale', 1445],
];
export const SPEC_COUNT_WEIGHTS = [0, 3859, 4489, 4134, 4954, 3700, 3004, 2156, 2782, 960, 621, 415, 206, 80, 53, 28, 13, 5, 3, 1, 1];

/** Numeric prices with their counts; only non-integers, because pyJsonDumps writes 10.0 as 10. */
export const PRICES: [number, number][] = [
  [4.99, 4278], [9.99, 3902], [2.99, 3429], [0.99, 2607], [1.99, 2541], [3.99, 1918], [19.99, 1719], [14.99, 1557],
  [6.99, 1199], [7.99, 1095], [5.99, 948], [29.99, 520], [12.99, 417], [24.99, 402], [8.99, 347], [11.99, 331],
  [39.99, 295], [49.99, 162], [34.99, 109], [59.99, 100], [17.99, 94], [10.99, 93], [13.99, 92], [16.99, 87],
  [15.99, 86], [99.99, 63], [18.99, 56], [2.49, 38], [44.99, 33], [79.99, 27], [69.99, 25], [3.49, 19], [54.99, 17],
  [7.49, 11], [149.99, 11], [64.99, 11], [1.49, 9], [119.99, 7], [5.49, 7], [129.99, 7], [0.49, 2], [13.37, 1],
  [771.71, 1], [299.99, 3], [199.99, 5],
];
/** Text prices seen on games without the Free to Play genre, with counts. */
export const TEXT_PRICES: [string, number][] = [
  ['Free', 905], ['Free Mod', 4], ['Free Demo', 3], ['Play for Free!', 2], ['Third-party', 2], ['Play Now', 2],
  ['Install Now', 1], ['Install Theme', 1], ['Play the Demo', 1], ['Starting at $499.00', 1],
  ['Starting at $449.00', 1], ['Free to Try', 1], ['Free Movie', 1], ['Free to Use', 1],
  ['Free HITMAN™ Holiday Pack', 1],
];
export const FREE_TO_PLAY_PRICES: [string, number][] = [['Free to Play', 520], ['Free To Play', 462], ['Free', 200]];

/** Release years of the dated records (real counts, 1970-2021). */
export const YEARS: [number, number][] = [
  [1970, 2], [1975, 1], [1980, 1], [1981, 3], [1982, 3], [1983, 4], [1984, 4], [1985, 3], [1986, 1], [1987, 9],
  [1988, 7], [1989, 10], [1990, 12], [1991, 16], [1992, 15], [1993, 34], [1994, 36], [1995, 33], [1996, 39],
  [1997, 42], [1998, 61], [1999, 55], [2000, 40], [2001, 69], [2002, 50], [2003, 84], [2004, 79], [2005, 102],
  [2006, 155], [2007, 167], [2008, 213], [2009, 337], [2010, 436], [2011, 589], [2012, 1192], [2013, 1551],
  [2014, 2832], [2015, 4945], [2016, 6933], [2017, 9518], [2018, 96], [2019, 3], [2021, 1],
];
/** Non-ISO release dates: ~1% of dated records. {Y} year, {Q} quarter, {M} month abbreviation. */
export const ODD_DATES: [string, number][] = [
  ['{Y}', 42], ['Coming Soon', 27], ['Q{Q} {Y}', 20], ['TBA', 16], ['{M} {Y}', 70], ['Coming soon', 8], ['TBD', 6],
  ['Winter {Y}', 8], ['Fall {Y}', 6], ['Early {Y}', 6], ['SOON', 5], ['Spring {Y}', 4], ['Soon', 4],
  ['Summer {Y}', 3], ['{MONTH} {Y}', 6], ["When it's done", 2], ['coming soon', 2], ['Coming {Y}', 2],
  ['Not yet available', 2], ['{Y} Q{Q}', 2], ['Coming Soon!', 2], ['Coming Q{Q} {Y}', 2], ['Soon..', 1],
  ['Beta测试已开启', 1], ['soon', 1], ['{M} {D}, {Y}', 4],
];

export type Field = 'publisher' | 'genres' | 'app_name' | 'title' | 'url' | 'release_date' | 'tags' | 'reviews_url' | 'specs' | 'price' | 'early_access' | 'id' | 'developer';
export const FIELDS: Field[] = ['publisher', 'genres', 'app_name', 'title', 'url', 'release_date', 'tags', 'reviews_url', 'specs', 'price', 'early_access', 'id', 'developer'];

/** Which fields are NaN together, with record counts: missing values cluster (e.g. no store page). */
export const NAN_PATTERNS: [Field[], number][] = [
  [[], 22530], [['publisher'], 4641], [['publisher', 'genres', 'title', 'release_date', 'developer'], 1931],
  [['price'], 1050], [['publisher', 'genres', 'developer'], 667], [['publisher', 'genres', 'specs', 'developer'], 372],
  [['specs'], 277], [['publisher', 'price'], 134], [['publisher', 'genres', 'title', 'release_date', 'price', 'developer'], 116],
  [['publisher', 'developer'], 104], [['genres', 'tags'], 60], [['developer'], 51], [['genres'], 38],
  [['publisher', 'genres', 'tags'], 35], [['publisher', 'genres', 'tags', 'developer'], 15], [['genres', 'tags', 'price'], 14],
  [['release_date', 'price'], 13], [['publisher', 'price', 'developer'], 12], [['tags', 'price'], 10], [['tags'], 9],
  [['genres', 'developer'], 9], [['specs', 'price'], 6], [['release_date'], 4],
  [['publisher', 'genres', 'specs', 'price', 'developer'], 4], [['genres', 'price'], 4],
];

/** Real best-sellers, so the top of the popularity curve has recognisable ids and names. */
export const FAMOUS: { id: string; name: string; developer: string; publisher: string; genres: string[]; date: string; price: number | string }[] = [
  { id: '730', name: 'Counter-Strike: Global Offensive', developer: 'Valve,Hidden Path Entertainment', publisher: 'Valve', genres: ['Action'], date: '2012-08-21', price: 14.99 },
  { id: '440', name: 'Team Fortress 2', developer: 'Valve', publisher: 'Valve', genres: ['Action', 'Free to Play'], date: '2007-10-10', price: 'Free to Play' },
  { id: '4000', name: "Garry's Mod", developer: 'Facepunch Studios', publisher: 'Valve', genres: ['Indie', 'Simulation'], date: '2006-11-29', price: 9.99 },
  { id: '570', name: 'Dota 2', developer: 'Valve', publisher: 'Valve', genres: ['Action', 'Free to Play', 'Strategy'], date: '2013-07-09', price: 'Free to Play' },
  { id: '218620', name: 'PAYDAY 2', developer: 'OVERKILL - a Starbreeze Studio.', publisher: 'Starbreeze Publishing AB', genres: ['Action', 'RPG'], date: '2013-08-13', price: 9.99 },
  { id: '304930', name: 'Unturned', developer: 'Smartly Dressed Games', publisher: 'Smartly Dressed Games', genres: ['Action', 'Adventure', 'Casual', 'Free to Play', 'Indie'], date: '2017-07-07', price: 'Free To Play' },
  { id: '550', name: 'Left 4 Dead 2', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2009-11-16', price: 19.99 },
  { id: '105600', name: 'Terraria', developer: 'Re-Logic', publisher: 'Re-Logic', genres: ['Action', 'Adventure', 'Indie', 'RPG'], date: '2011-05-16', price: 9.99 },
  { id: '252490', name: 'Rust', developer: 'Facepunch Studios', publisher: 'Facepunch Studios', genres: ['Action', 'Adventure', 'Indie', 'Massively Multiplayer', 'RPG'], date: '2013-12-11', price: 34.99 },
  { id: '221100', name: 'DayZ', developer: 'Bohemia Interactive', publisher: 'Bohemia Interactive', genres: ['Action', 'Adventure', 'Early Access', 'Massively Multiplayer'], date: '2013-12-16', price: 34.99 },
  { id: '240', name: 'Counter-Strike: Source', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2004-11-01', price: 19.99 },
  { id: '72850', name: 'The Elder Scrolls V: Skyrim', developer: 'Bethesda Game Studios', publisher: 'Bethesda Softworks', genres: ['RPG'], date: '2011-11-10', price: 19.99 },
  { id: '230410', name: 'Warframe', developer: 'Digital Extremes', publisher: 'Digital Extremes', genres: ['Action', 'Free to Play'], date: '2013-03-25', price: 'Free to Play' },
  { id: '49520', name: 'Borderlands 2', developer: 'Gearbox Software,Aspyr (Mac),Aspyr (Linux)', publisher: '2K', genres: ['Action', 'RPG'], date: '2012-09-17', price: 19.99 },
  { id: '10', name: 'Counter-Strike', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2000-11-01', price: 9.99 },
  { id: '220', name: 'Half-Life 2', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2004-11-16', price: 9.99 },
  { id: '620', name: 'Portal 2', developer: 'Valve', publisher: 'Valve', genres: ['Action', 'Adventure'], date: '2011-04-18', price: 19.99 },
  { id: '8930', name: "Sid Meier's Civilization® V", developer: 'Firaxis Games,Aspyr (Mac),Aspyr (Linux)', publisher: '2K,Aspyr (Mac),Aspyr (Linux)', genres: ['Strategy'], date: '2010-09-21', price: 29.99 },
  { id: '252950', name: 'Rocket League®', developer: 'Psyonix, Inc.', publisher: 'Psyonix, Inc.', genres: ['Action', 'Indie', 'Racing', 'Sports'], date: '2015-07-07', price: 19.99 },
  { id: '211820', name: 'Starbound', developer: 'Chucklefish', publisher: 'Chucklefish', genres: ['Action', 'Adventure', 'Casual', 'Indie', 'RPG'], date: '2016-07-22', price: 14.99 },
  { id: '227940', name: 'Heroes & Generals', developer: 'RETO MOTO', publisher: 'RETO MOTO', genres: ['Action', 'Free to Play', 'Massively Multiplayer', 'Strategy'], date: '2016-10-18', price: 'Free to Play' },
  { id: '107410', name: 'Arma 3', developer: 'Bohemia Interactive', publisher: 'Bohemia Interactive', genres: ['Action', 'Simulation', 'Strategy'], date: '2013-09-12', price: 39.99 },
  { id: '70', name: 'Half-Life', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '1998-11-08', price: 9.99 },
  { id: '300', name: 'Day of Defeat: Source', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2010-07-12', price: 9.99 },
  { id: '200510', name: 'XCOM: Enemy Unknown', developer: 'Firaxis Games,Feral Interactive (Mac),Feral Interactive (Linux)', publisher: '2K', genres: ['Strategy'], date: '2012-10-08', price: 29.99 },
  { id: '363970', name: 'Clicker Heroes', developer: 'Playsaurus', publisher: 'Playsaurus', genres: ['Casual', 'Free to Play', 'Indie', 'RPG', 'Simulation', 'Strategy'], date: '2015-05-13', price: 'Free to Play' },
  { id: '346110', name: 'ARK: Survival Evolved', developer: 'Studio Wildcard,Instinct Games,Efecto Studios,Virtual Basement LLC', publisher: 'Studio Wildcard', genres: ['Action', 'Adventure', 'Early Access', 'Indie', 'Massively Multiplayer', 'RPG'], date: '2017-08-27', price: 29.99 },
  { id: '241930', name: 'Middle-earth™: Shadow of Mordor™', developer: 'Monolith Productions, Inc.', publisher: 'WB Games', genres: ['Action', 'Adventure', 'RPG'], date: '2014-09-30', price: 19.99 },
  { id: '289070', name: "Sid Meier's Civilization® VI", developer: 'Firaxis Games,Aspyr (Mac),Aspyr (Linux)', publisher: '2K', genres: ['Strategy'], date: '2016-10-20', price: 59.99 },
  { id: '359550', name: "Tom Clancy's Rainbow Six® Siege", developer: 'Ubisoft Montréal', publisher: 'Ubisoft', genres: ['Action'], date: '2015-12-01', price: 19.99 },
];

/** Studios that own many records; new studios are drawn from these first (Simon's model). */
export const BIG_DEVELOPERS = [
  'Ubisoft - San Francisco', 'SmiteWorks USA, LLC', 'Dovetail Games', 'KOEI TECMO GAMES CO., LTD.', 'Paradox Development Studio',
  'Capcom', 'Ronimo Games', 'Choice of Games', 'Stainless Games', 'Musopia', 'N3V Games', 'Ubisoft Montréal',
  'Relic Entertainment,Feral Interactive (Mac),Feral Interactive (Linux)', 'DL Softworks', 'SCS Software', 'Milestone S.r.l.',
  'Team NINJA,KOEI TECMO GAMES CO., LTD.', 'Arc System Works', 'Valve', 'Infinity Ward', 'Rebellion', 'SEGA', 'Treyarch',
  'Square Enix Montréal', 'Arcane Raise', 'Magic Pixel Kft.', 'Monster Games', 'Llama Software', 'Ubisoft',
];
export const BIG_PUBLISHERS = [
  'Ubisoft', 'Dovetail Games - Trains', 'Degica', 'Paradox Interactive', 'SEGA', 'Dovetail Games - Flight',
  'KOEI TECMO GAMES CO., LTD.', 'Activision', 'Big Fish Games', 'KISS ltd', 'Dovetail Games', 'THQ Nordic', 'Capcom',
  'Strategy First', 'Square Enix', 'Slitherine Ltd.', 'BANDAI NAMCO Entertainment', 'SEGA, Feral Interactive (Mac), Feral Interactive (Linux)',
  'Deep Silver', 'Valve',
];

// Word lists for names. Mostly ASCII; the non-ASCII shares below mirror the real ~10% of names.
export const ADJECTIVES = [
  'Lost', 'Dark', 'Ancient', 'Crimson', 'Silent', 'Eternal', 'Broken', 'Hidden', 'Savage', 'Infinite', 'Tiny', 'Super',
  'Mega', 'Iron', 'Golden', 'Forgotten', 'Frozen', 'Wild', 'Last', 'First', 'Little', 'Shadow', 'Neon', 'Cosmic',
  'Royal', 'Endless', 'Steel', 'Crazy', 'Mystic', 'Brave', 'Red', 'Blue', 'Black', 'Haunted', 'Fallen', 'Rising',
];
export const NOUNS = [
  'Kingdom', 'Legends', 'Summoner', 'Kitty', 'Dungeon', 'Empire', 'Knight', 'Heroes', 'Warriors', 'Galaxy', 'Space',
  'Island', 'Quest', 'Tales', 'Chronicles', 'Souls', 'Road', 'City', 'Farm', 'Tycoon', 'Racer', 'Arena', 'Tower',
  'Station', 'Planet', 'Escape', 'Survival', 'Zombie', 'Dragon', 'Ninja', 'Pirates', 'Robots', 'Wizard', 'Train',
  'Truck', 'Pool', 'Puzzle', 'Maze', 'Battle', 'War', 'Storm', 'Night', 'Dream', 'Forest', 'Ocean', 'Castle', 'Star',
];
export const TAILS = ['Simulator', 'VR', 'Online', 'Remastered', 'Deluxe', 'HD', 'Tactics', 'Defense', 'Adventure', 'Saga', 'Origins', 'Rush'];
export const DLC_SUFFIXES = [
  'Soundtrack', 'Digital Art Book', 'Season Pass', 'Expansion Pack', 'Costume Pack', 'Deluxe Upgrade', 'Supporter Pack',
  'Map Pack', 'Chapter {N}', 'Episode {N}', 'Bonus Content', 'Starter Pack', "Collector's Edition Content",
];
export const FOREIGN_NAMES = [
  '弹炸人2222', '桜の樹の下には', '三国志ツクール', 'Астролорды: Облако Оорта', 'Сказки', 'Путешествие', '魔界戦記',
  'デラックスセット', '妖聖セット', 'Café Rush', 'Über Kraft', 'Señor Pixel', 'Niño Perdido', 'Blåbär', 'Öde',
  'Ægir', 'Łowca', 'Nước', 'Wojdan - وجدان', 'Çılgın Yarış', 'Ψυχή', '하늘섬', 'Mold on Pizza 🍕',
];
/** syllables for invented studio names ('Kotoshiro', 'Poppermost'): ~30^3 distinct words */
export const SYLLABLES = [
  'ko', 'to', 'shi', 'ro', 'la', 'ush', 'pop', 'per', 'most', 'trick', 'jump', 'six', 'nail', 'pool', 'zen', 'mor',
  'vex', 'qua', 'lix', 'dor', 'ban', 'fal', 'gri', 'tel', 'nu', 'ra', 've', 'on', 'ix', 'bit', 'mo', 'pix',
];
export const STUDIO_WORDS = ['Pixel', 'Byte', 'Moon', 'Fox', 'Owl', 'Ember', 'Rocket', 'Lantern', 'Rogue', 'Atlas', 'Nimbus', 'Quartz', 'Cobalt', 'Pine', 'Mammoth'];
export const STUDIO_SUFFIXES = [
  'Games', 'Studio', 'Studios', 'Entertainment', 'Interactive', 'Productions', 'Software', 'Games Ltd', 'LLC',
  'Inc.', 'S.r.l.', 'GmbH', 'Kft.', 'OÜ', 'AB', 'Team', 'Works', 'Labs', 'Soft', 'Media',
];
/** solo developers; the accented ones keep the real ~1% of non-ASCII developer names */
export const FIRST_NAMES = [
  'Erik', 'Étienne', 'Mårten', 'Tonguç', 'Michael', 'René', 'Gregor', 'Érico', 'Ernő', 'Zoë', 'John', 'Sarah', 'Dmitriy',
  'Kevin', 'Paweł', 'Ana', 'Lucas', 'Tom', 'Maria', 'Jakub', 'Yuki', 'Chen', 'Oliver', 'Emma', 'Lars', 'Ivan', 'Sofia',
];
export const LAST_NAMES = [
  'Svedäng', 'Périn', 'Jonsson', 'Bodur', 'Lückgen', 'Bühling', 'Panič', 'Temponi', 'Király', 'Carter', 'Miller',
  'Laush', 'Wong', 'Radej', 'Souza', 'Pereira', 'Becker', 'Novak', 'Tanaka', 'Li', 'Smith', 'Berg', 'Petrov', 'Rossi',
];
export const CJK_STUDIOS = ['彼岸领域', '神奈川電子技術研究所', '过路乐师A', '高考恋爱委员会', '星辰工作室', 'ゆずソフト'];
