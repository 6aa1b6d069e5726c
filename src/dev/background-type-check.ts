import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import pc from 'picocolors';
import { PACKAGE_ROOT } from '../package-root';

/**
 * `stack check` of stack.ts after each (re)load in `stack dev`: loading only transpiles stack.ts, so a type error
 * (a misspelt key, a wrong value type) would go unsaid while the stack runs as written. The check runs in a child
 * process at low priority, after the apply, so it neither holds TypeScript's ~100 MB in the session nor delays a
 * reload; a newer save cancels a check in flight. Errors are said when they appear or change, and once more when
 * they are gone. A passing check is recorded as `stack check`'s is, so `stack up` then does not warn.
 */
export class BackgroundTypeCheck {
  private child?: ChildProcess;
  /** The diagnostics last said; '' when the last check passed (or none ran yet). */
  private said = '';
  private closed = false;

  constructor(
    private readonly file: () => string,
    private readonly say: (line: string) => void,
  ) {}

  /** Checks the current stack.ts, cancelling a check of an older version. */
  run(): void {
    if (this.closed) return;
    this.cancel();
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bin.js'), 'check', '-f', this.file()], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', STACKFILE_TRACE: '' },
    });
    this.child = child;
    try {
      if (child.pid) setPriority(child.pid, 10);
    } catch {
      // Not allowed to lower it: it still runs, only at the session's priority.
    }
    // The diagnostics are on stdout; stderr has only `stack check`'s closing paragraph, or why it could not check.
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d));
    child.stderr?.on('data', (d: Buffer) => (err += d));
    child.on('error', () => undefined);
    child.on('close', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (signal || this.closed) return;
      if (code === 0) {
        if (this.said) this.say(pc.green('✔ stack.ts type-checks again'));
        this.said = '';
        return;
      }
      const text = (out.trim() ? out : err).trimEnd();
      if (text === this.said) return;
      this.said = text;
      this.say(pc.yellow(`⚠ type errors in stack.ts (the stack runs as written; fix them, or they fail \`stack check\` and \`stack up --check\`):`));
      this.say(text);
    });
  }

  /** Ends the session's checks (one in flight is stopped). */
  close(): void {
    this.closed = true;
    this.cancel();
  }

  private cancel(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) child.kill();
  }
}
