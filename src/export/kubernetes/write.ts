/**
 * Writing the export: the one part of this folder that touches the file system. A folder gets one file per object;
 * files an earlier export of the same project wrote there (they start with the header, which names the project) and
 * that this one does not are removed, so the folder matches the stack (a removed service's files go away) while files
 * the user added, or another project's export, stay. A file without the header is never replaced without --force.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, sep } from 'node:path';
import { UserError } from '../../errors';
import { makeDirs } from '../../make-dirs';
import { writeError } from '../../write-error';
import { fileName } from './order';
import { HEADER, renderFile, renderStream } from './render';
import type { Manifest } from './types';

/** The first line of a file an export wrote, and the start of its second (`# Project NAME, ...` or `# Project NAME.`). */
const HEADER_LINE = `# ${HEADER}\n`;

/**
 * Whether `file` was written by an export of `project`: only those are removed when this export no longer writes
 * them. Another project's files in the same folder are that project's, and a file without the header is the user's.
 */
function writtenFor(file: string, project: string): boolean {
  const head = Buffer.alloc(HEADER_LINE.length + Buffer.byteLength(project) + 12);
  const fd = openSync(file, 'r');
  try {
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString();
    const rest = text.slice(HEADER_LINE.length);
    return text.startsWith(HEADER_LINE) && (rest.startsWith(`# Project ${project},`) || rest.startsWith(`# Project ${project}.`));
  } finally {
    closeSync(fd);
  }
}

/**
 * `-o k8s/` or `-o k8s` is a folder (one file per object); `-o all.yaml` one file. A name with another extension
 * (`out.json`) is a folder too, `guessed`, and the CLI says so: YAML is all the export writes, so a single file named
 * otherwise is more likely a slip than a wish, and a folder loses nothing (kubectl apply -f reads it as well).
 */
export function outputKind(path: string): 'file' | 'folder' | 'guessed-folder' {
  if (path.endsWith('/') || path.endsWith(sep)) return 'folder';
  try {
    if (statSync(path).isDirectory()) return 'folder';
  } catch {
    // Not there yet: decided by its name.
  }
  const ext = extname(path).toLowerCase();
  return ext === '.yaml' || ext === '.yml' ? 'file' : ext ? 'guessed-folder' : 'folder';
}

export function isFolderOutput(path: string): boolean {
  return outputKind(path) !== 'file';
}

export interface WriteOptions {
  /** The stack's project, which the header records: only its own earlier files are removed. */
  project: string;
  /** Replace files that were not written by an export (their first line is not the header). */
  force: boolean;
}

/** Files of the folder that are the user's and that this export would have replaced, had it not been for them. */
function userFilesError(path: string, files: string[]): UserError {
  const list = files.length === 1 ? `${join(path, files[0])} was` : `${files.length} files were (${files.map((f) => join(path, f)).join(', ')})`;
  return new UserError(`${list} not written by stack export (no "# Written by stack export" first line), so ${files.length === 1 ? 'it was' : 'they were'} left as ${files.length === 1 ? 'it is' : 'they are'}; the export's other files were written, and none was removed`, {
    hint: `move or rename ${files.length === 1 ? 'it' : 'them'} (the export names its files after the objects), export to another folder, or pass --force to replace ${files.length === 1 ? 'it' : 'them'}`,
  });
}

export function writeManifests(path: string, manifests: Manifest[], about: string, options: WriteOptions): { files: number; removed: string[] } {
  try {
    return write(path, manifests, about, options);
  } catch (err) {
    writeError(path, err, 'choose a folder (or a .yaml file) in a place you can write to, or leave -o out to print to standard output');
  }
}

function write(path: string, manifests: Manifest[], about: string, options: WriteOptions): { files: number; removed: string[] } {
  if (!isFolderOutput(path)) {
    if (!options.force && existsSync(path) && !readFileSync(path, 'utf8').startsWith(HEADER_LINE)) {
      throw new UserError(`${path} exists and was not written by stack export kubernetes (no "# Written by stack export" first line); nothing was written`, { hint: 'choose another file, or pass --force to replace it' });
    }
    makeDirs(dirname(path));
    writeFileSync(path, renderStream(manifests, about));
    return { files: 1, removed: [] };
  }
  makeDirs(path);
  const names = manifests.map(fileName);
  const keep = new Set(names);
  // Names are joined by hand: path.join's normalizing, once per file, was a tenth of the writing.
  const folder = path.endsWith(sep) ? path : `${path}${sep}`;
  const existing = new Set(readdirSync(path));
  const theirs: string[] = [];
  // Each file is rendered, compared and written before the next, so its text is garbage at once: hundreds of texts
  // kept alive until the end were copied by every young-generation collection on the way. The user's files are found
  // on the same read (a file this export would replace is read anyway, to compare), not by a pass of its own.
  manifests.forEach((m, i) => {
    const file = `${folder}${names[i]}`;
    const text = renderFile(m, about);
    if (existing.has(names[i])) {
      const old = readFileSync(file, 'utf8');
      // A file that already holds its text is left alone: rewriting (truncating) hundreds of unchanged files makes
      // ext4 flush each one on close, which took most of a re-export's time, and it would touch their mtimes for nothing.
      if (old === text) return;
      if (!options.force && !old.startsWith(HEADER_LINE)) {
        theirs.push(names[i]);
        return;
      }
    }
    writeFileSync(file, text);
  });
  if (theirs.length) throw userFilesError(path, theirs);
  const removed: string[] = [];
  // Only files this export does not write are read (their first two lines), so a re-export reads next to nothing.
  for (const entry of existing) {
    if (keep.has(entry) || !/\.ya?ml$/.test(entry)) continue;
    const file = `${folder}${entry}`;
    if (writtenFor(file, options.project)) {
      rmSync(file);
      removed.push(entry);
    }
  }
  return { files: manifests.length, removed };
}
