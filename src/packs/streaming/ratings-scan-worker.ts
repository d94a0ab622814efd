/** Worker thread of the ratings scan: scans the files it is given, in order, and answers each scan (ratings-scan.ts scanInWorkers). */
import { parentPort } from 'node:worker_threads';
import { scanRatings } from './ratings-scan.js';

parentPort!.on('message', async (msg: { files: { index: number; path: string }[] }) => {
  for (const { index, path } of msg.files) {
    let last = 0;
    try {
      const scan = await scanRatings(path, (bytes) => {
        parentPort!.postMessage({ read: bytes - last });
        last = bytes;
      });
      parentPort!.postMessage({ index, scan });
    } catch (err) {
      parentPort!.postMessage({ index, error: (err as Error).message });
    }
  }
});
