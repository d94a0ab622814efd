/**
 * Seconds to compute every user's top-20 titles (what `recops train streaming` precomputes for
 * serving) from the live streaming model, with 1 thread and with one per core; the lists must
 * be identical. Prints JSON.  node --import tsx bench/svd-top.ts <warehouse>
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Registry, modelsDirFor } from '../src/core/registry/registry.js';
import { readTyped } from '../src/core/models/io.js';
import { Svd } from '../src/core/models/svd.js';
import { loadModel } from '../src/core/models/load.js';
import { topForAllUsers } from '../src/core/models/svd-top.js';

const [db] = process.argv.slice(2);
const registry = new Registry(modelsDirFor(db));
const run = registry.live('streaming', 'svd');
if (!run) throw new Error(`no live streaming svd beside ${db}: run recops train streaming --db ${db}`);
const dir = registry.artifactPath(run);
const model = loadModel(dir, Svd);
const indptr = readTyped(join(dir, 'rated_indptr.bin'), Int32Array);
const rated = { nUsers: indptr.length - 1, indptr, items: readTyped(join(dir, 'rated.bin'), Int32Array) };
const excluded = new Uint8Array(model.nItems);
const time = async (threads: number) => {
  const t = process.hrtime.bigint();
  const top = await topForAllUsers(model, rated, excluded, 20, threads);
  return { top, seconds: +(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1) };
};
const one = await time(1);
const many = await time(availableParallelism());
const same = one.top.items.every((x, i) => x === many.top.items[i]);
console.log(JSON.stringify({ users: rated.nUsers, titles: model.nItems, k: 20, oneThreadSeconds: one.seconds, threads: availableParallelism(), threadedSeconds: many.seconds, identical: same }));
