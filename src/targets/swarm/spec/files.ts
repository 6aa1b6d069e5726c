import { createHash, createHmac } from 'node:crypto';
import { LABEL } from '../../../docker/labels';
import { STACK_LABEL, SWARM_LABEL, versionedName } from '../labels';
import type { FileObjectSpec, FileReference } from './engine';
import type { SwarmService } from './input';
import { contentBytes } from '../../../model/file-content';

/** One secret or config object a stack needs: an immutable version of one key's value. */
export interface FileObject {
  kind: 'secret' | 'config';
  /** Key in stack.ts. */
  key: string;
  /** Object name, with the value's fingerprint (or the external object's own name). */
  name: string;
  /** Exists outside the stack (`external: true`): referenced, never made or removed. */
  external: boolean;
  /** The value's bytes (or text); never printed, never in a label. Empty for external objects. */
  data: string | Buffer;
}

/**
 * A secret's fingerprint is an HMAC keyed by something only those who can reach the swarm's managers can read (the
 * cluster's ID), not a plain hash: object names show in `docker secret ls`, CI logs and screenshots, and a plain hash
 * of a short password can be brute-forced. A config is not secret; its fingerprint is a plain content hash.
 */
export function fingerprint(kind: 'secret' | 'config', data: string | Buffer, clusterKey: string): string {
  const hash = kind === 'secret' ? createHmac('sha256', clusterKey).update(data) : createHash('sha256').update(data);
  return hash.digest('hex').slice(0, 12);
}

/** Every secret and config object the service's tasks mount. */
export function serviceFileObjects(s: SwarmService, project: string, clusterKey: string): FileObject[] {
  const objects: FileObject[] = [];
  for (const sec of s.secrets) {
    const external = (sec as { source?: { kind: string; name?: string } }).source;
    if (external?.kind === 'external') objects.push({ kind: 'secret', key: sec.name, name: external.name ?? sec.name, external: true, data: '' });
    else {
      const data = contentBytes(sec.value, sec.binary);
      objects.push({ kind: 'secret', key: sec.name, name: versionedName(project, sec.name, fingerprint('secret', data, clusterKey)), external: false, data });
    }
  }
  for (const c of s.configs ?? []) {
    if (c.source.kind === 'external') objects.push({ kind: 'config', key: c.name, name: c.source.name ?? c.name, external: true, data: '' });
    else {
      const data = contentBytes(c.content, c.binary);
      objects.push({ kind: 'config', key: c.name, name: versionedName(project, c.name, fingerprint('config', data, clusterKey)), external: false, data });
    }
  }
  return objects;
}

/** The create body of a (non-external) object. */
export function fileObjectSpec(o: FileObject, project: string): FileObjectSpec {
  return {
    Name: o.name,
    Labels: { [STACK_LABEL.namespace]: project, [LABEL.project]: project, [o.kind === 'secret' ? SWARM_LABEL.secret : SWARM_LABEL.config]: o.key },
    Data: Buffer.from(o.data).toString('base64'),
  };
}

/**
 * The service's references to its objects; `ids` maps object names to IDs (swarm wants both). A target under
 * /run/secrets/ is given as the bare file name, as `docker stack deploy` gives it.
 */
export function fileReferences(s: SwarmService, project: string, clusterKey: string, ids: Record<string, string>): { Secrets?: FileReference<'SecretID' | 'SecretName'>[]; Configs?: FileReference<'ConfigID' | 'ConfigName'>[] } {
  const objects = serviceFileObjects(s, project, clusterKey);
  const file = (f: { target: string; uid: number; gid: number; mode: number }, kind: 'secret' | 'config') => ({
    Name: kind === 'secret' && f.target.startsWith('/run/secrets/') ? f.target.slice('/run/secrets/'.length) : f.target,
    UID: String(f.uid),
    GID: String(f.gid),
    Mode: f.mode,
  });
  const id = (name: string) => {
    const found = ids[name];
    if (!found) throw new Error(`no ID known for swarm object ${name}`);
    return found;
  };
  const secrets = s.secrets.map((sec, i) => ({ File: file(sec, 'secret'), SecretID: id(objects[i].name), SecretName: objects[i].name }));
  const configs = (s.configs ?? []).map((c, i) => {
    const o = objects[s.secrets.length + i];
    return { File: file(c, 'config'), ConfigID: id(o.name), ConfigName: o.name };
  });
  // Sorted as `docker stack deploy` sorts them, so the order in stack.ts does not matter.
  secrets.sort((a, b) => a.SecretName.localeCompare(b.SecretName) || a.File.Name.localeCompare(b.File.Name));
  configs.sort((a, b) => a.ConfigName.localeCompare(b.ConfigName) || a.File.Name.localeCompare(b.File.Name));
  return { ...(secrets.length ? { Secrets: secrets } : {}), ...(configs.length ? { Configs: configs } : {}) };
}
