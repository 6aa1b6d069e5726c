import { UserError } from '../errors';
import type { GlobalOptions } from './main';

/** `stack export kubernetes`: not built yet (the exporter lands with its issue). */
export async function exportKubernetesCommand(_globals: GlobalOptions, _opts: { output?: string }): Promise<void> {
  throw new UserError('stack export kubernetes is not available yet', { hint: 'see stack --help for the commands this version has' });
}
