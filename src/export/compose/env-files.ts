/**
 * `envFile` → `env_file`, naming the files rather than copying their values into `environment`: an env file is
 * often kept out of version control because it holds credentials, and the exported file is meant to be committed.
 * An optional file (`required: false`) is still copied in: docker-compose 1.29 reads env_file as paths only, and a
 * path it cannot find is an error there.
 */
import type { DesiredService } from '../../model/desired';
import { relativePath, type ExportContext } from './context';

export function composeEnvFiles(ctx: ExportContext, s: DesiredService): string[] | undefined {
  const files = s.envFiles?.files.filter((f) => f.required);
  return files?.length ? files.map((f) => relativePath(ctx, f.path)) : undefined;
}

/** The variables `env_file` gives the container: those whose value came from a required file. */
export function fromEnvFiles(s: DesiredService): Set<string> {
  const e = s.envFiles;
  return new Set(e ? Object.keys(e.from).filter((k) => e.files[e.from[k]].required) : []);
}
