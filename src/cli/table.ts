import pc from 'picocolors';

/** Rows as aligned columns, the first row (the titles) in bold; trailing spaces trimmed. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r, n) => {
    const line = r.map((v, i) => (v ?? '').padEnd(widths[i])).join('  ').trimEnd();
    return n === 0 ? pc.bold(line) : line;
  }).join('\n') + '\n';
}
