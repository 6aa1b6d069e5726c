/**
 * `stack dev`: brings the stack up, then stays attached. It shows every service's logs, re-applies stack.ts when it
 * (or a file it imports) changes, and carries out the services' watch rules: sync files into containers, restart
 * them, or rebuild their image. The only chokidar user.
 */
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { watch, type FSWatcher } from 'chokidar';
import pc from 'picocolors';
import type { Progress } from '../apply/execute';
import { ListrProgress } from '../apply/listr-progress';
import { up, type UpResult } from '../apply/up';
import type { LoadStackOptions } from '../config/load-stack';
import type { DockerClient } from '../docker/client';
import { DockerError } from '../errors';
import { dependencyEdges } from '../graph/dag';
import type { DesiredState, DesiredWatchRule } from '../model/desired';
import { renderPlan } from '../plan/render';
import { hasChanges, type Plan } from '../plan/types';
import { lockDevSession } from './dev-lock';
import { loadDevStack } from './load-dev-stack';
import { multiplexLogs } from './log-mux';
import { stopServices } from './stop-services';
import { syncPaths, type SyncTarget } from './sync';
import { WatchRules } from './watch-rules';

/** Quiet time after the last change before acting: a save is often several writes, a `git checkout` many files. */
const DEBOUNCE_MS = 50;
/** A stream of changes (a build tool writing for seconds) is still acted on this often. */
const MAX_WAIT_MS = 250;

/** Where a session's output goes; the CLI colours and prints it. */
export interface DevReporter {
  /** One line of a service's log, already prefixed `service |`. */
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
  /** Progress display for the first up. */
  progressMode: 'tty' | 'plain' | 'silent';
  version: string;
  waitTimeoutMs?: number;
}

type Pending = Map<string, Map<DesiredWatchRule, Set<string>>>;

export class DevSession {
  private desired!: DesiredState;
  private rules!: WatchRules;
  /** stack.ts and the local files it loaded: a change to any reloads it. */
  private configFiles = new Set<string>();
  /** Every path handed to the watcher: config files and rule paths. */
  private watched = new Set<string>();
  private watcher?: FSWatcher;
  private releaseLock?: () => Promise<void>;
  private reloadPending?: string;
  private files: Pending = new Map();
  private timer?: NodeJS.Timeout;
  private burstStart = 0;
  private working?: Promise<void>;
  private stopping = false;
  /** The apply in flight, so Ctrl-C can stop it from starting more work. */
  private applying?: AbortController;
  private readonly logs = new AbortController();
  private logsDone?: Promise<void>;
  private readonly startedAt = Date.now();

  constructor(private readonly o: DevOptions) {}

  get project(): string {
    return this.desired.project;
  }

  /**
   * Loads stack.ts (an error here ends the session before anything changed), takes the project's dev lock, watches,
   * brings the stack up and starts showing logs. A service that fails to come up is reported; the session goes on,
   * so saving a fix applies it.
   */
  async start(): Promise<void> {
    const { desired, loaded } = await loadDevStack(this.o);
    this.desired = desired;
    this.releaseLock = await lockDevSession(desired.project);
    try {
      await this.begin(desired, loaded.file, loaded.dependencies);
    } catch (err) {
      this.stopping = true;
      await this.watcher?.close();
      await this.releaseLock();
      throw err;
    }
  }

  private async begin(desired: DesiredState, file: string, dependencies: string[]): Promise<void> {
    this.adopt(desired, dependencies);
    await this.startWatching();
    await this.queue(async () => {
      const t0 = Date.now();
      const services = Object.values(desired.services).filter((s) => s.replicas > 0).map((s) => s.name);
      const progress = new ListrProgress(services, { mode: this.o.progressMode });
      progress.start();
      let result: UpResult | undefined;
      try {
        result = await this.up(progress);
      } catch (err) {
        if (err instanceof DockerError && err.kind === 'unreachable') throw err;
        this.o.reporter.error(err);
      } finally {
        await progress.close();
      }
      if (result) this.o.reporter.up(result, Date.now() - t0);
      if (!this.stopping) await this.initialSync(Object.keys(desired.services));
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
    const extra = this.configFiles.size - 1;
    this.o.reporter.status(
      `watching ${relative(process.cwd(), file) || file}${extra > 0 ? ` and ${extra} file${extra === 1 ? '' : 's'} it loads` : ''}` +
        `${this.rules.size ? `, ${this.rules.size} watch rule${this.rules.size === 1 ? '' : 's'}` : ''}` +
        `${desired.env ? ` (env ${desired.env})` : ''}; Ctrl-C stops the containers`,
    );
  }

  /**
   * Ends the session: no new work starts, an apply in flight stops launching, then the containers are stopped
   * (kept, so the next `stack dev` starts fast) unless `keep`. Their last log lines are still shown.
   */
  async stop(options: { keep?: boolean } = {}): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.timer);
    this.applying?.abort();
    await this.watcher?.close();
    await this.working?.catch(() => undefined);
    try {
      if (this.desired && !options.keep) {
        this.o.reporter.status(`stopping ${this.desired.project} (the containers are kept; stack down removes them)`);
        const stopped = await stopServices(this.o.client, this.desired.project, dependencyEdges(this.desired.services));
        this.o.reporter.status(`stopped ${stopped.length} container${stopped.length === 1 ? '' : 's'}`);
      }
    } finally {
      this.logs.abort();
      await this.logsDone;
      await this.releaseLock?.();
    }
  }

  /** Takes a newly loaded stack as the current one: its rules, and the files to watch for it. */
  private adopt(desired: DesiredState, dependencies: string[]): void {
    this.desired = desired;
    this.rules = new WatchRules(desired);
    this.configFiles = new Set(dependencies);
    for (const rule of Object.values(desired.services).flatMap((s) => s.watch)) {
      if (!existsSync(rule.path)) this.o.reporter.status(pc.yellow(`note: watch path ${relative(process.cwd(), rule.path)} does not exist; create it and save stack.ts`));
    }
    const wanted = [...new Set([...this.configFiles, ...this.rules.paths])];
    if (this.watcher) {
      // Paths no longer wanted (an import removed, a rule dropped) stop being watched, new ones start.
      const gone = [...this.watched].filter((p) => !wanted.includes(p));
      if (gone.length) this.watcher.unwatch(gone);
      const added = wanted.filter((p) => !this.watched.has(p));
      if (added.length) this.watcher.add(added);
    }
    this.watched = new Set(wanted);
  }

  private async startWatching(): Promise<void> {
    this.watcher = watch([...this.watched], {
      ignoreInitial: true,
      // A symlink is watched (and synced) as a link, never followed out of the watched path.
      followSymlinks: false,
      // .git churns on every commit and is never synced: not even watched.
      ignored: (path) => /(^|[\\/])\.git([\\/]|$)/.test(path),
      ignorePermissionErrors: true,
    });
    this.watcher.on('all', (_event, path) => this.changed(path));
    // chokidar drops symlinks whose target does not exist here (it may well exist in the container): the raw event
    // still names them, so they are synced as links all the same, and so is their deletion.
    const links = new Set<string>();
    this.watcher.on('raw', (_event, name, details) => {
      const dir = (details as { watchedPath?: unknown }).watchedPath;
      if (typeof dir !== 'string' || typeof name !== 'string' || !name) return;
      const path = join(dir, name);
      lstat(path).then(
        (stat) => {
          if (!stat.isSymbolicLink()) return;
          links.add(path);
          this.changed(path);
        },
        () => {
          if (links.delete(path)) this.changed(path);
        },
      );
    });
    this.watcher.on('error', (err) => this.o.reporter.error(err));
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  private changed(path: string): void {
    if (this.stopping) return;
    if (this.configFiles.has(path)) this.reloadPending ??= path;
    for (const hit of this.rules.match(path)) {
      const byRule = this.files.get(hit.service) ?? new Map<DesiredWatchRule, Set<string>>();
      this.files.set(hit.service, byRule);
      const rels = byRule.get(hit.rule) ?? new Set<string>();
      byRule.set(hit.rule, rels);
      rels.add(hit.rel);
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
      void this.queue(() => this.flush()).catch((err) => this.o.reporter.error(err));
    }, Math.max(0, Math.min(DEBOUNCE_MS, this.burstStart + MAX_WAIT_MS - now)));
  }

  /** Work runs one piece at a time, so a sync never lands in a container that a reload is replacing. */
  private queue(work: () => Promise<void>): Promise<void> {
    const next = (this.working ?? Promise.resolve()).catch(() => undefined).then(() => (this.stopping ? undefined : work()));
    this.working = next;
    return next;
  }

  private async flush(): Promise<void> {
    if (this.stopping) return;
    const reload = this.reloadPending;
    this.reloadPending = undefined;
    const files = this.files;
    this.files = new Map();
    if (reload) await this.reload(reload);
    const rebuild = new Set<string>();
    await Promise.all([...files].map(async ([service, byRule]) => {
      if (!this.desired.services[service]) return;
      if ([...byRule.keys()].some((r) => r.action === 'rebuild')) rebuild.add(service);
      else await this.carryOut(service, byRule);
    }));
    if (rebuild.size) await this.rebuild(rebuild);
  }

  /** stack.ts changed: load it afresh and apply the difference; a broken one leaves the stack as it is. */
  private async reload(file: string): Promise<void> {
    const t0 = Date.now();
    let next: Awaited<ReturnType<typeof loadDevStack>>;
    try {
      next = await loadDevStack(this.o);
    } catch (err) {
      this.o.reporter.status(pc.red(`✖ ${relative(process.cwd(), file) || file} has a problem; the stack keeps running as it was`));
      this.o.reporter.error(err);
      // Whatever it managed to load stays watched, so fixing a helper it imports is seen too.
      return;
    }
    if (next.desired.project !== this.desired.project) {
      this.o.reporter.status(pc.red(`✖ the project name changed from ${this.desired.project} to ${next.desired.project}; restart stack dev to switch projects (nothing was changed)`));
      return;
    }
    const previous = this.desired;
    this.adopt(next.desired, next.loaded.dependencies);
    const builds = Object.values(next.desired.services)
      .filter((s) => s.build && JSON.stringify(s.build) !== JSON.stringify(previous.services[s.name]?.build))
      .map((s) => s.name);
    await this.apply(`${relative(process.cwd(), file) || file} changed`, new Set(builds), t0);
  }

  /** A rebuild rule fired: build the image again; the plan recreates what runs it if its ID changed. */
  private async rebuild(services: Set<string>): Promise<void> {
    await this.apply(`rebuilding ${[...services].join(', ')}: a file under a rebuild rule changed`, services, Date.now());
  }

  /** Re-plans against the live daemon and applies only the difference, printing the short plan first. */
  private async apply(what: string, builds: Set<string>, t0: number): Promise<void> {
    this.o.reporter.status(pc.cyan(`↻ ${what}`));
    let plan: Plan | undefined;
    try {
      const result = await this.up(silent, builds, (p) => {
        plan = p;
        if (hasChanges(p)) this.o.reporter.status(renderPlan({ ...p, images: [] }).trimEnd());
      });
      const changed = result.plan.containers.filter((c) => c.action === 'create' || c.action === 'recreate').map((c) => c.service);
      this.o.reporter.status(pc.green(hasChanges(result.plan) ? `✔ applied in ${((Date.now() - t0) / 1000).toFixed(1)}s` : '✔ no changes to apply'));
      await this.initialSync([...new Set(changed)]);
    } catch (err) {
      this.o.reporter.error(err);
      if (!plan) this.o.reporter.status('nothing was changed');
    }
  }

  private async up(progress: Progress, builds?: Set<string>, onPlan?: (plan: Plan) => void): Promise<UpResult> {
    const controller = new AbortController();
    this.applying = controller;
    try {
      return await up(this.desired, {
        client: this.o.client,
        progress,
        signal: controller.signal,
        waitTimeoutMs: this.o.waitTimeoutMs ?? 60_000,
        version: this.o.version,
        // The first up builds like `stack up`; later ones rebuild only images whose build changed or was asked for.
        ...(builds ? { fetchImage: (step) => step.action === 'pull' || step.services.some((s) => builds.has(s)) } : {}),
        onPlan,
      });
    } finally {
      this.applying = undefined;
    }
  }

  /** Sync, restart and exec rules of one service, for the files that changed under them. */
  private async carryOut(service: string, byRule: Map<DesiredWatchRule, Set<string>>): Promise<void> {
    const t0 = Date.now();
    const containers = await this.targets(service);
    if (containers.length === 0) return;
    const say = (text: string) => this.o.reporter.status(`${pc.magenta('⇄')} ${service}: ${text}`);
    const rules = this.rules.forService(service);
    let restart = false;
    for (const [rule, rels] of byRule) {
      if (rule.action === 'restart' || rule.action === 'sync+restart') restart = true;
      if (!rule.target) continue;
      const ignored = rules.find((r) => r.rule === rule)?.ignored ?? (() => false);
      const result = await syncPaths(this.o.client, containers, rule, [...rels], ignored);
      for (const problem of result.problems) this.o.reporter.status(pc.yellow(`note: ${problem}`));
      const parts = [result.copied.length ? `copied ${list(result.copied)}` : '', result.deleted.length ? `deleted ${list(result.deleted)}` : ''].filter(Boolean);
      if (parts.length) say(`${parts.join(', ')} (${Date.now() - t0} ms)`);
    }
    if (restart) {
      await Promise.all(containers.map((c) => this.o.client.restartContainer(c.id)));
      say(`restarted ${containers.map((c) => c.name).join(', ')}`);
    }
    for (const rule of byRule.keys()) {
      if (rule.action !== 'sync+exec' || !rule.exec) continue;
      await Promise.all(containers.filter((c) => c.running).map((c) => this.exec(service, c, rule.exec!)));
    }
  }

  private async exec(service: string, c: SyncTarget, cmd: string[]): Promise<void> {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const code = await this.o.client.exec(c.id, cmd, { tty: false, interactive: false, stdout: out, stderr: out }).catch((err: Error) => {
      text += err.message;
      return -1;
    });
    const output = text.trim() ? `: ${text.trim()}` : '';
    this.o.reporter.status(code === 0 ? `${pc.magenta('⇄')} ${service}: ran ${cmd.join(' ')} in ${c.name}${output}` : pc.yellow(`note: ${cmd.join(' ')} in ${c.name} exited ${code}${output}`));
  }

  /** Copies all of each `initialSync` rule's path into the services' containers (new ones, or all at the start). */
  private async initialSync(services: string[]): Promise<void> {
    await Promise.all(services.map(async (service) => {
      const rules = this.rules.forService(service).filter((r) => r.rule.initialSync && r.rule.target && existsSync(r.rule.path));
      if (rules.length === 0) return;
      const containers = await this.targets(service);
      for (const { rule, ignored } of rules) {
        try {
          const result = await syncPaths(this.o.client, containers, rule, [''], ignored);
          if (result.copied.length) this.o.reporter.status(`${pc.magenta('⇄')} ${service}: initial sync of ${relative(process.cwd(), rule.path) || '.'} to ${rule.target}`);
        } catch (err) {
          this.o.reporter.error(err);
        }
      }
    }));
  }

  private async targets(service: string): Promise<SyncTarget[]> {
    const all = await this.o.client.listContainers(this.desired.project);
    return all.filter((c) => c.service === service).map((c) => ({ id: c.id, name: c.name, running: c.state === 'running' }));
  }
}

const silent: Progress = { update() {}, done() {}, fail() {}, note() {} };

function list(paths: string[]): string {
  return paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');
}
