import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors';

/** `stack init`: writes a starter stack.ts (templates/stack.ts) into the current folder, never over an existing one. */
export async function initCommand(): Promise<void> {
  const target = join(process.cwd(), 'stack.ts');
  if (existsSync(target)) throw new UserError(`${target} already exists`, { hint: 'edit it, or remove it first to start over' });
  copyFileSync(resolve(__dirname, '..', '..', 'templates', 'stack.ts'), target);
  process.stdout.write(`created ${target}\nnext: edit it, then run stack plan and stack up\n`);
}
