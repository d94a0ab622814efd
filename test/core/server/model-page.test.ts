import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { registerModelPage } from '../../../src/core/server/model-page.js';
import { addErrorSchema } from '../../../src/core/server/openapi.js';
import type { Pack } from '../../../src/core/pack.js';
import { tempDir } from '../../helpers.js';

/** A pack the core has never heard of, with metrics of its own. */
function quizPack(metrics?: { name: string; higherIsBetter: boolean }[]): Pack {
  return {
    name: 'quiz',
    title: 'Quiz',
    tables: [],
    sources: [],
    synth: { description: 'none', options: [], generate: async () => [] },
    models: {
      names: ['bandit'],
      main: { model: 'bandit', metric: 'auc', higherIsBetter: true },
      ...(metrics ? { metrics } : {}),
      train: async () => 'trained',
      evaluate: async () => {
        throw new Error('not called by the page');
      },
    },
  };
}

async function page(dir: string, pack: Pack, report: unknown): Promise<{ createdAt: string | null; metrics: unknown[]; rows: unknown[] }> {
  mkdirSync(join(dir, 'models', 'quiz'), { recursive: true });
  writeFileSync(join(dir, 'models', 'quiz', 'report.json'), JSON.stringify(report));
  // the page's route alone: the app's other routes would open the pack's warehouse
  const app = Fastify();
  addErrorSchema(app);
  registerModelPage(app, [{ pack, db: join(dir, 'quiz.duckdb') }]);
  try {
    const res = await app.inject({ url: '/models/quiz' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().report;
  } finally {
    await app.close();
  }
}

test('the model page shows a report with metric names no pack of the core uses: its declared metrics and rows, nothing else', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const metrics = [
      { name: 'auc', higherIsBetter: true, description: 'area under the ROC curve' },
      { name: 'logloss', higherIsBetter: false },
    ];
    const rows = [
      { label: 'coin flip', baseline: true, metrics: { auc: 0.5, logloss: 0.693 }, fitSeconds: 0 },
      { label: 'bandit', baseline: false, model: 'bandit', metrics: { auc: 0.81, logloss: 0.41 }, fitSeconds: 2.5, params: { arms: 4 } },
    ];
    // the pack's own fields beside the typed ones stay out of the page
    const report = { pack: 'quiz', dataFingerprint: 'abc', createdAt: '2026-01-02T03:04:05.000Z', metrics, rows, questions: 1234, models: { bandit: { auc: 0.81, seconds: 9 } } };
    const shown = await page(dir, quizPack(), report);
    assert.deepEqual(shown, {
      createdAt: '2026-01-02T03:04:05.000Z',
      metrics,
      rows: [
        { label: 'coin flip', baseline: true, metrics: { auc: 0.5, logloss: 0.693 } },
        { label: 'bandit', baseline: false, metrics: { auc: 0.81, logloss: 0.41 } },
      ],
    });
  } finally {
    cleanup();
  }
});

test('a report written before reports had rows is read with the metrics its pack declares', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const declared = [{ name: 'auc', higherIsBetter: true }];
    const old = { createdAt: '2025-05-05T00:00:00.000Z', models: { 'coin flip (baseline)': { auc: 0.5, questions: 10, fitSeconds: 0 }, bandit: { auc: 0.8, questions: 10, fitSeconds: 3 } } };
    assert.deepEqual(await page(dir, quizPack(declared), old), {
      createdAt: '2025-05-05T00:00:00.000Z',
      metrics: declared,
      rows: [
        { label: 'coin flip (baseline)', baseline: true, metrics: { auc: 0.5 } },
        { label: 'bandit', baseline: false, metrics: { auc: 0.8 } },
      ],
    });
  } finally {
    cleanup();
  }
});
