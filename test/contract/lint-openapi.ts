/**
 * `npm run lint:openapi`: builds the server on small generated warehouses of the three packs,
 * writes its OpenAPI document to a temporary file and runs Spectral and Redocly on it. Exit 1 on
 * any problem, errors and warnings alike.
 */
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { contractApp, demoPacks, lintOpenApi, writeDocument } from './fixture.js';

const { dir, cleanup } = tempDir('recops-openapi-');
try {
  const app = await contractApp(await demoPacks(dir, { train: false }));
  const file = join(dir, 'openapi.json');
  writeDocument(app, file);
  await app.close();
  const problems = await lintOpenApi(file);
  for (const p of problems) console.log(`${p.tool} ${p.severity} ${p.rule} at ${p.path}: ${p.message}`);
  const count = (tool: string, severity: string) => problems.filter((p) => p.tool === tool && p.severity === severity).length;
  for (const tool of ['spectral', 'redocly']) console.log(`${tool}: ${count(tool, 'error')} errors, ${count(tool, 'warning')} warnings, ${problems.filter((p) => p.tool === tool).length} problems in all`);
  process.exitCode = problems.length ? 1 : 0;
} finally {
  cleanup();
}
