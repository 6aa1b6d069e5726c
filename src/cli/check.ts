import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { findStackFile } from '../config/find';
import { isSource, recordTypeChecked } from '../config/type-check-record';
import { UserError } from '../errors';
import { PACKAGE_ROOT } from '../package-root';
import type { GlobalOptions } from './main';

/**
 * `stack check`: a full type-check of stack.ts and everything it imports, printed as tsc prints it. Loading skips
 * types for speed; this is where an editor-less user (or CI) finds a misspelt key.
 */
export async function checkCommand(globals: GlobalOptions): Promise<void> {
  await checkStack(findStackFile(process.cwd(), globals.file), { quietWhenClean: false });
}

/**
 * Type-checks stack.ts: no errors → remembered (so `plan`/`up` do not warn) and, unless quiet, said; errors → printed
 * as tsc prints them, then a UserError. `stack up --check` runs this before anything else.
 */
export async function checkStack(file: string, { quietWhenClean }: { quietWhenClean: boolean }): Promise<void> {
  const { diagnostics, sources } = typeCheckProgram(file);
  if (diagnostics.length === 0) {
    recordTypeChecked(file, sources);
    if (!quietWhenClean) process.stdout.write(`${file}: no type errors\n`);
    return;
  }
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  const format = process.stdout.isTTY && !process.env.NO_COLOR ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(format(diagnostics, host));
  throw new UserError(`${diagnostics.length} type error${diagnostics.length === 1 ? '' : 's'} in ${file}`, { hint: 'fix them; your editor shows the same errors as you type' });
}

/** Diagnostics for stack.ts and its imports; `stackfile` resolves to this installation's types wherever stack.ts lives. */
export function typeCheck(file: string): readonly ts.Diagnostic[] {
  return typeCheckProgram(file).diagnostics;
}

function typeCheckProgram(file: string): { diagnostics: readonly ts.Diagnostic[]; sources: string[] } {
  const types = join(PACKAGE_ROOT, 'dist', 'index.d.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    esModuleInterop: true,
    allowImportingTsExtensions: true,
    // The @types visible from stack.ts's folder (so `process.env` type-checks where @types/node is installed), as an
    // editor opening the file would see them, wherever `stack check` runs from.
    typeRoots: typeRoots(dirname(file)),
    paths: { stackfile: [types] },
  };
  const program = ts.createProgram([file], options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || !d.file.fileName.includes('/node_modules/'));
  return { diagnostics, sources: program.getSourceFiles().map((f) => f.fileName).filter(isSource) };
}

function typeRoots(dir: string): string[] {
  const roots: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', '@types');
    if (existsSync(candidate)) roots.push(candidate);
    if (dirname(d) === d) return roots;
  }
}
