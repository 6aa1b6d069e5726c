/** Manifests → YAML text: one document per object, each with its comment above it. */
import { fileName } from './order';
import type { Manifest } from './types';
import { yamlDocument } from './yaml-text';

/** The first line of every file the exporter writes: it also marks which files in a folder it may replace. */
export const HEADER = 'Written by stack export kubernetes: edit stack.ts and export again rather than this file.';

function document(m: Manifest): string {
  return `${m.comment ? `${commentLines(m.comment)}\n` : ''}${yamlDocument(m.object as unknown as Record<string, unknown>)}`;
}

const WIDTH = 110;

/** `# ` comment lines: prose wrapped at 110 columns; indented lines (commands to copy) kept whole. */
function commentLines(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(' ')) {
      out.push(`# ${line}`);
      continue;
    }
    let current = '';
    for (const word of line.split(' ')) {
      if (current && current.length + 1 + word.length > WIDTH) {
        out.push(`# ${current}`);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    out.push(`# ${current}`);
  }
  return out.join('\n');
}

/** All objects as one YAML stream, for standard output or a single file. */
export function renderStream(manifests: Manifest[], about: string): string {
  return `# ${HEADER}\n# ${about}\n${manifests.map((m) => `---\n${document(m)}`).join('')}`;
}

/** One file per object, for a folder. */
export function renderFiles(manifests: Manifest[], about: string): { file: string; text: string }[] {
  return manifests.map((m) => ({ file: fileName(m), text: `# ${HEADER}\n# ${about}\n${document(m)}` }));
}
