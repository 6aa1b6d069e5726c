import pc from 'picocolors';
import type { DockerClient } from '../docker/client';
import type { DesiredWatchRule } from '../model/desired';
import { execCollecting } from './exec-collecting';
import { syncPaths, type RecentDeletions, type SyncTarget } from './sync';
import type { SyncSessions } from './sync-sessions';

/** The changed paths of one service, by the rule they fell under (relative to the rule's path). */
export type RuleChanges = Map<DesiredWatchRule, Set<string>>;

export interface RunRulesOptions {
  client: DockerClient;
  service: string;
  /** The service's containers, every replica. */
  containers: SyncTarget[];
  changes: RuleChanges;
  /** A rule's ignore filter, for what a synced folder holds. */
  ignored: (rule: DesiredWatchRule) => (rel: string) => boolean;
  say: (line: string) => void;
  /** The session's memory of what it deleted, so one folder deletion is not done and reported twice. */
  recent?: RecentDeletions;
  /** The fast path into running containers. */
  sessions?: SyncSessions;
}

/**
 * Carries out one service's sync, restart and exec rules for a batch of changes (rebuild rules go through `up`):
 * every sync first, then one restart of each replica if any rule asks for it, then the exec commands, so a
 * restarted or signalled process sees all of the batch's files.
 */
export async function runRules(o: RunRulesOptions): Promise<void> {
  const t0 = Date.now();
  const say = (text: string) => o.say(`${pc.magenta('⇄')} ${o.service}: ${text}`);
  let restart = false;
  for (const [rule, rels] of o.changes) {
    if (rule.action === 'restart' || rule.action === 'sync+restart') restart = true;
    if (!rule.target) continue;
    const result = await syncPaths({ client: o.client, containers: o.containers, rule, rels: [...rels], ignored: o.ignored(rule), recent: o.recent, sessions: o.sessions });
    for (const problem of result.problems) o.say(pc.yellow(`note: ${problem}`));
    const done = [result.copied.length ? `copied ${list(result.copied)}` : '', result.deleted.length ? `deleted ${list(result.deleted)}` : ''].filter(Boolean);
    if (done.length) say(`${done.join(', ')} (${Date.now() - t0} ms)`);
  }
  if (restart) {
    await Promise.all(o.containers.map((c) => o.client.restartContainer(c.id)));
    say(`restarted ${o.containers.map((c) => c.name).join(', ')}`);
  }
  for (const rule of o.changes.keys()) {
    if (rule.action !== 'sync+exec' || !rule.exec) continue;
    const cmd = rule.exec;
    await Promise.all(o.containers.filter((c) => c.running).map(async (c) => {
      const { code, output } = await execCollecting(o.client, c.id, cmd);
      const shown = output ? `: ${output}` : '';
      if (code === 0) say(`ran ${cmd.join(' ')} in ${c.name}${shown}`);
      else o.say(pc.yellow(`note: ${o.service}: ${cmd.join(' ')} in ${c.name} exited ${code}${shown}`));
    }));
  }
}

function list(paths: string[]): string {
  return paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');
}
