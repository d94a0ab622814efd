/**
 * Seconds per SGD epoch of the biased SVD at Surprise's 100 factors on every rating of a
 * streaming warehouse (bench:streaming runs it in a child process to read its peak RSS).
 * Prints JSON.  node --import tsx bench/svd-epoch.ts <warehouse> [epochs]
 */
import { openReadOnly } from '../src/core/warehouse/warehouse.js';
import { loadRatings } from '../src/packs/streaming/models.js';
import { ratingsFromTriplets } from '../src/core/models/ratings.js';
import { Svd } from '../src/core/models/svd.js';

const [db, epochs = '3'] = process.argv.slice(2);
const wh = await openReadOnly(db);
const data = await loadRatings(wh.conn);
wh.close();
const ratings = ratingsFromTriplets(data.users.length, data.items.length, data.triplets.users, data.triplets.items, data.triplets.values);
const seconds: number[] = [];
await new Svd({ factors: 100, epochs: Number(epochs), seed: 42 }).fit(ratings, { onProgress: (_, s) => seconds.push(+s.toFixed(2)) });
console.log(JSON.stringify({ factors: 100, ratings: data.triplets.users.length, users: data.users.length, titles: data.items.length, epochSeconds: seconds, secondsPerEpoch: +(seconds.reduce((a, b) => a + b, 0) / seconds.length).toFixed(2) }));
