import type { ActualContainer } from '../../docker/actual';
import type { DockerClient } from '../../docker/client';
import { UserError } from '../../errors';
import { didYouMean } from '../../model/suggest';

/**
 * The project's containers of `services` (all when none is named), ordered by service and replica. A name no
 * container carries is an error that suggests the closest one (`exec apii` → did you mean "api"?), so a typo never
 * silently acts on nothing.
 */
export async function serviceContainers(client: DockerClient, project: string, services: string[], known: string[] = []): Promise<ActualContainer[]> {
  const all = (await client.listContainers(project)).sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
  const names = [...new Set([...all.map((c) => c.service), ...known])].sort();
  const unknown = services.filter((s) => !all.some((c) => c.service === s));
  if (unknown.length) {
    const [first] = unknown;
    const suggestion = didYouMean(first, names);
    const declared = known.includes(first);
    throw new UserError(declared ? `service ${first} has no containers in project ${project}` : `no service named ${unknown.join(', ')} in project ${project}${suggestion ? `: ${suggestion}` : ''}`, {
      hint: declared ? `create them with stack up ${first}` : names.length ? `services with containers: ${names.join(', ')}` : 'the project has no containers; start it with stack up',
    });
  }
  return services.length ? all.filter((c) => services.includes(c.service)) : all;
}
