import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '../../../src/export/kubernetes/types';

/** The objects in a YAML stream (or every .yaml file of a folder), failing on any YAML error. */
export function readObjects(text: string): KubernetesObject[] {
  const docs = parseAllDocuments(text);
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) throw new Error(`YAML errors: ${errors.join('; ')}`);
  return docs.map((d) => d.toJS() as KubernetesObject).filter(Boolean);
}

export function readFolder(dir: string): { files: string[]; objects: KubernetesObject[] } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  return { files, objects: files.flatMap((f) => readObjects(readFileSync(join(dir, f), 'utf8'))) };
}
