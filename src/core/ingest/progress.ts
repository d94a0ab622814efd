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

/** DuckDB's progress tracking, from a statement's start (not after its default two seconds), printed by no one. */
const TRACKING = ['enable_progress_bar = true', 'enable_progress_bar_print = false', 'progress_bar_time = 0'];

/** Turns progress tracking on for `conn`'s statements (read by watchProgress); for a connection whose statements are all to be watched. */
export async function trackProgress(conn: DuckDBConnection): Promise<void> {
  for (const s of TRACKING) await conn.run(`SET ${s}`);
}

/** Every 200 ms `onPercent` hears the progress of `conn`'s running statement (−1: none, or unknown); returns the stop. */
export function watchProgress(conn: DuckDBConnection, onPercent: (percent: number) => void): () => void {
  const timer = setInterval(() => onPercent(conn.progress.percentage), 200);
  return () => clearInterval(timer);
}

/**
 * Runs `fn` with DuckDB's progress tracking on for `conn` (nothing printed by DuckDB): every
 * 200 ms `onPercent` hears the running statement's progress, 0–100, for a bar over a long SQL
 * step (a staged load, an `INSERT … SELECT` over a raw file). Statements of unknown progress
 * are not reported.
 */
export async function withQueryProgress<T>(conn: DuckDBConnection, onPercent: (percent: number) => void, fn: () => Promise<T>): Promise<T> {
  await trackProgress(conn);
  const stop = watchProgress(conn, (p) => {
    if (p >= 0) onPercent(Math.min(p, 100));
  });
  try {
    return await fn();
  } finally {
    stop();
    for (const s of TRACKING) await conn.run(`RESET ${s.slice(0, s.indexOf(' '))}`);
  }
}
