/**
 * Writing the export: the one part of this folder that touches the file system. A folder gets one file per object;
 * files an earlier export wrote there (they start with the header) and that this one does not are removed, so the
 * folder matches the stack (a removed service's files go away) while files the user added stay.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, sep } from 'node:path';
import { fileName } from './order';
import { HEADER, renderFile, renderStream } from './render';
import type { Manifest } from './types';

function startsWithHeader(file: string): boolean {
  const expected = Buffer.from(`# ${HEADER}\n`);
  const head = Buffer.alloc(expected.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(expected);
  } finally {
    closeSync(fd);
  }
}

function sameText(file: string, text: string): boolean {
  try {
    return readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

/** `-o k8s/` or `-o k8s` is a folder (one file per object); `-o all.yaml` one file. */
export function isFolderOutput(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    // Not there yet: decided by its name.
  }
  return !['.yaml', '.yml'].includes(extname(path).toLowerCase());
}

export function writeManifests(path: string, manifests: Manifest[], about: string): { files: number; removed: string[] } {
  if (!isFolderOutput(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderStream(manifests, about));
    return { files: 1, removed: [] };
  }
  mkdirSync(path, { recursive: true });
  const names = manifests.map(fileName);
  const keep = new Set(names);
  // Names are joined by hand: path.join's normalizing, once per file, was a tenth of the writing.
  const folder = path.endsWith(sep) ? path : `${path}${sep}`;
  const removed: string[] = [];
  // Only files this export does not write are read (their first line), so a re-export reads next to nothing.
  for (const entry of readdirSync(path)) {
    if (keep.has(entry) || !/\.ya?ml$/.test(entry)) continue;
    const file = `${folder}${entry}`;
    if (startsWithHeader(file)) {
      rmSync(file);
      removed.push(entry);
    }
  }
  // Each file is rendered, compared and written before the next, so its text is garbage at once: hundreds of texts
  // kept alive until the end were copied by every young-generation collection on the way.
  manifests.forEach((m, i) => {
    const file = `${folder}${names[i]}`;
    const text = renderFile(m, about);
    // A file that already holds its text is left alone: rewriting (truncating) hundreds of unchanged files makes ext4
    // flush each one on close, which took most of a re-export's time, and it would touch their mtimes for nothing.
    if (!sameText(file, text)) writeFileSync(file, text);
  });
  return { files: manifests.length, removed };
}
