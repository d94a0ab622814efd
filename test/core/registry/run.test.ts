import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainingRun } from '../../../src/core/registry/run.js';
import { tempDir } from '../../helpers.js';

interface RegistryJson {
  runs: { id: string; pack: string; model: string; artifact: string; status?: string; error?: string; metrics: Record<string, number> | null }[];
  live: Record<string, string>;
}

/** The registry as it is on disk, read without the code under test. */
const onDisk = (dir: string): RegistryJson => JSON.parse(readFileSync(join(dir, 'models', 'registry.json'), 'utf8')) as RegistryJson;

/** A "fit": writes an artifact folder for the model inside the run's folder. */
function fitInto(runDir: string, model: string): string {
  const dir = join(runDir, model);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'weights.json'), JSON.stringify({ model }));
  return dir;
}

const fitted = (artifact: string) => ({ artifact, params: { k: 3 }, dataFingerprint: 'f1', metrics: { auc: 0.7 }, seconds: 0.1 });

test('a training run promotes its models together when all succeed; a failing fit leaves the previous live models and marks its runs failed', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'w.duckdb');
    const first = await trainingRun(db, 'quiz', {}, async (run) => {
      run.register('ranker', fitted(fitInto(run.dir, 'ranker')));
      run.register('scorer', fitted(fitInto(run.dir, 'scorer')));
      return run.id;
    });
    assert.equal(first.modelsDir, join(dir, 'models'));
    let file = onDisk(dir);
    assert.deepEqual(file.live, { 'quiz/ranker': `${first.value}/ranker`, 'quiz/scorer': `${first.value}/scorer` });
    assert.deepEqual(
      file.runs.map((r) => r.artifact),
      [`quiz/runs/${first.value}/ranker`, `quiz/runs/${first.value}/scorer`],
    );
    assert.ok(existsSync(join(dir, 'models', 'quiz', 'runs', first.value, 'scorer', 'weights.json')));

    // the second run fits the first model, then the second one throws
    let secondId = '';
    await assert.rejects(
      trainingRun(db, 'quiz', {}, async (run) => {
        secondId = run.id;
        run.register('ranker', fitted(fitInto(run.dir, 'ranker')));
        // while the run is going, nothing of it is live
        assert.equal(onDisk(dir).live['quiz/ranker'], `${first.value}/ranker`);
        throw new Error('the scorer ran out of memory');
      }),
      /the scorer ran out of memory/,
    );
    assert.notEqual(secondId, first.value);
    file = onDisk(dir);
    assert.deepEqual(file.live, { 'quiz/ranker': `${first.value}/ranker`, 'quiz/scorer': `${first.value}/scorer` });
    const failed = file.runs.filter((r) => r.id.startsWith(`${secondId}/`));
    assert.deepEqual(
      failed.map((r) => [r.model, r.status, r.error]),
      [['ranker', 'failed', 'the scorer ran out of memory']],
    );
    assert.ok(file.runs.filter((r) => r.id.startsWith(`${first.value}/`)).every((r) => r.status === undefined));

    // promote: false (what `recops train` and `retrain` ask): registered, not live
    const third = await trainingRun(db, 'quiz', { promote: false }, async (run) => {
      run.register('ranker', fitted(fitInto(run.dir, 'ranker')));
      return run.id;
    });
    file = onDisk(dir);
    assert.equal(file.live['quiz/ranker'], `${first.value}/ranker`);
    assert.deepEqual(third.runs.map((r) => r.id), [`${third.value}/ranker`]);
    assert.equal(file.runs.length, 4);
  } finally {
    cleanup();
  }
});
