import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a pack shows for its live models (`<models>/<pack>/` but its `runs/`: the evaluation
 * report, the model cards, Steam's price model), copied aside before a train or retrain writes
 * the new run's over them, and put back unless the new run goes live. A copy left by a run
 * that was killed is put back first.
 */
export function setAsideShown(modelsDir: string, pack: string): { restore(): void; drop(): void } {
  const shown = join(modelsDir, pack);
  const aside = join(modelsDir, `.retrain-${pack}-shown`);
  const restore = () => {
    if (!existsSync(aside)) return;
    mkdirSync(shown, { recursive: true });
    for (const f of readdirSync(shown)) if (f !== 'runs') rmSync(join(shown, f), { recursive: true, force: true });
    for (const f of readdirSync(aside)) cpSync(join(aside, f), join(shown, f), { recursive: true });
    rmSync(aside, { recursive: true, force: true });
  };
  restore();
  mkdirSync(aside, { recursive: true });
  if (existsSync(shown)) for (const f of readdirSync(shown)) if (f !== 'runs') cpSync(join(shown, f), join(aside, f), { recursive: true });
  return { restore, drop: () => rmSync(aside, { recursive: true, force: true }) };
}
