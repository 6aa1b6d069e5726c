/** A loaded Compose project as the stack.ts definition it becomes (values, not yet text). */
import { carryComment, type ConvertContext } from './convert-context';
import { convertConfig, convertNetwork, convertSecret, convertVolume } from './convert-resources';
import { convertService } from './convert-service';
import { TOP_LEVEL_KEYS, type ComposeProject } from './compose-project';
import { topLevelKeyProblem } from './compose-keys';
import { untranslatable } from './convert-context';

type Dict = Record<string, unknown>;

export function convertProject(ctx: ConvertContext, project: ComposeProject): Dict {
  const out: Dict = {};
  if (project.name !== undefined) out.name = project.name;
  const section = (key: string, entries: [string, unknown][], convert: (name: string, def: never, parent: Dict) => unknown) => {
    if (!entries.length) return;
    const obj: Dict = {};
    for (const [name, def] of entries) {
      obj[name] = convert(name, def as never, obj);
      carryComment(ctx, `${key}.${name}`, obj, name);
    }
    out[key] = obj;
    carryComment(ctx, key, out, key);
  };
  section('services', Object.entries(project.services), (name, def) => convertService(ctx, name, def));
  section('volumes', Object.entries(project.volumes), (name, def) => convertVolume(ctx, name, def));
  section('networks', Object.entries(project.networks), (name, def) => convertNetwork(ctx, name, def));
  section('secrets', Object.entries(project.secrets), (name, def, parent) => convertSecret(ctx, name, def, parent));
  section('configs', Object.entries(project.configs), (name, def, parent) => convertConfig(ctx, name, def, parent));
  for (const key of project.unknown) untranslatable(ctx, out, key, '...', topLevelKeyProblem(key, TOP_LEVEL_KEYS));
  return out;
}
