import { fstatSync } from 'node:fs';

/**
 * `process.stdout.isTTY` without creating process.stdout (whose creation on a pipe loads node's net and stream
 * modules, see scripts/bundle.mjs): a pipe or a file is no terminal, and only a character device is asked properly,
 * with node's tty module (which a terminal's stream would load anyway).
 */
export function stdoutIsTerminal(): boolean {
  try {
    if (!fstatSync(1).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:tty') as typeof import('node:tty')).isatty(1);
}
