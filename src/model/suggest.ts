/** "did you mean X?" for a misspelt key or name, or undefined when nothing is close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = word.toLowerCase();
  // Case-only and snake_case mistakes (Compose users type depends_on) are the commonest; catch them first.
  const camel = lower.replace(/[_-](\w)/g, (_, c: string) => c);
  const exact = candidates.find((c) => c.toLowerCase() === lower || c.toLowerCase() === camel);
  if (exact) return `did you mean "${exact}"?`;
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = typoDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  // Two edits turn any three-letter word into many others ("dbb" → "web"), so short words get one.
  const limit = Math.min(word.length, best.length) <= 3 ? 1 : Math.max(2, Math.floor(best.length / 3));
  return bestDistance <= limit ? `did you mean "${best}"?` : undefined;
}

/**
 * Edits between two words, where swapping two neighbouring letters counts as one edit (optimal string alignment):
 * "tpc" is one slip from "tcp", not two.
 */
export function typoDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
