import { relative } from 'node:path';
import pc from 'picocolors';
import type { ResolvedStack } from '../api';
import { typeCheckedSinceChange } from '../config/type-check-record';

/**
 * One line on a terminal when stack.ts (or a local file it imports) changed since `stack check` last passed: `plan`
 * and `up` only transpile it, so a type error there would otherwise go unsaid. Not in pipes and CI logs, whose
 * output scripts read; there, `stack up --check` refuses a stack with type errors.
 */
export function warnIfNotTypeChecked(stack: ResolvedStack): void {
  if (!stack.file || !process.stderr.isTTY || typeCheckedSinceChange(stack.file, stack.files)) return;
  const shown = relative(process.cwd(), stack.file) || stack.file;
  process.stderr.write(`${pc.yellow(`warning: ${shown} was not type-checked since it last changed: run \`stack check\` (or \`stack up --check\`, which refuses type errors)`)}\n`);
}
