import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

/**
 * A full garbage collection now (V8's `gc`, reached without starting node with --expose-gc).
 * For the few moments a server knows that much memory has just become garbage (a pack's loads
 * done, a swapped-out app closed) and that V8, seeing little allocation, would keep it.
 */
export function fullGc(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
