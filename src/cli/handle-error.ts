import pc from 'picocolors';
import { isUserError, type UserError } from '../errors';

/**
 * The CLI's last word on a failure. A user error is one paragraph (what, where, what to do) and exit 1, never a
 * stack trace; anything else is our bug, so it gets the stack and a request to report it.
 */
export function handleError(err: unknown): void {
  if (isUserError(err)) {
    const e = err as UserError;
    process.stderr.write(`${pc.red('error:')} ${e.message}\n`);
    if (e.hint) process.stderr.write(`${pc.dim('hint:')} ${e.hint}\n`);
    process.exitCode = e.exitCode;
    return;
  }
  process.stderr.write(`${pc.red('internal error:')} ${(err as Error)?.stack ?? String(err)}\n`);
  process.stderr.write('This is a bug in stackfile. Please report it with the command you ran and the output above.\n');
  process.exitCode = 70;
}
