import type { ContainerDetails, DockerClient } from '../docker/client';
import { DockerError, InterruptedError } from '../errors';
import type { DesiredState } from '../model/desired';
import { SECRET_MARK } from '../model/secret';
import { diagnose } from './diagnose';
import { NotStartedError } from './phases/launch-gate';
import { NotReadyError } from './readiness';

/** What a failed service's line says: a diagnosis for a container that did not become ready, else the error. */
export async function failureMessage(client: DockerClient, service: string, err: unknown): Promise<string> {
  if (err instanceof InterruptedError) return `${service}: not started: interrupted`;
  if (err instanceof NotReadyError && err.reason === 'interrupted') return `${service}: interrupted`;
  if (err instanceof NotReadyError) return diagnose(client, service, err.details, err.reason);
  if (err instanceof NotStartedError) return `${service}: ${err.message}`;
  if (!(err instanceof Error)) return String(err);
  // Daemon errors classified with the service already name it.
  return `service ${service} failed: ${err instanceof DockerError && err.service === service ? err.detail : err.message}`;
}

/** A ready service in a few words: "healthy", "completed", "3 replicas running". */
export function describeReady(containers: ContainerDetails[]): string {
  const c = containers[0];
  if (!c) return 'no replicas';
  const state = c.health === 'healthy' ? 'healthy' : c.state === 'exited' ? 'completed' : 'running';
  return containers.length > 1 ? `${containers.length} replicas ${state}` : state;
}

/**
 * A failure message quotes the container's own logs and healthcheck output, which may echo a secret it was given;
 * stackfile's output never shows one, so known secret values are masked (short ones too common to mask are left).
 */
export function redactSecrets(text: string, desired: DesiredState): string {
  const values = Object.values(desired.services).flatMap((s) => [...s.secrets.map((sec) => sec.value), ...s.secretEnv.map((k) => s.environment[k])]);
  let out = text;
  for (const v of values.filter((x) => x && x.trim().length >= 4).sort((a, b) => b.length - a.length)) out = out.split(v.trim()).join(SECRET_MARK);
  return out;
}
