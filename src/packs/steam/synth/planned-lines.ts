/** The repeated and broken lines of both user files (the real files have both). */
import { parseLiteral } from '../../../core/ingest/literal.js';
import { LineWriter } from '../../../core/synth/lines.js';
import { Random } from '../../../core/synth/random.js';
import { sampleIndices } from './users.js';

/**
 * Where the repeated and broken lines go. A repeated line is an exact copy of an earlier user
 * line, placed a few lines later (median gap ~4 in the real data, rarely thousands). A broken
 * line replaces a user's line (truncated mid-line or garbled), never one that is repeated.
 */
interface LinePlan {
  /** unique line index → the source indices to repeat right after it */
  repeatAfter: Map<number, number[]>;
  sources: Set<number>;
  broken: Set<number>;
}

/** The plan of a file of `unique` user lines plus `repeats` copies; a share `brokenRate` of all lines (at least one) is broken. */
export function planLines(rng: Random, unique: number, repeats: number, brokenRate: number): LinePlan {
  const broken = Math.max(1, Math.round((unique + repeats) * brokenRate));
  const picked = unique > 0 ? sampleIndices(rng, unique, Math.min(unique, repeats + broken)) : [];
  rng.shuffle(picked);
  const sources = new Set(picked.slice(0, repeats));
  const brokenSet = new Set(picked.slice(repeats));
  const repeatAfter = new Map<number, number[]>();
  // a source can be repeated only once here, so repeats beyond the unique lines are dropped
  for (const s of [...sources].sort((a, b) => a - b)) {
    const gap = Math.min(5000, Math.floor(rng.logNormal(0.9, 1.6)));
    const at = Math.min(unique - 1, s + gap);
    const list = repeatAfter.get(at) ?? [];
    list.push(s);
    repeatAfter.set(at, list);
  }
  return { repeatAfter, sources, broken: brokenSet };
}

/** Writes the unique lines in order, inserting repeats and breaking lines as planned. */
export async function writePlanned(
  out: LineWriter,
  plan: LinePlan,
  unique: number,
  lineOf: (i: number) => string | Buffer,
  rng: Random,
): Promise<void> {
  const held = new Map<number, string | Buffer>();
  for (let i = 0; i < unique; i++) {
    let text = lineOf(i);
    if (plan.broken.has(i)) text = breakLine(rng, text.toString());
    await out.line(text);
    // a Buffer line is a view of a reused buffer: keep a copy for the repeat
    if (plan.sources.has(i)) held.set(i, typeof text === 'string' ? text : Buffer.from(text));
    for (const s of plan.repeatAfter.get(i) ?? []) {
      await out.line(held.get(s)!);
      held.delete(s);
    }
  }
}

const JUNK = ['\ufffd\ufffd', '\x00\x00\x00', "'}{'", '%$#@!', '\u00ef\u00bb\u00bf', ']]]'];

/** A corrupted copy that no literal parser accepts: cut short, or a span overwritten with junk. */
function breakLine(rng: Random, line: string): string {
  let cut = Math.floor(line.length * (0.2 + 0.75 * rng.next()));
  const hi = line.charCodeAt(cut - 1);
  if (hi >= 0xd800 && hi <= 0xdbff) cut--; // never split a surrogate pair
  if (rng.chance(0.6)) return line.slice(0, Math.max(cut, 1));
  const garbled = line.slice(0, cut) + rng.pick(JUNK) + line.slice(Math.min(line.length, cut + rng.int(3, 40)));
  try {
    parseLiteral(garbled);
  } catch {
    return garbled;
  }
  return line.slice(0, Math.max(cut, 1)); // the junk happened to parse: truncate instead
}
