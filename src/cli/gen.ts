import type { Command } from 'commander';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';

export function registerGen(program: Command): void {
  const gen = program
    .command('gen')
    .description('write synthetic raw files in the original formats, deterministic for a seed')
    .addHelpText('after', `\nPacks: ${PACKS.map((p) => p.name).join(', ')}. See \`recops gen <pack> --help\`.`);
  for (const pack of PACKS) {
    const cmd = gen
      .command(pack.name)
      .description(`${pack.synth.description}`)
      .requiredOption('--out <dir>', 'folder to write the raw files into (created if needed)');
    for (const o of pack.synth.options) cmd.option(o.flags, o.description, o.default);
    cmd.action(async (opts: Record<string, string>) => {
      const started = Date.now();
      const { out, ...rest } = opts;
      const files = await pack.synth.generate(out, rest, log);
      log(`wrote ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      for (const f of files) log(`  ${f}`);
    });
  }
}
