import Module from 'node:module';
import type Docker from 'dockerode';

type Load = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;

/**
 * Two modules dockerode loads eagerly but calls only in rare cases: docker-modem's SSH transport (ssh2, for
 * DOCKER_HOST=ssh://) and dockerode's BuildKit session (gRPC and protobuf, for BuildKit builds). Loading them is
 * about half of dockerode's load time, and the largest single cost of a no-op `stack up` (see docs/benchmarks.md).
 * Both export one function, so each is stood in for by a function that loads the real one on its first call.
 */
const DEFERRED: { parent: RegExp; request: string }[] = [
  { parent: /docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh' },
  { parent: /dockerode[\\/]lib[\\/]docker\.js$/, request: './session' },
];

/**
 * `require('dockerode')` with the rarely used parts loaded on first use instead of up front; behaviour is the same.
 * Should a dockerode release move those files, nothing matches and dockerode loads as it always did.
 */
export function loadDockerode(): typeof Docker {
  const internals = Module as unknown as { _load: Load };
  const load = internals._load;
  internals._load = function (request, parent, isMain) {
    if (parent && DEFERRED.some((d) => d.request === request && d.parent.test(parent.filename))) {
      let real: ((...args: unknown[]) => unknown) | undefined;
      return function deferred(this: unknown, ...args: unknown[]): unknown {
        real ??= load.call(internals, request, parent, false) as (...args: unknown[]) => unknown;
        return real.apply(this, args);
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
