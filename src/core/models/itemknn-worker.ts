/** Worker thread of the item-item fit: neighbours of a range of items, written to shared arrays. */
import { parentPort } from 'node:worker_threads';
import { knnRows, type KnnShared } from './itemknn-kernel.js';

let shared: KnnShared | null = null;
parentPort!.on('message', (msg: { init?: KnnShared; start?: number; end?: number }) => {
  if (msg.init) {
    shared = msg.init;
    return;
  }
  knnRows(shared!, msg.start!, msg.end!);
  parentPort!.postMessage('done');
});
