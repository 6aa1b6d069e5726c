/**
 * A string command split into words as Compose splits it (Python's shlex: quotes and backslashes, no expansion,
 * no operators). stackfile splits string commands with shell-quote, which also reads `$VAR`, `&&` and globs, and
 * rejects them since no shell runs the command; where the two would differ the import writes the words Compose
 * runs, as an array, so the container gets the same argv.
 */
import { parse } from 'shell-quote';

export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) word = (word ?? '') + text[++i];
      else word = (word ?? '') + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word = word ?? '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '\\' && i + 1 < text.length) word = (word ?? '') + text[++i];
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Whether stackfile reads the string as the same words Compose does (else the import writes the array). */
export function splitsAlike(text: string): boolean {
  let expands = false;
  const theirs = parse(text, (name) => {
    expands = true;
    return `$${name}`;
  });
  const ours = shellWords(text);
  return !expands && theirs.length === ours.length && theirs.every((w, i) => w === ours[i]);
}
