/**
 * The web app (built by `npm run build` from web/ into dist/web) served at `/`: index.html and
 * its hashed assets, precompressed (.br/.gz written at build) when the browser accepts it.
 * Only the files present at start get routes, so every API path keeps its own 404s.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** dist/web of this checkout or install (src/core/server and dist/core/server are both three levels down). */
export const DEFAULT_WEB_DIR = resolve(import.meta.dirname, '../../../dist/web');

export async function registerWeb(app: FastifyInstance, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>recops</title><p>The web app is not built here (no ${dir}/index.html): run <code>npm run build</code>, then restart the server. The API answers meanwhile: see <a href="/docs">/docs</a>.</p>`,
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    preCompressed: true,
    // `/` is served below: @fastify/static 10 answers 404 for a directory index when the browser
    // accepts compressed files (preCompressed), which every browser does
    index: false,
    // hashed file names never change content; the page itself is always revalidated
    setHeaders(res, path) {
      res.header('cache-control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const index = readFileSync(join(dir, 'index.html'));
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index));
}
