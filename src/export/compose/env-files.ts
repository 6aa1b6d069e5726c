/**
 * `envFile` → `env_file`, naming the files rather than copying their values into `environment`: an env file is
 * often kept out of version control because it holds credentials, and the exported file is meant to be committed.
 */
import type { DesiredService } from '../../model/desired';
import { relativePath, type ExportContext } from './context';

export function composeEnvFiles(ctx: ExportContext, s: DesiredService): unknown[] | undefined {
  const files = s.envFiles?.files;
  if (!files?.length) return undefined;
  if (files.every((f) => f.required)) return files.map((f) => relativePath(ctx, f.path));
  ctx.warnings.push(`services.${s.name}.env_file: an optional file (required: false) is written in the long form, which docker compose v2.24+ reads and docker-compose 1.29 rejects`);
  return files.map((f) => (f.required ? relativePath(ctx, f.path) : { path: relativePath(ctx, f.path), required: false }));
}
