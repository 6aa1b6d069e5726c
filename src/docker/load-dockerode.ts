import Module from 'node:module';
import type Docker from 'dockerode';

type Load = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;

/**
 * Modules dockerode loads eagerly but calls only in rare cases: docker-modem's SSH transport (ssh2, for
 * DOCKER_HOST=ssh://), its duplex stream for hijacked connections (readable-stream; for `exec` with stdin),
 * dockerode's BuildKit session (gRPC and protobuf, for BuildKit builds) and its own copy of tar-fs (for
 * `docker.buildImage` from a folder, which stackfile does not use). Loading them was more than half of dockerode's
 * load time, and the largest single cost of a no-op `stack up` (see docs/benchmarks.md). Those that export one
 * function are stood in for by a function (called with `new`, it returns what the real one constructs), tar-fs by an
 * object; either loads the real module on first use.
 */
const DEFERRED: { parent: RegExp; request: string; exports: 'function' | 'object' }[] = [
  { parent: /docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh', exports: 'function' },
  { parent: /docker-modem[\\/]lib[\\/]modem\.js$/, request: './http_duplex', exports: 'function' },
  { parent: /dockerode[\\/]lib[\\/]docker\.js$/, request: './session', exports: 'function' },
  { parent: /dockerode[\\/]lib[\\/]util\.js$/, request: 'tar-fs', exports: 'object' },
];

/**
 * `require('dockerode')` with the rarely used parts loaded on first use instead of up front; behaviour is the same.
 * Should a dockerode release move those files, nothing matches and dockerode loads as it always did.
 */
export function loadDockerode(): typeof Docker {
  const internals = Module as unknown as { _load: Load };
  const load = internals._load;
  internals._load = function (request, parent, isMain) {
    const deferred = parent && DEFERRED.find((d) => d.request === request && d.parent.test(parent.filename));
    if (deferred) {
      let real: unknown;
      const loadReal = (): unknown => (real ??= load.call(internals, request, parent, false));
      if (deferred.exports === 'object') return new Proxy({}, { get: (_, key) => (loadReal() as Record<string | symbol, unknown>)[key] });
      return function deferredFunction(this: unknown, ...args: unknown[]): unknown {
        return (loadReal() as (...args: unknown[]) => unknown).apply(this, args);
      };
    }
    return load.call(this, request, parent, isMain);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('dockerode') as typeof Docker;
  } finally {
    internals._load = load;
  }
}
