/**
 * The evaluation report every pack writes with `recops eval` (`models/<pack>/report.json`): one
 * row per evaluated model or baseline, each with its metrics, and the metrics declared once with
 * their direction, so that readers (the model page, a retrain's reader) need no pack's knowledge.
 * A pack's report may carry more fields of its own beside these (its split, its older fields).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A metric the rows carry: its key in `ReportRow.metrics` and which way is better. */
export interface MetricSpec {
  name: string;
  higherIsBetter: boolean;
  /** what it measures, in a few words (e.g. 'NDCG@10 on held-out library games') */
  description?: string;
}

export interface ReportRow {
  /** how the report names it, e.g. 'popularity' or 'svd, served' */
  label: string;
  /** a reference point the models are read against, not a candidate */
  baseline: boolean;
  /** the registered model this row measures, when it is one ('als', 'bayes_fm') */
  model?: string;
  /** quality figures only, keyed by MetricSpec.name (counts and timings go beside) */
  metrics: Record<string, number>;
  /** seconds its fit took on the training part of the split */
  fitSeconds?: number;
  params?: Record<string, unknown>;
}

export interface EvaluationReport {
  pack: string;
  /** the warehouse build it was computed on (see registry.ts dataFingerprint) */
  dataFingerprint: string;
  createdAt: string;
  metrics: MetricSpec[];
  rows: ReportRow[];
}

/** What `PackModels.evaluate` gives back: the report, and the text `recops eval` prints. */
export interface Evaluation<R extends EvaluationReport = EvaluationReport> {
  report: R;
  text: string;
}

/** Where a pack's last evaluation report lives in a models folder. */
export function reportPath(modelsDir: string, pack: string): string {
  return join(modelsDir, pack, 'report.json');
}

/** Writes the report (with whatever fields of its own the pack put beside the typed ones); returns its path. */
export function writeReport(modelsDir: string, report: EvaluationReport): string {
  const path = reportPath(modelsDir, report.pack);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
  return path;
}

/** The row that measures a registered model, if the report has one. */
export function rowOf(report: EvaluationReport | null, model: string): ReportRow | undefined {
  return report?.rows?.find((r) => r.model === model);
}
