/**
 * A plain-text table for terminals and model cards: a header, a dashed rule, the rows; columns
 * two spaces apart, each as wide as its widest cell. Columns for which `left(i)` is true are
 * aligned left (names), the others right (numbers).
 */
export function formatTable(head: string[], rows: string[][], left: (column: number) => boolean = (i) => i === 0): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
