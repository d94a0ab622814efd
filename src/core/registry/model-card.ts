/**
 * A model card (`models/<pack>/<model>.md`, shown on the model page) built from its parts: a
 * title, a list of facts (run, data, parameters, artifact …) and sections (metrics, limits …).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ModelCard {
  /** 'steam / als' */
  title: string;
  /** `- **name**: value` lines, in order */
  facts: [name: string, value: string][];
  sections: { heading: string; body: string }[];
}

export function renderModelCard(card: ModelCard): string {
  const facts = card.facts.map(([name, value]) => `- **${name}**: ${value}`).join('\n');
  const sections = card.sections.map((s) => `## ${s.heading}\n\n${s.body}\n`).join('\n');
  return `# Model card: ${card.title}\n\n${facts}\n\n${sections}`;
}

/** Writes `<modelsDir>/<pack>/<model>.md`; returns its path. */
export function writeModelCard(modelsDir: string, pack: string, model: string, card: ModelCard): string {
  const dir = join(modelsDir, pack);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${model}.md`);
  writeFileSync(path, renderModelCard(card));
  return path;
}

/** The card's note when the report is missing or was computed on other data. */
export function notEvaluatedYet(pack: string): string {
  return `Not evaluated on this data yet: run \`recops eval ${pack} --db <warehouse>\`, then train again (or read models/${pack}/report.json).`;
}
