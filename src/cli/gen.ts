import type { Command } from 'commander';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { UsageError } from './usage.js';
import type { Pack } from '../core/pack.js';

/** A pack without synth: what to do instead (exit 2, like every usage error). */
export function noGenerator(pack: Pack, packs: Pack[] = PACKS): UsageError {
  const files = pack.sources.map((s) => s.files[0]).join(', ');
  const others = packs.filter((p) => p.synth).map((p) => p.name).join(', ');
  return new UsageError(`pack '${pack.name}' has no generator: it reads real files only (${files}); put them in a folder and run \`recops ingest ${pack.name} --from <dir>\`${others ? `. Packs with a generator: ${others}` : ''}`);
}

/** `recops gen <pack>` for each pack (`packs`: the registered ones; a test passes its own). */
export function registerGen(program: Command, packs: Pack[] = PACKS): void {
  const gen = program
    .command('gen')
    .description('write synthetic raw files in the original formats, deterministic for a seed')
    .addHelpText('after', `\nPacks: ${packs.filter((p) => p.synth).map((p) => p.name).join(', ')}. See \`recops gen <pack> --help\`.${packs.some((p) => !p.synth) ? ` Without a generator (real files only): ${packs.filter((p) => !p.synth).map((p) => p.name).join(', ')}.` : ''}`);
  for (const pack of packs) {
    const synth = pack.synth;
    if (!synth) {
      // still a command, so that the answer says why rather than "unknown command"
      gen
        .command(pack.name)
        .description(`pack '${pack.name}' has no generator: it reads real files only`)
        .allowUnknownOption()
        .allowExcessArguments()
        .action(() => {
          throw noGenerator(pack, packs);
        });
      continue;
    }
    const cmd = gen
      .command(pack.name)
      .description(`${synth.description}`)
      .requiredOption('--out <dir>', 'folder to write the raw files into (created if needed)');
    for (const o of synth.options) cmd.option(o.flags, o.description, o.default);
    cmd.action(async (opts: Record<string, string>) => {
      const started = Date.now();
      const { out, ...rest } = opts;
      const files = await synth.generate(out, rest, log);
      log(`wrote ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      for (const f of files) log(`  ${f}`);
    });
  }
}
