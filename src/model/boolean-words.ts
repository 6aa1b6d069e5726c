/**
 * The words Compose takes for a boolean that is text (a variable's value, a quoted `"yes"`): compose-go's toBoolean,
 * which docker-compose 1.29 matches. Anything else, the empty text too, is an error there, not false. Shared by
 * `ctx.vars.bool` and `stack import`, so stack.ts reads a variable as Compose would.
 */

export const TRUE_WORDS = ['true', 'yes', 'y', 'on'] as const;
export const FALSE_WORDS = ['false', 'no', 'n', 'off'] as const;

/** `true` or `false` for one of the words (any case), undefined for any other text. */
export function booleanWord(text: string): boolean | undefined {
  const word = text.toLowerCase();
  if ((TRUE_WORDS as readonly string[]).includes(word)) return true;
  if ((FALSE_WORDS as readonly string[]).includes(word)) return false;
  return undefined;
}

/** The accepted words, for an error's hint. */
export const BOOLEAN_WORDS_TEXT = `${TRUE_WORDS.join('/')} or ${FALSE_WORDS.join('/')} (any case)`;
