import { findSourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-root';

/** stackfile's own code (built and, through source maps, original); never a user's file. */
const OWN_CODE = [join(PACKAGE_ROOT, 'dist'), join(PACKAGE_ROOT, 'src')].map((d) => d + '/');

/** A file of the user's own (stack.ts and what it imports locally), not a package's and not stackfile's. */
export function isLocal(file: string): boolean {
  return !file.includes('/node_modules/') && !OWN_CODE.some((d) => file.startsWith(d)) && /\.[cm]?[jt]sx?$|\.json$/.test(file);
}

/** `file:line:col` of the innermost frame in the user's own files, in their TypeScript source's lines. */
export function userFrame(err: Error): string | undefined {
  const sites = callSites(err);
  if (!sites) {
    // The stack was already formatted (by whoever touched it first); take its word for the positions.
    const m = (err.stack ?? '').split('\n').map((l) => /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/.exec(l.trim())).find((x) => x && isLocal(x[1]));
    return m ? `${m[1]}:${m[2]}:${m[3]}` : undefined;
  }
  for (const site of sites) {
    const name = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!name || line === null || column === null) continue;
    const path = name.startsWith('file://') ? fileURLToPath(name) : name;
    if (!isLocal(path)) continue;
    // Mapped here rather than trusting Node's stack formatting, which anyone overriding Error.prepareStackTrace
    // (source-map-support, test runners) replaces with one that doesn't know our transpiled files.
    const entry = findSourceMap(path)?.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number } | undefined;
    return entry?.originalLine === undefined ? `${path}:${line}:${column}` : `${path}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  }
  return undefined;
}

/**
 * The raw call sites of an error whose stack nobody has read yet (V8 formats it on first read). The stack still
 * gets formatted as it would have been, so the error prints normally afterwards.
 */
function callSites(err: Error): NodeJS.CallSite[] | undefined {
  const saved = Error.prepareStackTrace;
  let sites: NodeJS.CallSite[] | undefined;
  Error.prepareStackTrace = (error, callSites) => {
    sites = callSites;
    return saved ? saved(error, callSites) : `${String(error)}${callSites.map((c) => `\n    at ${String(c)}`).join('')}`;
  };
  try {
    void err.stack;
  } finally {
    Error.prepareStackTrace = saved;
  }
  return sites;
}
