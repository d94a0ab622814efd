/** `recops gen` over a pack without a generator (the fourth-pack fixture beside a pack with one). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { registerGen } from '../../src/cli/gen.js';
import { exitCodeOf, UsageError } from '../../src/cli/usage.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { bookshelfPack } from '../fixtures/fourth-pack/index.js';

const program = () => {
  const p = new Command('recops').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerGen(p, [moviesPack, bookshelfPack]);
  return p;
};

test('gen of a pack that reads real files only: a usage error (exit 2) naming its files and what to run', async () => {
  await assert.rejects(program().parseAsync(['gen', 'bookshelf', '--out', 'x'], { from: 'user' }), (err: Error) => {
    assert.ok(err instanceof UsageError);
    assert.equal(exitCodeOf(err), 2);
    assert.match(err.message, /^pack 'bookshelf' has no generator: it reads real files only \(bookshelf\.csv\); put them in a folder and run `recops ingest bookshelf --from <dir>`\. Packs with a generator: movies$/);
    return true;
  });
});

test("gen's help lists which packs generate and which do not", () => {
  const gen = program().commands.find((c) => c.name() === 'gen')!;
  let help = '';
  gen.configureOutput({ writeOut: (s) => (help += s) }).outputHelp();
  assert.match(help, /Packs: movies\. See `recops gen <pack> --help`\. Without a generator \(real files only\): bookshelf\./);
});
