import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { projectStack, stackPathArgument } from './project';
import { isFolder } from './paths';
import { openTarget, selectTarget } from '../targets/select';

/**
 * `stack logs`: every selected container's output, each line prefixed `service |` in the service's colour. With -f
 * it keeps following, and attaches to containers that start later (a recreate by `up` or `dev`, a restart), so one
 * terminal shows a service across its replacements.
 */
export async function logsCommand(globalOptions: GlobalOptions, args: string[], flags: { follow?: boolean; tail?: number; timestamps?: boolean }): Promise<void> {
  // `stack logs -f DIR` (Compose's habit: -f is --follow here): a path among the arguments is the stack's folder.
  const { globals, services } = stackPathArgument(globalOptions, args);
  const { project, stack } = await projectStack(globals);
  const unknown = stack ? services.filter((s) => !stack.desired.services[s] && !stack.desired.inactive?.[s]) : [];
  if (unknown.length) {
    const folder = unknown.find((s) => isFolder(s));
    throw new UserError(`no service named ${unknown.join(', ')} in ${project}`, {
      hint: folder ? `to show the logs of the stack in the folder ${folder}, pass it as --file ${folder} (-f is --follow for logs)` : `services are: ${Object.keys(stack!.desired.services).join(', ')}`,
    });
  }
  const target = await openTarget(selectTarget(globals.target, stack?.desired));
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await target.logs(project, { services, follow: !!flags.follow, tail: flags.tail, timestamps: flags.timestamps, write: (line: string) => process.stdout.write(line), signal: controller.signal });
}
