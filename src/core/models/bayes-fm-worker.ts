/** Worker thread of the Bayesian FM fit: runs one Gibbs chain into its slice of the shared output. */
import { parentPort } from 'node:worker_threads';
import { runChain, type ChainInit } from './bayes-fm.js';

let init: ChainInit | null = null;
parentPort!.on('message', (msg: { init?: ChainInit; chain?: number }) => {
  if (msg.init) {
    init = msg.init;
    return;
  }
  runChain(init!, msg.chain!);
  parentPort!.postMessage('done');
});
