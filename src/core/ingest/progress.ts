import cliProgress from 'cli-progress';

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
