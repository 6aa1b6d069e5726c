#!/usr/bin/env node
// The public API as a short text: every name dist/index.d.ts exports with its kind, the runtime exports of
// dist/index.js, and any type a public signature reaches that is not exported (a leak: users see it in hover text
// but cannot name it, and it freezes an internal shape). test/api/public-api.test.ts compares it with
// test/api/public-api.txt; `node scripts/api-report.mjs --update` rewrites that file after an intended change.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPORT = join(ROOT, 'test', 'api', 'public-api.txt');

export function apiReport() {
  const entry = join(ROOT, 'dist', 'index.d.ts');
  const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const exported = new Map(); // target symbol → exported name
  const lines = [];
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    exported.set(target, symbol.name);
    lines.push(`${kindOf(target)} ${symbol.name}`);
  }
  lines.sort();

  // Walk every declaration reachable from the exports; a named type declared in dist/ but not exported leaks.
  const leaks = new Set();
  const seen = new Set();
  const queue = [...exported.keys()];
  while (queue.length > 0) {
    const symbol = queue.pop();
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      const visit = (node) => {
        if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node) || ts.isTypeQueryNode(node)) {
          const name = ts.isTypeReferenceNode(node) ? node.typeName : ts.isTypeQueryNode(node) ? node.exprName : node.expression;
          let ref = checker.getSymbolAtLocation(name);
          if (ref && ref.flags & ts.SymbolFlags.Alias) ref = checker.getAliasedSymbol(ref);
          const file = ref?.declarations?.[0]?.getSourceFile().fileName ?? '';
          if (ref && file.startsWith(join(ROOT, 'dist')) && !(ref.flags & ts.SymbolFlags.TypeParameter)) {
            if (!exported.has(ref)) leaks.add(`${ref.name} (${relative(ROOT, file)})`);
            queue.push(ref);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(declaration);
    }
  }

  const require = createRequire(import.meta.url);
  const runtime = Object.keys(require(join(ROOT, 'dist', 'index.js'))).filter((k) => k !== '__esModule').sort();
  return [
    '# The public API of stackfile (dist/index.d.ts). Regenerate after an intended change: node scripts/api-report.mjs --update',
    ...lines,
    '',
    '# Runtime exports (dist/index.js)',
    ...runtime,
    '',
    '# Types reachable from the public API but not exported (only type-level helpers belong here)',
    ...[...leaks].sort(),
    '',
  ].join('\n');
}

function kindOf(symbol) {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  return 'other';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = apiReport();
  if (process.argv.includes('--update')) writeFileSync(REPORT, report);
  else process.stdout.write(report);
  void readFileSync;
}
