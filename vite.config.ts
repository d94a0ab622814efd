/**
 * The web app: web/ → dist/web (served by `recops serve` at /). After the bundle is written,
 * every text asset gets a .gz and a .br beside it, which the server sends to browsers that accept them.
 */
import { defineConfig, type Plugin } from 'vite';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'recops-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const data = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

export default defineConfig({
  root: 'web',
  base: '/',
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', sourcemap: false },
  plugins: [precompress()],
  // `npx vite` for live editing: every API path goes to a `recops serve` on port 8000
  server: { proxy: { '^/(?!src/|@|node_modules/|$).+': 'http://127.0.0.1:8000' } },
});
