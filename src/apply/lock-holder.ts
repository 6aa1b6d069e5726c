import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { LOCK_LABEL } from '../docker/labels';

/** Who holds a project lock, as its labels record it. */
export interface Holder {
  token: string;
  pid: number;
  host: string;
  /** Boot ID + pid namespace (Linux), or the host name elsewhere: where `pid` names this very process. */
  processSpace: string;
  /** Start time of the process (clock ticks since boot, Linux); '' where unknown. */
  processStart: string;
  command: string;
  /** ISO time, the holder's clock. */
  since: string;
}

let self: Omit<Holder, 'token' | 'since'> | undefined;

/** This process as a lock holder. */
export function thisProcess(token: string): Holder {
  self ??= {
    pid: process.pid,
    host: hostname(),
    processSpace: processSpace(),
    processStart: startTime(process.pid) ?? '',
    command: commandLine(),
  };
  return { ...self, token, since: new Date().toISOString() };
}

export function holderLabels(project: string, h: Holder): Record<string, string> {
  return {
    [LOCK_LABEL.project]: project,
    [LOCK_LABEL.token]: h.token,
    [LOCK_LABEL.pid]: String(h.pid),
    [LOCK_LABEL.host]: h.host,
    [LOCK_LABEL.processSpace]: h.processSpace,
    [LOCK_LABEL.processStart]: h.processStart,
    [LOCK_LABEL.command]: h.command,
    [LOCK_LABEL.since]: h.since,
  };
}

export function holderFrom(labels: Record<string, string>): Holder {
  return {
    token: labels[LOCK_LABEL.token] ?? '',
    pid: Number(labels[LOCK_LABEL.pid] ?? 0),
    host: labels[LOCK_LABEL.host] ?? '?',
    processSpace: labels[LOCK_LABEL.processSpace] ?? '',
    processStart: labels[LOCK_LABEL.processStart] ?? '',
    command: labels[LOCK_LABEL.command] ?? 'a stack command',
    since: labels[LOCK_LABEL.since] ?? '',
  };
}

/**
 * Whether a holder is alive, when this process can tell: 'alive' or 'dead' for a holder in this process space
 * (its pid exists and started when the holder did), 'unknown' for one on another machine or in another container,
 * which only its heartbeat can show alive.
 */
export function holderState(h: Holder): 'alive' | 'dead' | 'unknown' {
  // No holder recorded: not a lock any stackfile took (made by hand, or its labels lost), so nobody to wait for.
  if (!h.token) return 'dead';
  if (!h.processSpace || h.processSpace !== processSpace()) return 'unknown';
  if (!Number.isInteger(h.pid) || h.pid <= 0) return 'dead';
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  // The pid exists; it is the holder only if it started when the holder did (pids are reused).
  const start = startTime(h.pid);
  return h.processStart && start !== undefined && start !== h.processStart ? 'dead' : 'alive';
}

/** `stack up api` for the CLI; the script and its arguments for a program using the library API. */
function commandLine(): string {
  const script = basename(process.argv[1] ?? '');
  const cli = script === 'bin.js' || script === 'stack' || script.startsWith('cli.bundle');
  return [cli ? 'stack' : `node ${script}`, ...process.argv.slice(2)].join(' ').slice(0, 200);
}

let space: string | undefined;

function processSpace(): string {
  if (space !== undefined) return space;
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    space = `${boot}/${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    // No /proc (macOS, Windows): the host name is the best guess at "same machine".
    space = `host:${hostname()}`;
  }
  return space;
}

/** Field 22 of /proc/PID/stat, after the command name (which may hold spaces and parentheses). */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
