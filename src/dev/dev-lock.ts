import type { DockerClient } from '../docker/client';
import { describeHolder, elsewhere, lockOnDaemon } from '../apply/lock';
import { holderState } from '../apply/lock-holder';
import { UserError } from '../errors';

/**
 * One `stack dev` per project and daemon, held for the whole session (unlike the per-change lock of up and down):
 * two watchers would fight over the same containers. It is the project lock's mechanism under another name (the
 * volume `stackfile-dev.<project>` on the daemon), so every DOCKER_HOST spelling and machine meets it, a session
 * killed on this machine is taken over at once, and the refusal names the session that holds it.
 */
export function lockDevSession(client: DockerClient, project: string): Promise<() => Promise<void>> {
  return lockOnDaemon(client, project, `stackfile-dev.${project}`, (h, lock) =>
    new UserError(`stack dev is already running for project ${project} (pid ${h.pid}) ${describeHolder(h).replace(/^pid \d+ /, '')}`, {
      hint: `use that session (or stop it with Ctrl-C); one stack dev per project keeps the watchers from fighting over its containers${holderState(h) === 'unknown' ? `; ${elsewhere(lock)}` : ''}`,
    }));
}
