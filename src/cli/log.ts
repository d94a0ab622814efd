/** CLI messages go to stderr so stdout stays clean for data (--json). */
export function log(message: string): void {
  process.stderr.write(message + '\n');
}
