/** Small text pieces the generators share. */

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * A CSV cell as the real files (and pandas, Python's csv module with QUOTE_MINIMAL) write it:
 * quoted, quotes doubled, when it holds a comma, a quote or a line break.
 */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A count for the progress log: 1,234,567. */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
