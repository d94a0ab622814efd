/** The generator's vocabularies and weights, with the real data's proportions (PROVENANCE.md). */
/** TMDB genres with their ids and the real number of movies listing each. */
export const GENRES: [number, string, number][] = [
  [18, 'Drama', 20265], [35, 'Comedy', 13182], [53, 'Thriller', 7624], [10749, 'Romance', 6735], [28, 'Action', 6596],
  [27, 'Horror', 4673], [80, 'Crime', 4307], [99, 'Documentary', 3932], [12, 'Adventure', 3496], [878, 'Science Fiction', 3049],
  [10751, 'Family', 2770], [9648, 'Mystery', 2467], [14, 'Fantasy', 2313], [16, 'Animation', 1935], [10769, 'Foreign', 1622],
  [10402, 'Music', 1598], [36, 'History', 1398], [10752, 'War', 1323], [37, 'Western', 1042], [10770, 'TV Movie', 767],
];
export const GENRE_COUNT_WEIGHTS = [54, 330, 320, 200, 70, 20, 6];

/** Original languages (ISO 639-1, TMDB's 'cn' and 'xx' included) with approximate real counts. */
export const ORIGINAL_LANGUAGES: [string, number][] = [
  ['en', 32269], ['fr', 2438], ['it', 1529], ['ja', 1350], ['de', 1080], ['es', 994], ['ru', 826], ['hi', 508],
  ['ko', 444], ['zh', 409], ['sv', 384], ['pt', 316], ['cn', 313], ['fi', 297], ['nl', 248], ['da', 225], ['pl', 219],
  ['xx', 199], ['tr', 150], ['hu', 145], ['el', 136], ['cs', 130], ['no', 107], ['fa', 101], ['ta', 78], ['th', 76],
  ['he', 61], ['ro', 57], ['te', 45], ['ar', 39], ['is', 25], ['et', 20], ['sr', 18], ['ml', 18], ['bn', 17], ['uk', 12],
];

/** Spoken-language names as TMDB writes them (the language's own name; some quirks kept). */
export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español', it: 'Italiano', ja: '日本語', ru: 'Pусский', zh: '普通话',
  hi: 'हिन्दी', pt: 'Português', sv: 'svenska', ko: '한국어/조선말', pl: 'Polski', cn: '广州话 / 廣州話', fi: 'suomi',
  hu: 'Magyar', ar: 'العربية', nl: 'Nederlands', xx: 'No Language', da: 'Dansk', cs: 'Český', tr: 'Türkçe', he: 'עִבְרִית',
  el: 'ελληνικά', th: 'ภาษาไทย', no: 'Norsk', fa: 'فارسی', la: 'Latin', ro: 'Română', ta: 'தமிழ்', sr: 'Srpski',
  te: 'తెలుగు', yi: '', vi: 'Tiếng Việt', is: 'Íslenska', tl: '', ur: 'اردو', uk: 'Український', hr: 'Hrvatski',
  et: 'Eesti', ml: '', bn: 'বাংলা',
};
/** Extra spoken languages, with real counts. */
export const SPOKEN_EXTRA: [string, number][] = [
  ['en', 28747], ['fr', 4196], ['de', 2625], ['es', 2413], ['it', 2367], ['ja', 1759], ['ru', 1563], ['zh', 790],
  ['hi', 707], ['pt', 591], ['sv', 560], ['ko', 542], ['pl', 524], ['cn', 473], ['fi', 371], ['hu', 360], ['ar', 341],
  ['nl', 340], ['da', 302], ['cs', 284], ['tr', 247], ['he', 215], ['el', 213], ['th', 176], ['no', 171], ['la', 140],
  ['ro', 128], ['sr', 108], ['yi', 62], ['vi', 61], ['is', 60], ['tl', 58], ['ur', 55], ['uk', 53], ['hr', 52],
];

/** Producing countries with TMDB's names and real counts. */
export const COUNTRIES: [string, string, number][] = [
  ['US', 'United States of America', 21155], ['GB', 'United Kingdom', 4095], ['FR', 'France', 3940], ['DE', 'Germany', 2254],
  ['IT', 'Italy', 2169], ['CA', 'Canada', 1767], ['JP', 'Japan', 1649], ['ES', 'Spain', 964], ['RU', 'Russia', 912],
  ['IN', 'India', 828], ['HK', 'Hong Kong', 596], ['SE', 'Sweden', 588], ['AU', 'Australia', 570], ['KR', 'South Korea', 495],
  ['BE', 'Belgium', 447], ['DK', 'Denmark', 386], ['FI', 'Finland', 383], ['NL', 'Netherlands', 375], ['CN', 'China', 372],
  ['MX', 'Mexico', 329], ['PL', 'Poland', 319], ['BR', 'Brazil', 291], ['CH', 'Switzerland', 254], ['AR', 'Argentina', 254],
  ['IE', 'Ireland', 225], ['CZ', 'Czech Republic', 209], ['AT', 'Austria', 209], ['NO', 'Norway', 203], ['HU', 'Hungary', 175],
  ['GR', 'Greece', 169], ['TR', 'Turkey', 165], ['IL', 'Israel', 147], ['RO', 'Romania', 142], ['TW', 'Taiwan', 129],
  ['PT', 'Portugal', 128], ['ZA', 'South Africa', 125], ['NZ', 'New Zealand', 123], ['TH', 'Thailand', 116],
  ['RS', 'Serbia', 106], ['IR', 'Iran', 106], ['IS', 'Iceland', 60], ['CU', 'Cuba', 40], ['CI', "Cote D'Ivoire", 8],
];
/** Where movies in a language are mostly made. */
export const LANGUAGE_COUNTRY: Record<string, string> = {
  en: 'US', fr: 'FR', it: 'IT', ja: 'JP', de: 'DE', es: 'ES', ru: 'RU', hi: 'IN', ko: 'KR', zh: 'CN', sv: 'SE', pt: 'BR',
  cn: 'HK', fi: 'FI', nl: 'NL', da: 'DK', pl: 'PL', tr: 'TR', hu: 'HU', el: 'GR', cs: 'CZ', no: 'NO', fa: 'IR', ta: 'IN',
  th: 'TH', he: 'IL', ro: 'RO', te: 'IN', ar: 'EG', is: 'IS', et: 'EE', sr: 'RS', ml: 'IN', bn: 'IN', uk: 'UA',
};
export const EXTRA_COUNTRY_NAMES: Record<string, string> = { EG: 'Egypt', EE: 'Estonia', UA: 'Ukraine' };

/** The studios with the most movies, then invented ones; one accent variant on purpose. */
export const BIG_COMPANIES = [
  'Warner Bros.', 'Metro-Goldwyn-Mayer (MGM)', 'Paramount Pictures', 'Twentieth Century Fox Film Corporation', 'Universal Pictures',
  'Columbia Pictures Corporation', 'Canal+', 'Columbia Pictures', 'RKO Radio Pictures', 'United Artists', 'New Line Cinema',
  'Walt Disney Pictures', 'Touchstone Pictures', 'TriStar Pictures', 'Mosfilm', 'Miramax Films', 'France 2 Cinéma',
  'Centre National de la Cinématographie (CNC)', 'Toho Company', 'BBC Films', 'Gaumont', 'StudioCanal', 'Studio Zéphyr',
  'Studio Zephyr', 'Pixar Animation Studios', 'Lionsgate',
];
export const COMPANY_WORDS = [
  'Silver', 'Northern', 'Blue', 'Golden', 'Red', 'Iron', 'Lucky', 'Black', 'Green', 'Crystal', 'Desert', 'Harbor', 'Summit',
  'Orchid', 'Falcon', 'Lion', 'Phoenix', 'Atlas', 'Aurora', 'Cedar', 'Comet', 'Delta', 'Echo', 'Ember', 'Horizon', 'Maple',
  'Meridian', 'Nova', 'Pioneer', 'Raven', 'Sierra', 'Solstice', 'Spark', 'Titan', 'Vista', 'Willow', 'Zenith', 'Lumière',
  'Márquez', 'Olympia', 'Sirocco', 'Tundra', 'Kestrel', 'Mirage', 'Nimbus', 'Oasis', 'Quarry', 'Rialto', 'Saffron',
];
export const COMPANY_SUFFIXES = [
  'Pictures', 'Films', 'Productions', 'Entertainment', 'Studios', 'Media', 'Film Group', 'Cinema', 'Filmproduktion',
  'Producciones', 'Film Partners', 'Releasing', 'Motion Pictures', 'Animation', 'Television', 'Company', 'Films Ltd.',
];

export const FEMALE = [
  'Mary', 'Anna', 'Elizabeth', 'Margaret', 'Helen', 'Ruth', 'Dorothy', 'Alice', 'Sarah', 'Emma', 'Julia', 'Laura', 'Grace',
  'Claire', 'Sophie', 'Isabelle', 'Marie', 'Catherine', 'Juliette', 'Chloé', 'Zoë', 'Renée', 'Inés', 'María', 'Lucía',
  'Carmen', 'Sofía', 'Valentina', 'Giulia', 'Francesca', 'Chiara', 'Ingrid', 'Greta', 'Liv', 'Astrid', 'Yuki', 'Akiko',
  'Mei', 'Ling', 'Priya', 'Aisha', 'Fatima', 'Olga', 'Natalia', 'Irina', 'Agnieszka', 'Katarzyna', 'Eva', 'Hanna',
  'Sigrid', 'Nora', 'Ellen', 'Joan', 'Bette', 'Audrey', 'Ava', 'Lauren', 'Kate', 'Nicole', 'Emily', 'Olivia', 'Charlotte',
];
export const MALE = [
  'John', 'James', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Charles', 'Thomas', 'Peter', 'Paul', 'George',
  'Henry', 'Jack', 'Frank', 'Harry', 'Walter', 'Edward', 'Jean', 'Pierre', 'François', 'Jérôme', 'José', 'Juan', 'Luis',
  'Carlos', 'Javier', 'Andrés', 'Marco', 'Giuseppe', 'Luca', 'Hans', 'Jürgen', 'Klaus', 'Björn', 'Søren', 'Lars', 'Mikael',
  'Takeshi', 'Hiroshi', 'Kenji', 'Wei', 'Jun', 'Raj', 'Amitabh', 'Omar', 'Ivan', 'Sergei', 'Dmitri', 'Piotr', 'Tomasz',
  'Ólafur', 'Sean', 'Liam', 'Patrick', 'Cary', 'Humphrey', 'Marlon', 'Clint', 'Denzel', 'Samuel', 'Morgan', 'Bruce', 'Keanu',
];
export const LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore',
  'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips',
  'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper',
  'Peterson', 'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox', 'Richardson', 'Wood', 'Watson', 'Brooks',
  'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross', 'Foster', "O'Brien", "O'Hara", "D'Amato",
  "O'Connor", 'García', 'Martínez', 'Rodríguez', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Núñez', 'Muñoz',
  'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Fournier', 'Girard', 'Bonnet', 'Rossi', 'Russo', 'Ferrari', 'Esposito',
  'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Schäfer', 'Koch',
  'Becker', 'Hoffmann', 'Wagner', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsen', 'Jensen', 'Hansen',
  'Sørensen', 'Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Wang', 'Li', 'Zhang',
  'Chen', 'Liu', 'Kapoor', 'Khan', 'Sharma', 'Patel', 'Ivanov', 'Petrov', 'Smirnov', 'Kowalski', 'Nowak', 'Wiśniewski',
  'Novák', 'Horváth', 'Nagy', 'Papadopoulos', 'Yılmaz', 'Kaya', 'Sigurðsson', 'Van der Berg', 'De Vries', 'Jansen',
  'Silva', 'Santos', 'Oliveira', 'Costa', 'Pereira', 'Fitzgerald', 'MacDonald', 'McKenzie', 'Stone', 'Hunt', 'Black',
  'Fox', 'Wolfe', 'Lane', 'Hart', 'Day', 'Rivers', 'Fields', 'Banks', 'Wells', 'Marsh', 'Hale', 'Bishop', 'Knight',
];
export const INITIALS = 'ABCDEFGHJKLMNPRSTW';

export const TITLE_ADJECTIVES = [
  'Last', 'Lost', 'Dark', 'Silent', 'Secret', 'Hidden', 'Broken', 'Golden', 'Wild', 'Little', 'Big', 'Great', 'Final',
  'First', 'Deadly', 'Perfect', 'Strange', 'Sweet', 'Cold', 'Red', 'Black', 'White', 'Blue', 'Lonely', 'Crazy', 'Eternal',
  'Forgotten', 'Burning', 'Midnight', 'Savage', 'Quiet', 'Bitter', 'Endless', 'Fallen', 'Haunted', 'Invisible', 'Naked',
  'Restless', 'Wicked', 'Young', 'Dangerous', 'Beautiful', 'Crimson', 'Frozen', 'Stolen',
];
export const TITLE_NOUNS = [
  'Man', 'Woman', 'Night', 'Day', 'City', 'River', 'Road', 'House', 'Heart', 'Love', 'War', 'Game', 'Dream', 'Kiss',
  'Storm', 'Shadow', 'Sun', 'Moon', 'Star', 'Island', 'Train', 'Ghost', 'Kingdom', 'Empire', 'Witness', 'Stranger',
  'Hunter', 'Soldier', 'Angel', 'Devil', 'Garden', 'Summer', 'Winter', 'Secret', 'Promise', 'Mirror', 'Journey',
  'Voyage', 'Crossing', 'Affair', 'Escape', 'Return', 'Legend', 'Code', 'Target', 'Trap', 'Truth', 'Lie', 'Storm',
  'Wolf', 'Dragon', 'Queen', 'King', 'Prince', 'Bride', 'Widow', 'Child', 'Family', 'Brothers', 'Sisters', 'Gang',
  'Detective', 'Doctor', 'Teacher', 'Thief', 'Spy', 'Killer', 'Hero', 'Mission', 'Planet', 'Machine', 'Monster',
  'Hamlet', 'Frankenstein', 'Dracula', 'Pinocchio', 'Cinderella', 'Café', 'Señorita', 'Amélie', 'Château', 'Fiesta',
];
export const TITLE_PLACES = ['Paris', 'Rome', 'Tokyo', 'Berlin', 'Texas', 'Brooklyn', 'Havana', 'Venice', 'Casablanca', 'Vienna', 'Montréal', 'Bogotá', 'Kraków', 'the West', 'the Sea', 'Mars'];
export const SUBTITLES = ['The Return', 'Revenge', 'The Beginning', 'Reloaded', 'The Final Chapter', 'Resurrection', 'Origins', 'The Next Generation', 'Part II', 'Lost Worlds', 'Judgment Day', 'Rise of the Machines', 'Homecoming', 'Legacy', 'Redemption', 'Retribution'];

export const HERO_ROLES = [
  'a retired detective', 'a young widow', 'an ambitious lawyer', 'a small-town sheriff', 'a struggling musician',
  'a teenage girl', 'a former soldier', 'a brilliant scientist', 'a lonely boy', 'a con artist', 'a night nurse',
  'a journalist', 'an aging boxer', 'a schoolteacher', 'a farmer', 'a runaway bride', 'a rookie cop', 'a chef', 'a priest',
  'a single father', 'a hired gun', 'a ballet dancer', 'a taxi driver', 'an astronaut', 'a young prince',
];
export const STORY_PLACES = [
  'Paris', 'New York', 'a small town in Texas', 'Tokyo', 'London', 'the Scottish Highlands', 'a remote island',
  'Buenos Aires', 'Berlin', 'the outskirts of Rome', 'Los Angeles', 'a mining town', 'the Arctic', 'Mumbai',
  'a space station', 'Montréal', 'São Paulo', 'Kraków', 'the Sahara', 'Hong Kong', 'a Mississippi river town',
];
export const GENRE_LINES: Record<string, string[]> = {
  Drama: ['struggles to keep the family together after a tragedy', 'faces the truth about a past mistake', 'must choose between duty and love', 'returns home to care for a dying father'],
  Comedy: ['gets into hilarious trouble at a wedding', 'swaps lives with a rival for a week', 'tries to win back an ex with a ridiculous plan', 'inherits a chaotic hotel'],
  Thriller: ['is stalked by a mysterious caller', 'uncovers a conspiracy that reaches the top', 'has 24 hours to prove their innocence', 'wakes up with no memory and a gun'],
  Romance: ['falls for a stranger met on a train', 'rediscovers a first love one summer', 'writes letters to an unknown admirer', 'is torn between two suitors'],
  Action: ['must stop a ruthless arms dealer', 'fights a private army to rescue hostages', 'races against time to defuse a bomb', 'leads a daring heist'],
  Horror: ['moves into a house with a dark secret', 'is hunted by something in the woods', 'awakens an ancient curse', 'hears voices in the walls'],
  Crime: ['is drawn into the world of organized crime', 'investigates a string of murders', 'plans one last robbery', 'goes undercover in a drug cartel'],
  Documentary: ['follows the lives of ordinary workers', 'explores the history of a forgotten war', 'investigates the food industry', 'travels with a band on tour'],
  Adventure: ['sets out to find a legendary treasure', 'crosses the jungle in search of a lost city', 'sails across the ocean on a raft', 'climbs the highest mountain'],
  'Science Fiction': ['discovers a signal from another world', 'travels through time to save humanity', 'fights rogue machines', 'wakes up on a dying starship'],
  Family: ['befriends a talking dog', 'saves the school from closing', 'goes on a road trip with grandparents', 'finds a magical creature'],
  Mystery: ['investigates a disappearance at a country house', 'decodes a message left by a dead friend', 'follows clues to a hidden room', 'questions every guest at the party'],
  Fantasy: ['is chosen to wield a magic sword', 'enters a kingdom of dragons', 'breaks a witch’s spell', 'finds a door to another world'],
  Animation: ['joins a band of misfit toys', 'learns to fly with the help of a sparrow', 'leads the animals of the forest', 'builds a robot friend'],
  Foreign: ['lives through the changes of a nation', 'comes of age in a village by the sea', 'searches for a missing brother across the border'],
  Music: ['dreams of singing on the big stage', 'forms a band with old friends', 'competes in a dance contest', 'writes one last song'],
  History: ['witnesses the fall of an empire', 'leads a rebellion against the crown', 'serves at the court of a mad king'],
  War: ['survives behind enemy lines', 'leads a platoon through the last battle', 'hides refugees from the occupiers'],
  Western: ['rides into a lawless town', 'hunts the outlaws who killed a brother', 'defends a ranch from cattle barons'],
  'TV Movie': ['plans the perfect holiday', 'solves a crime in a quiet village', 'falls in love at a Christmas inn'],
};
export const CLOSINGS = [
  'Nothing will ever be the same.', 'Based on a true story.', 'A story of friendship and courage.', 'But time is running out.',
  'Some secrets should stay buried.', 'An unforgettable journey.', 'The past is never far behind.', '',
];
export const TAGLINES = [
  'Some legends never die.', 'The truth is out there.', 'One man. One mission.', 'Love is a dangerous game.',
  'You will believe.', 'Nobody is safe.', 'Based on a true story.', 'The adventure of a lifetime.', 'Every family has a secret.',
  'Fear the dark.', 'Get ready to laugh.', "It's not over yet.", 'Justice has a price.', 'Welcome to the jungle.',
  'The "perfect" crime.', 'Home, sweet home.', 'Trust no one.', 'Sometimes the hero is the one you least expect.',
];
export const CHARACTERS = ['Himself', 'Herself', 'Narrator (voice)', 'Police Officer', 'Waitress', 'Nurse', 'Bartender', 'Reporter', 'Doctor', 'Guard #2', 'Party Guest (uncredited)', 'Mother', 'Father', 'The Stranger', 'Sheriff', 'Taxi Driver'];
export const CREW_JOBS: [string, string, number][] = [
  ['Writing', 'Screenplay', 16], ['Writing', 'Writer', 10], ['Writing', 'Novel', 3], ['Production', 'Producer', 22],
  ['Production', 'Executive Producer', 10], ['Production', 'Casting', 8], ['Sound', 'Original Music Composer', 12],
  ['Camera', 'Director of Photography', 14], ['Editing', 'Editor', 14], ['Art', 'Production Design', 7], ['Art', 'Art Direction', 5],
  ['Costume & Make-Up', 'Costume Design', 6], ['Sound', 'Sound Designer', 3], ['Crew', 'Stunts', 3], ['Visual Effects', 'Visual Effects Supervisor', 2],
  ['Directing', 'Assistant Director', 2], ['Lighting', 'Gaffer', 1],
];
