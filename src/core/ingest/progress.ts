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
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(28)} {bar} {percentage}% | {doneMB}/{totalMB} MB | {duration_formatted} | eta {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const mb = (n: number) => (n / 1e6).toFixed(1);
    bar.start(total, 0, { doneMB: mb(0), totalMB: mb(total) });
    return {
      update: (done) => bar.update(done, { doneMB: mb(done) }),
      stop: () => bar.stop(),
    };
  }
  const started = Date.now();
  let lastLog = started;
  return {
    update(done) {
      const now = Date.now();
      if (now - lastLog < 5000) return;
      lastLog = now;
      log(`${label}: ${((100 * done) / Math.max(total, 1)).toFixed(0)}% after ${((now - started) / 1000).toFixed(0)} s`);
    },
    stop() {},
  };
}
