import pc from 'picocolors';
import { isUserError, type UserError } from '../errors';
import { writeStderr } from './write-output';

/**
 * The CLI's last word on a failure. A user error is one paragraph (what, where, what to do) and exit 1, never a
 * stack trace; anything else is our bug, so it gets the stack and a request to report it.
 */
export function handleError(err: unknown): void {
  const { text, exitCode } = formatError(err);
  writeStderr(text);
  process.exitCode = exitCode;
}

/** How handleError prints `err`, for commands that report an error and carry on (`stack dev`). */
export function formatError(err: unknown): { text: string; exitCode: number } {
  if (isUserError(err)) {
    const e = err as UserError;
    return { text: `${pc.red('error:')} ${e.message}\n${e.hint ? `${pc.dim('hint:')} ${e.hint}\n` : ''}`, exitCode: e.exitCode };
  }
  const text = `${pc.red('internal error:')} ${(err as Error)?.stack ?? String(err)}\n` + 'This is a bug in stackfile. Please report it with the command you ran and the output above.\n';
  return { text, exitCode: 70 };
}
