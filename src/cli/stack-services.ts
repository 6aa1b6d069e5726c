import type { DesiredService, DesiredState } from '../model/desired';
import { UserError } from '../errors';
import { didYouMean } from '../model/suggest';

/** The services of stack.ts a command names (all when none), each name checked with a "did you mean" for typos. */
export function stackServices(desired: DesiredState, names: string[]): DesiredService[] {
  const all = Object.keys(desired.services);
  for (const name of names) {
    if (desired.services[name]) continue;
    const suggestion = didYouMean(name, all);
    throw new UserError(`no service named ${name} in ${desired.project}${suggestion ? `: ${suggestion}` : ''}`, { hint: `services are: ${all.join(', ')}` });
  }
  return names.length ? names.map((n) => desired.services[n]) : Object.values(desired.services);
}

/** One entry per image reference, with the services using it (two services may build or pull the same image). */
export function byImage(services: DesiredService[]): { ref: string; service: DesiredService; services: string[] }[] {
  const out = new Map<string, { ref: string; service: DesiredService; services: string[] }>();
  for (const s of services) {
    const entry = out.get(s.image) ?? { ref: s.image, service: s, services: [] };
    entry.services.push(s.name);
    out.set(s.image, entry);
  }
  return [...out.values()];
}
