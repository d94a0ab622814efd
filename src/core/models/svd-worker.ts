/** Worker thread of the SVD fit: runs SGD blocks on factors shared with the parent. */
import { parentPort } from 'node:worker_threads';
import { sgdBlock, type SgdState } from './svd-kernel.js';

let state: SgdState | null = null;
parentPort!.on('message', (msg: { init?: SgdState; mu?: number; blocks?: [number, number][] }) => {
  if (msg.init) {
    state = msg.init;
    return;
  }
  for (const [ub, ib] of msg.blocks!) sgdBlock(state!, ub, ib);
  parentPort!.postMessage('done');
});
