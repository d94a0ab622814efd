import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A Steam library file big enough that ingesting it takes seconds. */
export async function writeBigLibraries(path: string, users: number, itemsPerUser: number): Promise<void> {
  const out = createWriteStream(path);
  for (let u = 0; u < users; u++) {
    const items = Array.from({ length: itemsPerUser }, (_, i) => `{'item_id': '${i}', 'item_name': 'Game ${i}', 'playtime_forever': ${(u * 7 + i) % 5000}, 'playtime_2weeks': 0}`);
    const line = `{'user_id': 'user${u}', 'items_count': ${itemsPerUser}, 'steam_id': '7656${u}', 'user_url': 'http://steamcommunity.com/id/user${u}', 'items': [${items.join(', ')}]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
