import { closest, distance } from 'fastest-levenshtein';

/** "did you mean X?" for a misspelt key or name, or undefined when nothing is close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = word.toLowerCase();
  // Case-only and snake_case mistakes (Compose users type depends_on) are the commonest; catch them first.
  const camel = lower.replace(/[_-](\w)/g, (_, c: string) => c);
  const exact = candidates.find((c) => c.toLowerCase() === lower || c.toLowerCase() === camel);
  if (exact) return `did you mean "${exact}"?`;
  const best = closest(word, candidates as string[]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(word, best) <= limit ? `did you mean "${best}"?` : undefined;
}
