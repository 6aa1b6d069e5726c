/** Manifests → YAML text: one document per object, each with its comment above it. */
import type { Manifest } from './types';
import { yamlDocument } from './yaml-text';

/** The first line of every file the exporter writes: it also marks which files in a folder it may replace. */
export const HEADER = 'Written by stack export kubernetes: edit stack.ts and export again rather than this file.';

function document(m: Manifest): string {
  return `${m.comment ? commentLines(m.comment) : ''}${yamlDocument(m.object as unknown as Record<string, unknown>)}`;
}

const WIDTH = 110;

/** `# ` comment lines, each with its newline: prose wrapped at 110 columns; indented lines (commands to copy) kept whole. */
function commentLines(text: string): string {
  let out = '';
  // Counted loops: this runs for most of the 600 objects of a large export, before V8 optimizes it.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // A line that fits is its own comment line: wrapping only ever breaks lines longer than the width.
    if (line.startsWith(' ') || line.length <= WIDTH) {
      out += `# ${line}\n`;
      continue;
    }
    let current = '';
    const words = line.split(' ');
    for (let j = 0; j < words.length; j++) {
      const word = words[j];
      if (current && current.length + 1 + word.length > WIDTH) {
        out += `# ${current}\n`;
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    out += `# ${current}\n`;
  }
  return out;
}

/** All objects as one YAML stream, for standard output or a single file. */
export function renderStream(manifests: Manifest[], about: string): string {
  let text = `# ${HEADER}\n# ${about}\n`;
  for (const m of manifests) text += `---\n${document(m)}`;
  return text;
}

/** The text of one object's own file, for a folder (named by order.ts's `fileName`). */
export function renderFile(manifest: Manifest, about: string): string {
  return `# ${HEADER}\n# ${about}\n${document(manifest)}`;
}
