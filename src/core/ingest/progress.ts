import cliProgress from 'cli-progress';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export type Log = (message: string) => void;

/**
 * A progress bar on an interactive terminal; plain log lines (at most one every few seconds)
 * otherwise, so CI logs and pipes stay readable.
 */
export function startProgress(label: string, total: number, log: Log, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const mb = (n: number) => (n / 1e6).toFixed(1);
  // MB of the file on disk per second so far (compressed bytes for .gz, as `done` counts them)
  const rate = (done: number) => mb(done / Math.max((Date.now() - started) / 1000, 0.001));
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(28)} {bar} {percentage}% | {doneMB}/{totalMB} MB | {rate} MB/s | {duration_formatted} | eta {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { doneMB: mb(0), totalMB: mb(total), rate: mb(0) });
    return {
      update: (done) => bar.update(done, { doneMB: mb(done), rate: rate(done) }),
      stop: () => bar.stop(),
    };
  }
  let lastLog = started;
  return {
    update(done) {
      const now = Date.now();
      if (now - lastLog < 5000) return;
      lastLog = now;
      log(`${label}: ${((100 * done) / Math.max(total, 1)).toFixed(0)}% after ${((now - started) / 1000).toFixed(0)} s (${rate(done)} MB/s of ${mb(total)} MB)`);
    },
    stop() {},
  };
}

/**
 * Runs `fn` with DuckDB's progress tracking on for `conn` (nothing printed by DuckDB): every
 * 200 ms `onPercent` hears the running statement's progress, 0–100, for a bar over a long SQL
 * step (a staged load, an `INSERT … SELECT` over a raw file). Statements of unknown progress
 * are not reported.
 */
export async function withQueryProgress<T>(conn: DuckDBConnection, onPercent: (percent: number) => void, fn: () => Promise<T>): Promise<T> {
  await conn.run('SET enable_progress_bar = true');
  await conn.run('SET enable_progress_bar_print = false');
  // from the statement's start, not after DuckDB's default wait of two seconds
  await conn.run('SET progress_bar_time = 0');
  const timer = setInterval(() => {
    const p = conn.progress.percentage;
    if (p >= 0) onPercent(Math.min(p, 100));
  }, 200);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    for (const s of ['enable_progress_bar', 'enable_progress_bar_print', 'progress_bar_time']) await conn.run(`RESET ${s}`);
  }
}
