import { UserError, type Issue } from '../errors';
import { exportKubernetes } from '../export/kubernetes/index';
import { renderStream } from '../export/kubernetes/render';
import { outputKind, writeManifests } from '../export/kubernetes/write';
import { trace } from '../trace';
import { writeStderr, writeStdout } from './write-output';
import type { GlobalOptions } from './main';
import { loadForExport } from './load-for-export';

export interface ExportKubernetesFlags {
  output?: string;
  namespace?: string;
  serviceType: 'LoadBalancer' | 'NodePort';
  bindMounts: 'error' | 'host-path';
  withSecretValues?: boolean;
  networkPolicies?: boolean;
  strict?: boolean;
  waitImage?: string;
  kubectlImage?: string;
  storageClass?: string;
  force?: boolean;
}

const line = (i: Issue) => `${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`;

/** `stack export kubernetes`: manifests for the resolved stack, on standard output, in a file or a folder. */
export async function exportKubernetesCommand(globals: GlobalOptions, flags: ExportKubernetesFlags): Promise<void> {
  const desired = await loadForExport(globals, { secretValues: flags.withSecretValues ?? false, to: 'kubernetes' });
  const result = exportKubernetes(desired, {
    namespace: flags.namespace,
    serviceType: flags.serviceType,
    bindMounts: flags.bindMounts,
    withSecretValues: flags.withSecretValues ?? false,
    networkPolicies: flags.networkPolicies ?? false,
    waitImage: flags.waitImage,
    kubectlImage: flags.kubectlImage,
    storageClass: flags.storageClass,
  });
  trace('objects mapped');
  const problems = [...result.errors, ...(flags.strict ? result.warnings : [])];
  if (problems.length) {
    const what = result.errors.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : `${problems.length} warning${problems.length === 1 ? '' : 's'} (--strict makes them errors)`;
    throw new UserError(`cannot export to Kubernetes, ${what}:\n${problems.map((i) => `  - ${line(i)}`).join('\n')}`, { hint: 'fix these in stack.ts (or choose the flags named above) and export again; nothing was written' });
  }
  for (const w of result.warnings) writeStderr(`warning: ${line(w)}\n`);
  if (flags.withSecretValues) writeStderr('warning: --with-secret-values: the Secrets hold the values (base64 is not encryption); keep the output out of version control\n');
  const about = `Project ${desired.project}${desired.env ? `, env ${desired.env}` : ''}, namespace ${result.namespace}.`;
  if (!flags.output) {
    writeStdout(renderStream(result.manifests, about));
    return;
  }
  if (outputKind(flags.output) === 'guessed-folder') writeStderr(`note: ${flags.output} is written as a folder, one file per object (only a name ending in .yaml or .yml is a single file)\n`);
  const { files, removed } = writeManifests(flags.output, result.manifests, about, { project: desired.project, force: flags.force ?? false });
  trace('manifests rendered and written');
  writeStderr(`wrote ${files === 1 && result.manifests.length > 1 ? `${result.manifests.length} objects to ${flags.output}` : `${files} files to ${flags.output}`}${removed.length ? ` (removed ${removed.length} an earlier export wrote: ${removed.join(', ')})` : ''}; apply with kubectl apply -f ${flags.output}\n`);
}
