/**
 * Memory budget of issue 8: one `recops serve` over the three packs' full-scale warehouses with
 * their models (those the other benches leave in .cache/bench: run bench:train, bench:movies and
 * bench:streaming first), one request per recommendation route, then peak and current RSS. It
 * runs the built server (`npm run build` first), as deployed: under tsx the transpiler's own
 * memory would count too (~25–45 MB).
 * Budget: ≤ 512 MB.   npm run bench:all-packs
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, allPacksBuilt, startServer } from './common.js';

const dbs = allPacksBuilt();
const port = 8799;
const { server, startSeconds } = await startServer(['--db', ...dbs, '--no-log'], port, [join(ROOT, 'dist/cli/index.js')]);
const statuses: Record<string, number> = {};
for (const path of ['/recomendacion_usuario/dognitro', '/recomendacion_juego/10', '/recomendacion/Toy%20Story', '/streaming/recomendacion/5', '/streaming/recomendacion/5?n=50', '/streaming/prediccion/5/ns1', '/health', '/', '/suggest/steam/user?q=a', '/suggest/movies/title?q=toy', '/suggest/streaming/user?q=1', '/models/steam', '/steam/playtime/action']) {
  statuses[path] = (await fetch(`http://127.0.0.1:${port}${path}`)).status;
}
const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
server.kill('SIGTERM');
const rssMB = Math.round(kb('VmRSS') / 1024);
const peakMB = Math.round(kb('VmHWM') / 1024);
console.log(JSON.stringify({ bench: 'all packs in one server', budgetMB: 512, startSeconds, rssMB, peakRssMB: peakMB, within: peakMB <= 512, statuses }, null, 2));
