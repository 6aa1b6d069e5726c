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

/**
 * No stack.ts where the command looked: nothing in `searched` or a folder above it, or the `-f` path named a file
 * that does not exist or a folder without one. Commands that can work without a stack.ts (`down -p NAME`) catch
 * this class, not its wording.
 */
export class StackNotFoundError extends UserError {
  /** The folder the search started from, or the `-f` path as given. */
  readonly searched: string;
  /** The `-f/--file` argument, when the user named one. */
  readonly file?: string;
  constructor(message: string, options: { searched: string; file?: string; hint: string }) {
    super(message, { hint: options.hint });
    this.name = 'StackNotFoundError';
    this.searched = options.searched;
    this.file = options.file;
  }
}

/**
 * stack.ts (or a file it imports) could not be loaded or evaluated: it threw, an import is missing, it is not
 * readable. `files` names the user's files the failure points at, so `stack dev` can watch them and a fix is seen.
 */
export class StackLoadError extends UserError {
  /** stack.ts. */
  readonly file: string;
  /** The user's files the failure points at (the one that threw, the importer of a missing module), stack.ts included. */
  readonly files: readonly string[];
  constructor(message: string, options: { file: string; files?: readonly string[]; hint: string; cause?: unknown }) {
    super(message, { hint: options.hint, cause: options.cause });
    this.name = 'StackLoadError';
    this.file = options.file;
    this.files = [...new Set([options.file, ...(options.files ?? [])])];
  }
}

/** A syntax error TypeScript found while transpiling a stack file, at `file:line:column`. */
export interface SyntaxDiagnostic {
  file: string;
  /** 1-based, as editors count. */
  line: number;
  column: number;
  message: string;
}

/** A stack file that does not parse: every diagnostic with its position; `files` holds the files that failed. */
export class TranspileError extends StackLoadError {
  readonly diagnostics: readonly SyntaxDiagnostic[];
  constructor(message: string, options: { file: string; diagnostics: readonly SyntaxDiagnostic[] }) {
    super(message, { file: options.file, files: options.diagnostics.map((d) => d.file), hint: 'fix the syntax and run again; nothing was changed' });
    this.name = 'TranspileError';
    this.diagnostics = options.diagnostics;
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

/**
 * A daemon failure, classified. User-facing kinds are UserErrors; `unknown` ones still carry the daemon's words.
 * With `service`, the message starts "service NAME: " and `detail` is the rest, for lines that name the service
 * their own way.
 */
export class DockerError extends UserError {
  readonly kind: DockerErrorKind;
  readonly statusCode?: number;
  /** The service whose call failed, when the caller said. */
  readonly service?: string;
  /** The message without the service's name. */
  readonly detail: string;
  constructor(kind: DockerErrorKind, message: string, options: { hint?: string; cause?: unknown; statusCode?: number; service?: string } = {}) {
    super(options.service ? `service ${options.service}: ${message}` : message, options);
    this.name = 'DockerError';
    this.kind = kind;
    this.statusCode = options.statusCode;
    this.service = options.service;
    this.detail = message;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError || (typeof err === 'object' && err !== null && (err as Error).name === 'UserError');
}
