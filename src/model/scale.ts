import { UserError } from '../errors';
import type { DesiredState } from './desired';
import { didYouMean } from './suggest';

/**
 * `up --scale api=3`: the desired state with those services' replica counts replaced, as Compose's flag does (a
 * later plain `up` goes back to stack.ts's count). Pure; a malformed spec or unknown service is a UserError.
 */
export function withScale(desired: DesiredState, specs: readonly string[] = []): DesiredState {
  if (specs.length === 0) return desired;
  const services = { ...desired.services };
  for (const spec of specs) {
    const m = /^([^=]+)=(\d+)$/.exec(spec);
    if (!m) throw new UserError(`--scale ${spec}: expected SERVICE=N`, { hint: 'for example --scale api=3' });
    const [, name, n] = m;
    if (!services[name]) {
      const suggestion = didYouMean(name, Object.keys(services));
      throw new UserError(`--scale ${spec}: no service named ${name}${suggestion ? `; ${suggestion}` : ''}`, { hint: `services are: ${Object.keys(services).join(', ')}` });
    }
    if (services[name].containerName && Number(n) > 1) throw new UserError(`--scale ${spec}: ${name} has a fixed containerName, so it runs one container`, { hint: 'remove containerName to scale it' });
    services[name] = { ...services[name], replicas: Number(n) };
  }
  return { ...desired, services };
}
