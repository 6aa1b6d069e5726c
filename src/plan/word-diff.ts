/**
 * Two word lists (a command, an entrypoint) as one line with what changed marked the way `git diff --word-diff`
 * marks it: `httpd -f -p [-8080-]{+8081+}`. A long command changed in one argument reads at a glance, where two
 * JSON arrays side by side did not.
 */
export function wordDiff(from: readonly string[], to: readonly string[], mark: { removed: (s: string) => string; added: (s: string) => string } = { removed: (s) => s, added: (s) => s }): string {
  const a = from.map(word);
  const b = to.map(word);
  // Longest common subsequence, table from the end so the walk below goes forwards.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1]) && !(j < b.length && a[i] === b[j])) removed.push(a[i++]);
    while (j < b.length && (i >= a.length || lcs[i][j + 1] > lcs[i + 1][j]) && !(i < a.length && a[i] === b[j])) added.push(b[j++]);
    if (removed.length) out.push(mark.removed(`[-${removed.join(' ')}-]`));
    if (added.length) out.push(mark.added(`{+${added.join(' ')}+}`));
  }
  return out.join(' ');
}

/** A word as a shell would need it: quoted when it holds spaces, quotes or nothing at all. */
function word(w: string): string {
  return /^[^\s'"\\]+$/.test(w) ? w : JSON.stringify(w);
}
