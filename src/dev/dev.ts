/**
 * `stack dev`: brings the stack up, then stays attached. It shows every service's logs, re-applies stack.ts when it
 * (or a file it loads) changes, and carries out the services' watch rules: sync files into containers, restart
 * them, run a command, or rebuild their image.
 */
import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import pc from 'picocolors';
import type { Progress } from '../apply/execute';
import { ListrProgress } from '../apply/listr-progress';
import { lockProject } from '../apply/lock';
import { up, type UpOptions, type UpResult } from '../apply/up';
import type { ActualState } from '../docker/actual';
import type { LoadStackOptions } from '../config/load-stack';
import type { DockerClient } from '../docker/client';
import { DockerError, StackLoadError } from '../errors';
import { dependencyEdges } from '../graph/dag';
import type { DesiredState, DesiredWatchRule } from '../model/desired';
import { renderPlan } from '../plan/render';
import { observe, observeKey } from '../state/observe';
import { trace } from '../trace';
import { hasChanges, type Plan } from '../plan/types';
import { BackgroundTypeCheck } from './background-type-check';
import { lockDevSession } from './dev-lock';
import { FileWatcher } from './file-watcher';
import { loadDevStack } from './load-dev-stack';
import { multiplexLogs } from './log-mux';
import { Retirements } from './retirements';
import { runRules, type RuleChanges } from './run-rules';
import { stopServices, stopWords } from './stop-services';
import { RecentDeletions, syncPaths, type SyncTarget } from './sync';
import { SyncSessions } from './sync-sessions';
import { WatchRules } from './watch-rules';

/**
 * Quiet time after the last change before acting: a save is often several writes, a `git checkout` many files. Short,
 * since it is most of a save's latency: acting before a burst ends costs one more batch, never a wrong file (batches
 * reach a container in order, and what changes during one is in the next).
 */
const DEBOUNCE_MS = 20;
/** A stream of changes (a build tool writing for seconds) is still acted on this often. */
const MAX_WAIT_MS = 250;

/** Where a session's output goes; the CLI colours and prints it. */
export interface DevReporter {
  /** One line of a service's log, prefixed `service |`. */
  log(line: string): void;
  /** The session's own lines: what it synced, reloaded, restarted. */
  status(line: string): void;
  /** A failure the session survives (a broken stack.ts, a service that did not start). */
  error(err: unknown): void;
  /** The first `up` finished. */
  up(result: UpResult, ms: number): void;
}

export interface DevOptions extends LoadStackOptions {
  client: DockerClient;
  reporter: DevReporter;
  /** How the first up shows progress (listr2 in a terminal). */
  progressMode: 'tty' | 'plain' | 'silent';
  version: string;
  waitTimeoutMs?: number;
  /** `--keep`: Ctrl-C leaves the containers running (said in the banner). */
  keep?: boolean;
  /** Type-check stack.ts in the background after each load (background-type-check.ts). */
  typeCheck?: boolean;
}

export class DevSession {
  private desired?: DesiredState;
  private rules?: WatchRules;
  /** stack.ts and the local files it loaded: a change to any reloads it. */
  private configFiles = new Set<string>();
  private watcher?: FileWatcher;
  private releaseLock?: () => Promise<void>;
  private starting?: Promise<void>;
  private stopping = false;
  /** Changes waiting for the debounce: the config file that changed, and files under rules by service. */
  private reloadPending?: string;
  private files = new Map<string, RuleChanges>();
  /** Each pending rule's ignore filter: a reload in between may already have replaced the rules. */
  private readonly filters = new WeakMap<DesiredWatchRule, (rel: string) => boolean>();
  private timer?: NodeJS.Timeout;
  private burstStart = 0;
  /** The work in progress (one piece at a time), and the apply in it that Ctrl-C can stop launching more. */
  private working: Promise<void> = Promise.resolve();
  private applying?: AbortController;
  private readonly logs = new AbortController();
  private logsDone?: Promise<void>;
  private readonly notedMissing = new Set<string>();
  private readonly recentDeletions = new RecentDeletions();
  private sessions?: SyncSessions;
  private typeCheck?: BackgroundTypeCheck;
  private readonly startedAt = Date.now();
  /** Replaced containers being stopped and removed in the background (see overlapRecreate). */
  private readonly retirements: Retirements;
  /** Set by stop: --keep leaves the containers running, so a second Ctrl-C kills only the retiring ones. */
  private keeping = false;

  constructor(private readonly o: DevOptions) {
    this.retirements = new Retirements(o.client, (name) => this.desired?.services[name], (line) => o.reporter.status(line));
  }

  /**
   * Loads stack.ts (an error here ends the session before anything changed), takes the project's dev lock, watches,
   * brings the stack up and starts showing logs. A service that fails to come up is reported and the session goes
   * on, so saving a fix applies it.
   */
  start(): Promise<void> {
    this.starting ??= this.boot();
    return this.starting;
  }

  /**
   * Ends the session: no new work starts, an apply in flight stops launching, then the containers are stopped
   * gracefully and kept (the next `stack dev` just starts them), unless `keep`. Their last log lines still show.
   * Replaced containers still stopping in the background are waited for and removed either way: they are not the
   * stack's, and nothing else would remove them.
   */
  async stop(options: { keep?: boolean } = {}): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.keeping = options.keep ?? false;
    clearTimeout(this.timer);
    this.applying?.abort();
    await this.starting?.catch(() => undefined);
    await this.watcher?.close();
    this.typeCheck?.close();
    await this.working;
    this.sessions?.close();
    try {
      if (this.retirements.size) this.o.reporter.status(`removing the replaced ${this.retirements.names().join(', ')} (still stopping; Ctrl-C again kills ${this.retirements.size === 1 ? 'it' : 'them'} now)`);
      const retired = this.retirements.settled();
      if (this.desired && this.releaseLock && !options.keep) {
        this.o.reporter.status(`stopping ${this.desired.project} (containers are kept; stack down removes them)`);
        const services = this.desired.services;
        // A container that ignores its stop signal is waited on for its whole grace period: say which and how long.
        const stopped = await stopServices(this.o.client, this.desired.project, dependencyEdges(services), (c) => {
          const s = services[c.service];
          this.o.reporter.status(`stopping ${c.name} (${stopWords(s)}; Ctrl-C again kills it now)`);
        }, this.retirements.hidden);
        this.o.reporter.status(`stopped ${stopped.length} container${stopped.length === 1 ? '' : 's'}`);
      }
      await retired;
    } finally {
      this.logs.abort();
      await this.logsDone;
      await this.releaseLock?.();
    }
  }

  /** How many replaced containers are still being stopped in the background. */
  get retiring(): number {
    return this.retirements.size;
  }

  /**
   * The second Ctrl-C: kills the project's running containers at once (a graceful stop may still be waiting), or
   * with --keep only the replaced ones still stopping in the background.
   */
  async kill(): Promise<void> {
    if (!this.desired || this.keeping) return this.retirements.kill();
    const running = (await this.o.client.listContainers(this.desired.project)).filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
    await Promise.all(running.map((c) => this.o.client.killContainer(c.id).catch(() => undefined)));
  }

  private async boot(): Promise<void> {
    const { desired, loaded } = await loadDevStack(this.o);
    if (this.stopping) return;
    this.releaseLock = await lockDevSession(this.o.client, desired.project);
    trace('dev session locked');
    if (this.stopping) return;
    this.sessions = new SyncSessions(this.o.client, (line) => this.o.reporter.status(line));
    if (this.o.typeCheck) this.typeCheck = new BackgroundTypeCheck(() => loaded.file, (line) => this.o.reporter.status(line));
    this.adopt(desired, loaded.dependencies);
    this.watcher = await FileWatcher.start(this.watchedPaths(), {
      onChange: (path) => this.changed(path),
      onError: (err) => this.o.reporter.error(err),
      skip: (path) => !this.configFiles.has(path) && (this.rules?.skips(path) ?? false),
    });
    trace('watcher ready');
    // Changes made while the stack comes up are queued behind it.
    await this.queue(async () => {
      const t0 = Date.now();
      const progress = new ListrProgress(Object.values(desired.services).filter((s) => s.replicas > 0).map((s) => s.name), { mode: this.o.progressMode });
      progress.start();
      let result: UpResult | undefined;
      try {
        // A project last applied with another env (up --env prod) is switched by this session: say so, not quietly.
        result = await this.up(progress, undefined, (plan) => plan.notes.filter((n) => n.includes(' was last applied with ')).forEach((n) => this.o.reporter.status(`warning: ${n}`)));
      } catch (err) {
        if (err instanceof DockerError && err.kind === 'unreachable') throw err;
        this.o.reporter.error(err);
      } finally {
        await progress.close();
      }
      if (result) this.o.reporter.up(result, Date.now() - t0);
      await this.initialSync(Object.keys(desired.services));
      trace('initial sync done');
      this.typeCheck?.run();
    });
    if (this.stopping) return;
    this.logsDone = multiplexLogs({
      client: this.o.client,
      project: desired.project,
      containers: await this.o.client.listContainers(desired.project),
      follow: true,
      since: this.startedAt / 1000,
      write: (line) => this.o.reporter.log(line.replace(/\n$/, '')),
      signal: this.logs.signal,
    });
    const others = [...this.configFiles].filter((f) => f !== loaded.file && existsSync(f)).length;
    const rules = this.rules?.size ?? 0;
    this.o.reporter.status(
      `watching ${shortPath(loaded.file)}${others > 0 ? ` and ${others} file${others === 1 ? '' : 's'} it loads` : ''}` +
        `${rules ? `, ${rules} watch rule${rules === 1 ? '' : 's'}` : ''}${desired.env ? ` (env ${desired.env})` : ''}; Ctrl-C ${this.o.keep ? 'leaves the containers running' : 'stops the containers'}`,
    );
  }

  /** Takes a newly loaded stack as the current one: its rules, and the files to watch for it. */
  private adopt(desired: DesiredState, dependencies: string[]): void {
    this.desired = desired;
    this.rules = new WatchRules(desired);
    this.configFiles = new Set(dependencies);
    for (const path of this.rules.paths) {
      if (existsSync(path) || this.notedMissing.has(path)) continue;
      this.notedMissing.add(path);
      this.o.reporter.status(pc.yellow(`note: watch path ${shortPath(path)} does not exist; once it does, save stack.ts to watch it`));
    }
    this.watcher?.set(this.watchedPaths());
  }

  private watchedPaths(): string[] {
    return [...new Set([...this.configFiles, ...(this.rules?.paths ?? [])])];
  }

  private changed(path: string): void {
    if (this.stopping || !this.rules) return;
    if (this.configFiles.has(path)) this.reloadPending ??= path;
    for (const hit of this.rules.match(path)) {
      const byRule = this.files.get(hit.service) ?? new Map<DesiredWatchRule, Set<string>>();
      this.files.set(hit.service, byRule);
      byRule.set(hit.rule, (byRule.get(hit.rule) ?? new Set<string>()).add(hit.rel));
      this.filters.set(hit.rule, hit.ignored);
    }
    if (this.reloadPending || this.files.size) this.schedule();
  }

  /** Debounced: acts once changes pause for DEBOUNCE_MS, and at least every MAX_WAIT_MS while they keep coming. */
  private schedule(): void {
    const now = Date.now();
    if (!this.timer) this.burstStart = now;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.queue(() => this.flush()).catch((err) => this.o.reporter.error(err));
    }, Math.max(0, Math.min(DEBOUNCE_MS, this.burstStart + MAX_WAIT_MS - now)));
  }

  /** One piece of work at a time, so a sync never lands in a container that a reload is replacing. */
  private queue(work: () => Promise<void>): Promise<void> {
    const run = this.working.then(() => (this.stopping ? undefined : work()));
    // The queue goes on after a failure; the failure is the caller's to report.
    this.working = run.catch(() => undefined);
    return run;
  }

  /** Everything that changed since the last flush: stack.ts first (it may change the rules), then the files. */
  private async flush(): Promise<void> {
    const reload = this.reloadPending;
    const files = this.files;
    this.reloadPending = undefined;
    this.files = new Map();
    if (reload) await this.reload(reload);
    const rebuild = [...files].filter(([, byRule]) => [...byRule.keys()].some((r) => r.action === 'rebuild')).map(([s]) => s);
    await Promise.all([...files].map(async ([service, changes]) => {
      if (rebuild.includes(service) || !this.desired?.services[service]) return;
      try {
        const containers = await this.targets(service);
        if (containers.length === 0) {
          // Removed behind the session's back (a `stack down` elsewhere): say so rather than sync into nothing.
          this.o.reporter.status(pc.yellow(`${service} has no container (removed outside this session?); save stack.ts to bring it back`));
          return;
        }
        await runRules({ client: this.o.client, service, containers, changes, recent: this.recentDeletions, sessions: this.sessions, ignored: (rule) => this.filters.get(rule) ?? (() => false), say: (l) => this.o.reporter.status(l) });
      } catch (err) {
        this.o.reporter.error(err);
      }
    }));
    if (rebuild.length) await this.apply(`rebuilding ${rebuild.join(', ')}: a file under a rebuild rule changed`, new Set(rebuild), Date.now());
  }

  /** stack.ts changed: load it afresh and apply the difference; a broken one leaves the stack as it is. */
  private async reload(file: string): Promise<void> {
    const t0 = Date.now();
    trace('reloading stack.ts');
    const previous = this.desired!;
    // The daemon's side (lock, observe) is read while stack.ts loads; the observation serves when the new stack
    // reads the same things from the daemon (observeKey), as it does for most edits.
    const locked = this.lockAndObserve(previous);
    locked.catch(() => undefined); // handed to up below, which reports a failure to lock
    let next: Awaited<ReturnType<typeof loadDevStack>>;
    try {
      next = await loadDevStack(this.o);
    } catch (err) {
      await unlock(locked);
      this.o.reporter.status(pc.red(`✖ ${shortPath(file)} has a problem; the stack keeps running as it was`));
      this.o.reporter.error(err);
      this.watchFilesNamedIn(err);
      return;
    }
    if (next.desired.project !== previous.project) {
      await unlock(locked);
      this.o.reporter.status(pc.red(`✖ the project name changed from ${previous.project} to ${next.desired.project}; restart stack dev to switch (nothing was changed)`));
      return;
    }
    this.adopt(next.desired, next.loaded.dependencies);
    const builds = Object.values(next.desired.services).filter((s) => s.build && JSON.stringify(s.build) !== JSON.stringify(previous.services[s.name]?.build));
    const sameReads = observeKey(next.desired) === observeKey(previous);
    await this.apply(`${shortPath(file)} changed`, new Set(builds.map((s) => s.name)), t0, locked.then((held) => (sameReads ? held : { release: held.release })));
    this.typeCheck?.run();
  }

  /** The project lock and, under it, the project's state as `up` would observe it for `desired`. */
  private async lockAndObserve(desired: DesiredState): Promise<{ release: () => Promise<void>; actual?: ActualState }> {
    const release = await lockProject(this.o.client, desired.project);
    try {
      return { release, actual: await observe(this.o.client, desired.project, desired, this.retirements.hidden) };
    } catch {
      // up observes again, and reports what went wrong.
      return { release };
    }
  }

  /**
   * A file the failed load never got to report as loaded (a new helper with a syntax error) is named by the error:
   * watch it too, so fixing it is seen.
   */
  private watchFilesNamedIn(err: unknown): void {
    if (!(err instanceof StackLoadError)) return;
    for (const path of err.files) {
      if (this.configFiles.has(path) || !isFile(path)) continue;
      this.configFiles.add(path);
      this.watcher?.add(path);
    }
  }

  /** Re-plans against the live daemon and applies only the difference, printing the short plan first. */
  private async apply(what: string, builds: Set<string>, t0: number, locked?: UpOptions['locked']): Promise<void> {
    this.o.reporter.status(pc.cyan(`↻ ${what}`));
    let planned = false;
    try {
      const result = await this.up(silent, builds, (plan) => {
        planned = true;
        if (hasChanges(plan)) this.o.reporter.status(renderPlan({ ...plan, images: [] }).trimEnd());
      }, locked);
      this.o.reporter.status(pc.green(hasChanges(result.plan) ? `✔ applied in ${((Date.now() - t0) / 1000).toFixed(1)}s` : '✔ nothing to change'));
      const fresh = result.plan.containers.filter((c) => c.action === 'create' || c.action === 'recreate').map((c) => c.service);
      await this.initialSync([...new Set(fresh)]);
    } catch (err) {
      this.o.reporter.error(err);
      if (!planned) this.o.reporter.status('nothing was changed');
    }
  }

  /** `up` of the current stack; `builds` limits rebuilding to those services' images (missing ones are always fetched). */
  private async up(progress: Progress, builds?: Set<string>, onPlan?: (plan: Plan) => void, locked?: UpOptions['locked']): Promise<UpResult> {
    const controller = new AbortController();
    // Ctrl-C may have come between queueing this and starting it.
    if (this.stopping) controller.abort();
    this.applying = controller;
    try {
      return await up(this.desired!, {
        client: this.o.client,
        progress,
        signal: controller.signal,
        waitTimeoutMs: this.o.waitTimeoutMs ?? 60_000,
        version: this.o.version,
        // A save of stack.ts waits for the replacement's start, not for the old container's stop before or after it.
        overlapRecreate: true,
        retire: (old) => this.retirements.retire(old),
        ignoreContainers: this.retirements.hidden,
        ...(builds ? { fetchImage: (step) => step.action === 'pull' || step.services.some((s) => builds.has(s)) } : {}),
        onPlan,
        locked,
      });
    } finally {
      this.applying = undefined;
    }
  }

  /**
   * Readies the services' containers (new ones, or all at the start) for syncing: opens their sync sessions and
   * copies all of each `initialSync` rule's path in.
   */
  private async initialSync(services: string[]): Promise<void> {
    if (this.stopping) return;
    await Promise.all(services.map(async (service) => {
      const synced = (this.rules?.forService(service) ?? []).filter((r) => r.rule.target);
      if (synced.length === 0) return;
      const containers = await this.targets(service);
      // The session is opened as the container comes up, so the first save does not wait for it; nor does the
      // "watching" line: a sync that comes before it is open waits for that same opening.
      void this.sessions?.prepare(containers);
      for (const { rule, ignored } of synced.filter((r) => r.rule.initialSync && existsSync(r.rule.path))) {
        try {
          const result = await syncPaths({ client: this.o.client, containers, rule, rels: [''], ignored, sessions: this.sessions });
          if (result.copied.length) this.o.reporter.status(`${pc.magenta('⇄')} ${service}: copied ${shortPath(rule.path)} to ${rule.target} (initialSync)`);
        } catch (err) {
          this.o.reporter.error(err);
        }
      }
    }));
  }

  private async targets(service: string): Promise<SyncTarget[]> {
    const all = await this.o.client.listContainers(this.desired!.project);
    return all.filter((c) => c.service === service && !this.retirements.hidden.has(c.id)).map((c) => ({ id: c.id, name: c.name, running: c.state === 'running', service }));
  }
}

/** Releases a lock taken for a reload that will not apply. */
async function unlock(locked: Promise<{ release: () => Promise<void> }>): Promise<void> {
  await locked.then((held) => held.release()).catch(() => undefined);
}

const silent: Progress = { update() {}, done() {}, fail() {}, note() {} };

function shortPath(path: string): string {
  return relative(process.cwd(), path) || path;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
