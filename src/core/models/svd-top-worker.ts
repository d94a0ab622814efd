/** Worker thread of svd-top.ts: the top-k lists of a range of users, on factors shared with the parent. */
import { parentPort } from 'node:worker_threads';
import type { InnerProductIndex } from './mips.js';
import { topIndex, topRange, type TopInput } from './svd-top.js';

let input: TopInput | null = null;
let index: InnerProductIndex | null = null;
parentPort!.on('message', (msg: { init?: TopInput } | [number, number]) => {
  if (!Array.isArray(msg)) {
    input = msg.init!;
    index = topIndex(input);
    return;
  }
  topRange(input!, index!, msg[0], msg[1]);
  parentPort!.postMessage('done');
});
