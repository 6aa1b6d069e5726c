import { UserError } from '../errors';
import type { GlobalOptions } from './main';

/** `stack export compose`: not built yet (the exporter lands with its issue). */
export async function exportComposeCommand(_globals: GlobalOptions, _opts: { output?: string }): Promise<void> {
  throw new UserError('stack export compose is not available yet', { hint: 'see stack --help for the commands this version has' });
}
