import Module from 'node:module';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';

type Load = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;

/** A module dockerode loads eagerly but calls only in rare cases; see DEFERRED. */
export interface Deferred {
  /** The file that requires it, as a path pattern (for the require hook below). */
  parent: RegExp;
  request: string;
  exports: 'function' | 'object';
  /**
   * The same file found at run time from stackfile's own folder, for the bundled CLI (scripts/bundle.mjs), whose
   * copy of dockerode has no files of its own: the chain of packages from stackfile to the one holding the file
   * (so a copy npm nested under dockerode is found), then the file inside that package.
   */
  via: string[];
  importer: string;
}

/**
 * Modules dockerode loads eagerly but calls only in rare cases: docker-modem's SSH transport (ssh2; stackfile reaches
 * DOCKER_HOST=ssh:// through the system's ssh instead, see ssh-dial-agent.ts), its duplex stream for hijacked connections (readable-stream; for `exec` with stdin),
 * dockerode's BuildKit session (gRPC and protobuf, for BuildKit builds) and its own copy of tar-fs (for
 * `docker.buildImage` from a folder, which stackfile does not use). Loading them was more than half of dockerode's
 * load time, and the largest single cost of a no-op `stack up` (see docs/benchmarks.md). Those that export one
 * function are stood in for by a function (called with `new`, it returns what the real one constructs), tar-fs by an
 * object; either loads the real module on first use.
 */
export const DEFERRED: Deferred[] = [
  { parent: /docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh', exports: 'function', via: ['dockerode', 'docker-modem'], importer: 'lib/modem.js' },
  { parent: /docker-modem[\\/]lib[\\/]modem\.js$/, request: './http_duplex', exports: 'function', via: ['dockerode', 'docker-modem'], importer: 'lib/modem.js' },
  { parent: /dockerode[\\/]lib[\\/]docker\.js$/, request: './session', exports: 'function', via: ['dockerode'], importer: 'lib/docker.js' },
  { parent: /dockerode[\\/]lib[\\/]util\.js$/, request: 'tar-fs', exports: 'object', via: ['dockerode'], importer: 'lib/util.js' },
  // Required only inside `docker.followProgress` (so never by the hook above), but it reads a .proto file next to
  // itself, which the bundle would look for in dist/.
  { parent: /dockerode[\\/]lib[\\/]docker\.js$/, request: './buildkit', exports: 'object', via: ['dockerode'], importer: 'lib/docker.js' },
];

/** What stands in for a deferred module until first use, when `loadReal` loads it (once). */
export function standIn(exports: Deferred['exports'], loadReal: () => unknown): unknown {
  let real: unknown;
  const load = (): unknown => (real ??= loadReal());
  if (exports === 'object') return new Proxy({}, { get: (_, key) => (load() as Record<string | symbol, unknown>)[key] });
  return function deferredFunction(this: unknown, ...args: unknown[]): unknown {
    const fn = load() as (...args: unknown[]) => unknown;
    return new.target ? Reflect.construct(fn, args) : fn.apply(this, args);
  };
}

/** The real module behind a stand-in in the bundled CLI, required from where npm installed its importer. */
export function loadDeferred(d: Deferred): unknown {
  let from = require.resolve(`${d.via[0]}/package.json`);
  for (const pkg of d.via.slice(1)) from = Module.createRequire(from).resolve(`${pkg}/package.json`);
  return Module.createRequire(join(dirname(from), d.importer))(d.request);
}

/**
 * `require('dockerode')` with the rarely used parts loaded on first use instead of up front; behaviour is the same.
 * Should a dockerode release move those files, nothing matches and dockerode loads as it always did. (In the
 * bundled CLI, dockerode is part of the bundle and the bundler put the stand-ins in at build time.)
 */
export function loadDockerode(): typeof Docker {
  const internals = Module as unknown as { _load: Load };
  const load = internals._load;
  internals._load = function (request, parent, isMain) {
    const deferred = parent && DEFERRED.find((d) => d.request === request && d.parent.test(parent.filename));
    if (deferred) return standIn(deferred.exports, () => load.call(internals, request, parent, false));
    return load.call(this, request, parent, isMain);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('dockerode') as typeof Docker;
  } finally {
    internals._load = load;
  }
}
