import pc from 'picocolors';
import type { ActualContainer } from '../docker/actual';
import { UserError } from '../errors';
import { lastAppliedEnv } from '../plan/applied-env';
import type { GlobalOptions } from './main';
import { projectStack } from './project';
import { openTarget, selectTarget } from '../targets/select';
import { table } from './table';

export interface PsFlags {
  json?: boolean;
  /** `-a`: stopped and created containers too (by default, as in Compose, only those running). */
  all?: boolean;
  /** `-q`: IDs only. */
  quiet?: boolean;
  /** `--services`: service names only. */
  services?: boolean;
  /** `table`, `json`, or a template such as `{{.Name}} {{.Status}}`. */
  format?: string;
}

/** One container as `stack ps --json` prints it: everything the table shows and more, unabridged. */
export interface PsRow {
  service: string;
  container: string;
  number: number;
  id: string;
  image: string;
  imageId: string;
  command: string;
  /** ISO time. */
  created: string;
  /** The daemon's words: "Up 5 minutes (healthy)", "Exited (0) 2 seconds ago". */
  status: string;
  state: string;
  health: string;
  /** `127.0.0.1:32768->8080/tcp`; `0.0.0.0:` for every interface, as docker ps prints it. */
  ports: string[];
  /** The env overlay it was created under ('' for none), when recorded. */
  env?: string;
}

const FIELDS: Record<string, (r: PsRow) => string> = {
  Name: (r) => r.container,
  Service: (r) => r.service,
  ID: (r) => r.id,
  Image: (r) => r.image,
  Command: (r) => r.command,
  CreatedAt: (r) => r.created,
  Status: (r) => r.status,
  State: (r) => r.state,
  Health: (r) => r.health,
  Ports: (r) => r.ports.join(', '),
  Env: (r) => r.env ?? '',
};

/** `stack ps`: the project's containers from labels: service, image, command, age, status with health, ports. */
export async function psCommand(globals: GlobalOptions, flags: PsFlags, services: string[] = []): Promise<void> {
  const { project, stack } = await projectStack(globals);
  const targetName = selectTarget(globals.target, stack?.desired);
  const target = await openTarget(targetName);
  if (targetName !== 'containers') return (await import('./on-target.js')).psOnTarget(target, project, services, flags);
  const every: ActualContainer[] = await target.ps(project, { services });
  const shown = flags.all ? every : every.filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  const rows = shown.map(psRow);
  const format = flags.json ? 'json' : flags.format ?? 'table';
  if (flags.quiet) return void process.stdout.write(rows.map((r) => `${r.id}\n`).join(''));
  if (flags.services) return void process.stdout.write([...new Set(rows.map((r) => r.service))].map((s) => `${s}\n`).join(''));
  if (format === 'json') return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (format !== 'table') return void process.stdout.write(rows.map((r) => `${template(format, r)}\n`).join(''));

  const env = lastAppliedEnv(every);
  const hidden = every.length - shown.length;
  const footer = hidden ? pc.dim(`(${hidden} stopped container${hidden === 1 ? '' : 's'} not shown; -a shows them)\n`) : '';
  if (rows.length === 0) return void process.stdout.write(`no running containers for project ${project}\n${footer}`);
  const head = env === undefined ? '' : pc.dim(`project ${project}, env: ${env || '(base config)'}\n`);
  const now = Date.now();
  process.stdout.write(head + table([
    ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
    ...rows.map((r) => [r.container, r.image, abbreviate(r.command, 28), r.service, ago(Date.parse(r.created), now), r.status, r.ports.join(', ')]),
  ]) + footer);
}

export function psRow(c: ActualContainer): PsRow {
  return {
    service: c.service,
    container: c.name,
    number: c.number,
    id: c.id,
    image: c.image,
    imageId: c.imageId,
    command: c.command ?? '',
    created: new Date(c.created * 1000).toISOString(),
    status: c.status ?? (c.state === 'exited' ? `exited (${c.exitCode ?? '?'})` : c.state),
    state: c.state === 'exited' ? `exited (${c.exitCode ?? '?'})` : c.state,
    health: c.health ?? '',
    ports: [...new Set(c.ports.filter((p) => p.published).map((p) => `${p.hostIp ? (p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp) : '0.0.0.0'}:${p.published}->${p.target}/${p.protocol}`))],
    ...(c.env !== undefined ? { env: c.env } : {}),
  };
}

/** `{{.Name}}\t{{.Status}}`, Compose's Go-template fields; an unknown one is an error listing them. */
function template(format: string, row: PsRow): string {
  return format.replace(/\\t/g, '\t').replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, field: string) => {
    const get = FIELDS[field];
    if (!get) throw new UserError(`--format: no field .${field}`, { hint: `fields: ${Object.keys(FIELDS).map((f) => `{{.${f}}}`).join(' ')}; or --format table|json` });
    return get(row);
  });
}

function abbreviate(text: string, max: number): string {
  const quoted = `"${text}"`;
  return quoted.length <= max ? quoted : `${quoted.slice(0, max - 2)}…"`;
}

/** "5 seconds ago", "3 minutes ago", as docker ps says it. */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  const [n, unit] = s < 60 ? [s, 'second'] : s < 3600 ? [Math.floor(s / 60), 'minute'] : s < 86400 ? [Math.floor(s / 3600), 'hour'] : [Math.floor(s / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}
