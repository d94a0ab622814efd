/** Worker thread of the ALS fit: solves a range of rows on factor matrices shared with the parent. */
import { parentPort } from 'node:worker_threads';
import { solveRows, type SolveParams } from './als-kernel.js';
import type { CsrArrays } from './csr.js';

interface Init {
  params: SolveParams;
  users: CsrArrays;
  items: CsrArrays;
  X: Float64Array;
  Y: Float64Array;
}

let state: Init | null = null;
parentPort!.on('message', (msg: { init?: Init; side?: 'users' | 'items'; yty?: Float64Array; start?: number; end?: number }) => {
  if (msg.init) {
    state = msg.init;
    return;
  }
  const s = state!;
  if (msg.side === 'users') solveRows(s.params, s.users, s.X, s.Y, msg.yty!, msg.start!, msg.end!);
  else solveRows(s.params, s.items, s.Y, s.X, msg.yty!, msg.start!, msg.end!);
  parentPort!.postMessage('done');
});
