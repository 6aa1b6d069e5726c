import { existsSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { UserError } from '../errors';
import { makeDirs } from '../make-dirs';
import { writeError } from '../write-error';
import { importCompose } from '../import/import-compose';
import { warningLines } from '../import/warning-lines';
import { writeStderr, writeStdout } from './write-output';

export interface ImportCommandOptions {
  output: string;
  force?: boolean;
  env?: string[];
}

/**
 * `stack import`: writes stack.ts from compose files. Never replaces a file without --force; what could not be
 * translated is listed on stderr (and written as `// TODO` comments in place), and the rest is still written.
 */
export async function importCommand(files: string[], opts: ImportCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const toStdout = opts.output === '-';
  const outFile = resolve(cwd, toStdout ? 'stack.ts' : opts.output);
  if (!toStdout && existsSync(outFile) && !opts.force) {
    throw new UserError(`${opts.output} already exists; nothing was written`, { hint: 'add --force to replace it, or write elsewhere with -o other/stack.ts (-o - prints it)' });
  }
  const envs = (opts.env ?? []).map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UserError(`--env ${spec}: expected NAME=FILE`, { hint: 'e.g. --env prod=docker-compose.prod.yml: the file merged over the base becomes envs.prod' });
    return { name: spec.slice(0, eq), file: spec.slice(eq + 1) };
  });
  const result = importCompose({ files, envs, outFile, cwd });
  for (const l of warningLines(result.untranslated)) writeStderr(`${l}\n`);
  for (const n of result.notes) writeStderr(`note: ${n}\n`);
  if (toStdout) {
    writeStdout(result.text);
    return;
  }
  try {
    makeDirs(dirname(outFile));
    writeFileSync(outFile, result.text);
  } catch (err) {
    writeError(opts.output, err, 'choose a file in a folder you can write to with -o');
  }
  const shown = relative(cwd, outFile) || opts.output;
  const envNote = envs.length ? `, envs: ${envs.map((e) => e.name).join(', ')}` : '';
  writeStderr(`wrote ${shown} from ${result.baseFiles.join(' + ')} (${result.services} services${envNote}${result.untranslated.length ? `, ${result.untranslated.length} TODO` : ''})\nnext: stack check -f ${shown} && stack config -f ${shown}\n`);
}
