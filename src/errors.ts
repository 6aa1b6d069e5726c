/**
 * The three kinds of failure stackfile knows about. A UserError is something the user can fix (bad stack.ts,
 * port taken, daemon not running): the CLI prints its message and hint as one paragraph, never a stack trace,
 * and exits 1. Anything else is an internal error: the CLI prints the stack and asks for a report.
 */
export class UserError extends Error {
  readonly hint?: string;
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  constructor(message: string, options: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/**
 * The user stopped a command that changes the stack (Ctrl-C, SIGTERM): no new work was started after the signal,
 * and calls in flight finished. Exit code 130, as shells report an interrupt. `done` lists what the command changed
 * before it stopped, so the user knows where it got to; the next `up` converges from there.
 */
export class InterruptedError extends UserError {
  /** What was done before stopping, in order ("created shop-db-1"); empty when nothing was. */
  readonly done: readonly string[];
  constructor(done: readonly string[] = []) {
    super(`interrupted; done before stopping:\n${done.map((l) => `  ${l}`).join('\n') || '  nothing'}`, {
      hint: 'run stack up again to finish; it converges from wherever this run stopped',
      exitCode: 130,
    });
    this.name = 'InterruptedError';
    this.done = done;
  }
}

/** One problem found in a stack definition, with the path to the offending value (`services.api.ports[0]`). */
export interface Issue {
  path: string;
  message: string;
  hint?: string;
}

/** Every problem found while validating a stack, reported at once so the user fixes them in one round. */
export class ValidationError extends UserError {
  readonly issues: Issue[];
  constructor(issues: Issue[], file?: string) {
    const where = file ? ` in ${file}` : '';
    const lines = issues.map((i) => `  - ${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`);
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'}${where}:\n${lines.join('\n')}`, {
      hint: 'fix these (in stack.ts, its env files or the command line) and run the command again; nothing was changed',
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Error kinds the Docker layer classifies daemon failures into, where they enter the program. */
export type DockerErrorKind =
  | 'unreachable'
  | 'not-found'
  | 'conflict'
  | 'port-allocated'
  | 'image-not-found'
  | 'pull-denied'
  | 'build-failed'
  | 'no-space'
  | 'unknown';

/** A daemon failure, classified. User-facing kinds are UserErrors; `unknown` ones still carry the daemon's words. */
export class DockerError extends UserError {
  readonly kind: DockerErrorKind;
  readonly statusCode?: number;
  constructor(kind: DockerErrorKind, message: string, options: { hint?: string; cause?: unknown; statusCode?: number } = {}) {
    super(message, options);
    this.name = 'DockerError';
    this.kind = kind;
    this.statusCode = options.statusCode;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError || (typeof err === 'object' && err !== null && (err as Error).name === 'UserError');
}
