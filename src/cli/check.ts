import { resolve } from 'node:path';
import ts from 'typescript';
import { findStackFile } from '../config/find';
import { UserError } from '../errors';
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
  const types = resolve(__dirname, '..', 'index.d.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    esModuleInterop: true,
    allowImportingTsExtensions: true,
    types: [],
    paths: { stackfile: [types] },
  };
  const program = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(program).filter((d) => !d.file || !d.file.fileName.includes('/node_modules/'));
}
