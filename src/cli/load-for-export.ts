import { loadStackOptions } from '../config/load-options';
import { loadStack } from '../config/load-stack';
import type { DesiredState } from '../model/desired';
import type { GlobalOptions } from './main';
import { stackOptions } from './project';

/**
 * The resolved stack for `stack export`: as `load` resolves it for every other command, except that secrets read from
 * variables and files are read only when the export writes their values (`--with-secret-values`). An export writes
 * where a secret comes from (the variable, the file), never its value, so it runs where the secrets are not: in CI
 * that renders manifests for a cluster which holds its own, or on a laptop without the production password. A
 * Kubernetes export is also checked by a cluster's rules rather than one Docker engine's (`exportTo`).
 */
export async function loadForExport(globals: GlobalOptions, { secretValues, to }: { secretValues: boolean; to?: 'kubernetes' }): Promise<DesiredState> {
  const { desired } = await loadStack({ ...loadStackOptions(stackOptions(globals)), skipSecretValues: !secretValues, exportTo: to });
  return desired;
}
