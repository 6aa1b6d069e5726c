import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../errors';
import { makeDirs } from '../make-dirs';
import { writeError } from '../write-error';
import { COMPOSE_HEADER, renderCompose } from '../export/compose/render';
import { toCompose } from '../export/compose/to-compose';
import type { GlobalOptions } from './main';
import { loadForExport } from './load-for-export';

/**
 * `stack export compose`: the resolved stack as a Compose file, to stdout or `-o FILE`. Paths in it are relative to
 * where it is written (the current folder for stdout); what the user must do to run it goes to stderr.
 */
export async function exportComposeCommand(globals: GlobalOptions, opts: { output?: string; force?: boolean }): Promise<void> {
  const desired = await loadForExport(globals, { secretValues: false });
  const out = opts.output === undefined ? undefined : resolve(opts.output);
  const exported = toCompose(desired, { outDir: out ? dirname(out) : process.cwd() });
  const text = renderCompose(exported, desired, out ? basename(out) : 'docker-compose.yml');
  for (const w of exported.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const n of exported.notes) process.stderr.write(`note: ${n}\n`);
  if (!out) {
    process.stdout.write(text);
    return;
  }
  try {
    // A Compose file the user wrote (perhaps the one stack import read) is never replaced without --force.
    if (!opts.force && existsSync(out) && !statSync(out).isDirectory() && !readFileSync(out, 'utf8').startsWith(COMPOSE_HEADER)) {
      throw new UserError(`${opts.output} exists and was not written by stack export compose (its first line is not "${COMPOSE_HEADER}..."); nothing was written`, { hint: 'choose another file, or pass --force to replace it' });
    }
    makeDirs(dirname(out));
    writeFileSync(out, text);
  } catch (err) {
    writeError(opts.output ?? out, err, 'choose a file in a folder you can write to, or leave -o out to print to standard output');
  }
  process.stderr.write(`wrote ${opts.output} (${Object.keys(desired.services).length} services)\n`);
}
