# recops: build once, run read-only API replicas.
#   docker build -t recops .
#   docker run --rm -p 8000:8000 -v recops-data:/data recops serve --db /data/steam.duckdb
#   (API keys: -e RECOPS_API_KEYS=..., or a secret file with --api-keys-file /run/secrets/recops_keys)
# Debian slim (glibc), because DuckDB's prebuilt Node binding is built for glibc.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# scripts skipped here: `prepare` builds, and the sources are not copied yet
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json vite.config.ts ./
COPY src ./src
COPY web ./web
# the API (tsc) and the web app (vite, into dist/web with .gz/.br beside each asset)
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim AS runtime
# HOST=0.0.0.0: `recops serve` listens on 127.0.0.1 by default, which no one outside a container reaches.
# MALLOC_ARENA_MAX=2: glibc keeps fewer malloc arenas, so memory freed after the loads goes back
# to the system sooner (a hedge for small containers; all three packs measured 485 MB either way)
ENV NODE_ENV=production PORT=8000 HOST=0.0.0.0 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json README.md ./
# the data volume belongs to the unprivileged user the image runs as
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8000
# /health needs no key even with --require-key (it then answers only status and version)
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["node", "dist/cli/index.js"]
CMD ["--help"]
