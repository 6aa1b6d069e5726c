/**
 * The `warning:` lines `stack import` prints for what it could not translate. One anchor merged into many services
 * repeats the same key in each (getsentry/self-hosted: 48 times `pull_policy`), so the same key with the same
 * message in several services is one line naming them.
 */
import type { Untranslated } from './convert-context';

/** From this many services on, one line instead of one per service. */
const GROUP_FROM = 3;
const NAMES_SHOWN = 5;

export function warningLines(untranslated: Untranslated[]): string[] {
  const groups = new Map<string, { rest: string; message: string; services: string[] }>();
  const order: (Untranslated | string)[] = [];
  for (const u of untranslated) {
    const m = /^services\.([^.[]+)((?:\.|\[).*)$/.exec(u.path);
    if (!m) {
      order.push(u);
      continue;
    }
    const id = `${m[2]}\n${u.message}`;
    const group = groups.get(id);
    if (group) group.services.push(m[1]);
    else {
      groups.set(id, { rest: m[2], message: u.message, services: [m[1]] });
      order.push(id);
    }
  }
  return order.flatMap((item) => {
    if (typeof item !== 'string') return [line(item.path, item.message, 'a // TODO comment')];
    const { rest, message, services } = groups.get(item)!;
    if (services.length < GROUP_FROM) return services.map((s) => line(`services.${s}${rest}`, message, 'a // TODO comment'));
    const shown = services.slice(0, NAMES_SHOWN).join(', ') + (services.length > NAMES_SHOWN ? `, ... (${services.length} services)` : '');
    return [line(`services.*${rest} in ${shown}`, message, 'a // TODO comment in each')];
  });
}

function line(where: string, message: string, written: string): string {
  return `warning: ${where}: ${message}; written as ${written}`;
}
