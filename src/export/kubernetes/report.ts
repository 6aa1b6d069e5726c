import type { Issue } from '../../errors';
import { join } from '../../model/reader';

/**
 * What the mapping found on its way: warnings (a key with no Kubernetes meaning, a name that had to change) and
 * errors (something that cannot be exported as asked), each with the stack.ts path it is about. Collected, so one run
 * reports every problem.
 */
export class Report {
  readonly warnings: Issue[] = [];
  readonly errors: Issue[] = [];

  warn(path: string, message: string, hint?: string): void {
    this.warnings.push({ path, message, ...(hint ? { hint } : {}) });
  }

  error(path: string, message: string, hint?: string): void {
    this.errors.push({ path, message, ...(hint ? { hint } : {}) });
  }
}

/** `api` + `ports[0]` → `services.api.ports[0]`, spelt as validation errors spell paths. */
export function servicePath(service: string, rest?: string): string {
  const base = join('services', service);
  return rest === undefined ? base : rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}
