import { posix, resolve } from 'node:path';
import type { DesiredWatchRule } from './desired';
import { Reader, join } from './reader';
import type { WatchAction } from './types';

const WATCH_KEYS = ['path', 'action', 'target', 'ignore', 'exec', 'initialSync'] as const;
const ACTIONS: readonly WatchAction[] = ['sync', 'sync+restart', 'sync+exec', 'restart', 'rebuild'];
const SYNCS: readonly WatchAction[] = ['sync', 'sync+restart', 'sync+exec'];

/**
 * A service's `watch` list (Compose's develop.watch): host paths resolved against stack.ts's folder, container
 * targets checked to be absolute, and every key that the action would silently ignore reported, so a rule does what
 * it reads like. Problems go to `r` with paths like `services.api.watch[0].target`.
 */
export function readWatch(r: Reader, value: unknown, path: string, dir: string, hasBuild: boolean): DesiredWatchRule[] | undefined {
  const items = r.array(value, path);
  if (!items) return undefined;
  const rules: DesiredWatchRule[] = [];
  items.forEach((item, i) => {
    const rule = readRule(r, item, `${path}[${i}]`, dir, hasBuild);
    if (rule) rules.push(rule);
  });
  return rules;
}

function readRule(r: Reader, value: unknown, path: string, dir: string, hasBuild: boolean): DesiredWatchRule | undefined {
  const w = r.object(value, path, WATCH_KEYS);
  if (!w) return undefined;
  const at = (key: string) => join(path, key);
  const hostPath = w.path === undefined ? missing(r, at('path'), "e.g. path: './src'") : r.string(w.path, at('path'));
  if (hostPath === '') r.issue(at('path'), 'must not be empty', "use '.' for the folder of stack.ts");
  const action = w.action === undefined ? missing(r, at('action'), `one of ${ACTIONS.map((a) => `"${a}"`).join(', ')}`) : r.oneOf(w.action, at('action'), ACTIONS);
  const syncs = action !== undefined && SYNCS.includes(action);

  let target: string | undefined;
  if (w.target !== undefined && action !== undefined && !syncs) r.issue(at('target'), `"${action}" copies nothing, so it takes no target`, 'remove target, or use a sync action');
  else if (w.target === undefined && syncs) r.issue(at('target'), `"${action}" needs a target: where the files go in the container`, "e.g. target: '/app/src'");
  else if (w.target !== undefined) {
    target = r.string(w.target, at('target'));
    if (target !== undefined && !target.startsWith('/')) {
      r.issue(at('target'), `"${target}" must be an absolute path in the container`, `e.g. '/app/${target.replace(/^\.?\/*/, '')}'`);
    }
  }

  let exec: string[] | undefined;
  if (action === 'sync+exec' && w.exec === undefined) r.issue(at('exec'), '"sync+exec" needs the command to run after each sync', "e.g. exec: ['kill', '-HUP', '1']");
  else if (w.exec !== undefined && action !== undefined && action !== 'sync+exec') r.issue(at('exec'), `only "sync+exec" runs a command; "${action}" would ignore it`, 'remove exec, or use action: "sync+exec"');
  else if (w.exec !== undefined) {
    exec = r.stringArray(w.exec, at('exec'));
    if (exec?.length === 0) r.issue(at('exec'), 'must name a command', "e.g. exec: ['kill', '-HUP', '1']");
  }

  const ignore = w.ignore === undefined ? [] : r.stringArray(w.ignore, at('ignore'));
  let initialSync = false;
  if (w.initialSync !== undefined) {
    initialSync = r.boolean(w.initialSync, at('initialSync')) ?? false;
    if (action !== undefined && !syncs) r.issue(at('initialSync'), `"${action}" copies nothing, so there is nothing to sync initially`, 'remove initialSync');
  }
  if (action === 'rebuild' && !hasBuild) r.issue(at('action'), 'a "rebuild" rule needs the service to have build', "add build: './folder' to the service, or use \"restart\"");

  if (!hostPath || !action || ignore === undefined) return undefined;
  return {
    path: resolve(dir, hostPath),
    action,
    ...(target !== undefined ? { target: posix.normalize(target).replace(/(.)\/$/, '$1') } : {}),
    ignore,
    ...(exec ? { exec } : {}),
    initialSync,
  };
}

function missing(r: Reader, path: string, hint: string): undefined {
  r.issue(path, 'is required', hint);
  return undefined;
}
