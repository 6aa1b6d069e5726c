import type { ActualContainer } from '../docker/actual';
import { fileFromArchive } from '../docker/archive';
import type { DockerClient } from '../docker/client';
import type { DesiredState } from '../model/desired';

/**
 * Reads what the containers of services with secrets hold for them: the files (one archive download each) and the
 * secret environment values (one inspect). Labels hold no trace of secret values, not even a hash (a short
 * password's hash can be brute-forced), so this is how a changed secret is noticed. Only those services pay for it.
 */
export async function observeSecrets(client: DockerClient, containers: ActualContainer[], desired: DesiredState): Promise<void> {
  await Promise.all(
    containers.map(async (c) => {
      const s = desired.services[c.service];
      if (!s || (s.secrets.length === 0 && s.secretEnv.length === 0)) return;
      const [files, env] = await Promise.all([
        Promise.all(s.secrets.map(async (sec) => {
          const tar = await client.getArchive(c.id, sec.target);
          const content = tar && (await fileFromArchive(tar));
          // Compared with the model's text: a binary file's is base64 (model/file-content.ts).
          return [sec.target, content?.toString(sec.binary ? 'base64' : 'utf8')] as const;
        })),
        s.secretEnv.length ? client.inspectContainer(c.id).then((d) => d.env) : Promise.resolve([] as string[]),
      ]);
      const envValues: Record<string, string | undefined> = Object.fromEntries(s.secretEnv.map((k) => [k, undefined]));
      for (const entry of env) {
        const eq = entry.indexOf('=');
        const key = entry.slice(0, eq);
        if (key in envValues) envValues[key] = entry.slice(eq + 1);
      }
      c.secrets = { files: Object.fromEntries(files), env: envValues };
    }),
  );
}
