import { load } from '../api';
import { loadStackCollect } from '../config/load-stack';
import { toDisplay } from '../model/display';
import { displayYaml } from '../model/display-yaml';
import { containerTargetNotes } from '../model/target-notes';
import type { GlobalOptions } from './main';
import { stackOptions } from './project';
import { writeStderr, writeStdout } from './write-output';

/** `stack config`: what would be applied, as YAML (default) or JSON; `--explain` says where variables came from. */
export async function configCommand(globals: GlobalOptions, opts: { format: 'yaml' | 'json'; explain?: true | string[] }): Promise<void> {
  if (opts.explain) return explain(globals, opts.explain === true ? [] : opts.explain, opts.format);
  const { desired } = await load(stackOptions(globals));
  const display = toDisplay(desired);
  writeStdout(opts.format === 'json' ? `${JSON.stringify(display, null, 2)}\n` : await displayYaml(display));
  const notes = desired.target === 'swarm' ? (await import('../targets/swarm/notes.js')).swarmTargetNotes(desired) : containerTargetNotes(desired);
  for (const note of notes) writeStderr(`note: ${note}\n`);
}

/** Works on a stack that does not validate yet (a missing variable is exactly when users ask). */
async function explain(globals: GlobalOptions, names: string[], format: 'yaml' | 'json'): Promise<void> {
  const { explainVars, formatExplanations } = await import('../config/explain.js');
  const { loaded } = await loadStackCollect(globals);
  const items = explainVars(loaded, names);
  writeStdout(format === 'json' ? `${JSON.stringify(items, null, 2)}\n` : formatExplanations(items, globals.env));
}
