import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { findStackFile } from '../config/find';
import { UserError } from '../errors';
import { PACKAGE_ROOT } from '../package-root';
import type { GlobalOptions } from './main';

/**
 * `stack check`: a full type-check of stack.ts and everything it imports, printed as tsc prints it. Loading skips
 * types for speed; this is where an editor-less user (or CI) finds a misspelt key.
 */
export async function checkCommand(globals: GlobalOptions): Promise<void> {
  const file = findStackFile(process.cwd(), globals.file);
  const diagnostics = typeCheck(file);
  if (diagnostics.length === 0) {
    process.stdout.write(`${file}: no type errors\n`);
    return;
  }
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  const format = process.stdout.isTTY && !process.env.NO_COLOR ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(format(diagnostics, host));
  throw new UserError(`${diagnostics.length} type error${diagnostics.length === 1 ? '' : 's'} in ${file}`, { hint: 'fix them; your editor shows the same errors as you type' });
}

/** Diagnostics for stack.ts and its imports; `stackfile` resolves to this installation's types wherever stack.ts lives. */
export function typeCheck(file: string): readonly ts.Diagnostic[] {
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
  return ts.getPreEmitDiagnostics(program).filter((d) => !d.file || !d.file.fileName.includes('/node_modules/'));
}

function typeRoots(dir: string): string[] {
  const roots: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', '@types');
    if (existsSync(candidate)) roots.push(candidate);
    if (dirname(d) === d) return roots;
  }
}
