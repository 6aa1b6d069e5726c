import { stringify } from 'yaml';
import { loadStack } from '../config/load-stack';
import { toDisplay } from '../model/display';
import type { GlobalOptions } from './main';

/** `stack config`: what would be applied, as YAML (default) or JSON. */
export async function configCommand(globals: GlobalOptions, opts: { format: 'yaml' | 'json' }): Promise<void> {
  const { desired } = await loadStack(globals);
  const display = toDisplay(desired);
  process.stdout.write(opts.format === 'json' ? `${JSON.stringify(display, null, 2)}\n` : stringify(display));
}
