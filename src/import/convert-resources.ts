/**
 * Compose's top-level volumes, networks, secrets and configs as stack.ts's. A secret's file becomes
 * `secret.file('./path')` and its environment source `secret('VAR')`, stackfile's own secret API.
 */
import { isPlainObject } from '../model/overlay';
import { Code } from './code';
import { byShape, untranslatable, value, type ConvertContext, type Shape } from './convert-context';
import { quote } from './interpolate';
import { entriesOf } from './merge-service';
import { writtenPath } from './paths';

type Dict = Record<string, unknown>;

const VOLUME: Shape = { driver: true, driver_opts: true, labels: true, external: 'boolean', name: true };
const NETWORK: Shape = {
  driver: true, driver_opts: true, internal: 'boolean', attachable: 'boolean', labels: true, external: 'boolean', name: true, enable_ipv6: 'boolean',
  ipam: { driver: true, config: true },
};

export function convertVolume(ctx: ConvertContext, name: string, def: Dict | null): Dict {
  return def ? resource(ctx, def, VOLUME, `volumes.${name}`) : {};
}

export function convertNetwork(ctx: ConvertContext, name: string, def: Dict | null): Dict {
  if (!def) return {};
  const out = resource(ctx, def, NETWORK, `networks.${name}`);
  const ipam = def.ipam as Dict | undefined;
  if (isPlainObject(ipam) && Array.isArray(ipam.config)) {
    (out.ipam as Dict).config = ipam.config.map((c, i) => byShape(ctx, c as Dict, { subnet: true, gateway: true, ip_range: true }, `networks.${name}.ipam.config[${i}]`));
  }
  return out;
}

/** Labels in list form become a map (stack.ts takes volume and network labels as maps); `external: { name }` is the old spelling of `name`. */
function resource(ctx: ConvertContext, def: Dict, shape: Shape, path: string): Dict {
  const d: Dict = { ...def };
  if (Array.isArray(d.labels)) d.labels = Object.fromEntries(entriesOf(d.labels, '=').map(([k, v]) => [k, v ?? '']));
  if (isPlainObject(d.external)) {
    if (typeof d.external.name === 'string' && d.name === undefined) d.name = d.external.name;
    d.external = true;
  }
  return byShape(ctx, d, shape, path);
}

/** `parent`: the stack's `secrets` object, where a TODO goes for a secret with no usable source. */
export function convertSecret(ctx: ConvertContext, name: string, def: Dict | null, parent: Dict): unknown {
  const path = `secrets.${name}`;
  if (def && typeof def.file === 'string') {
    const file = writtenPath(def.file);
    return typeof file === 'string' ? new Code(`secret.file(${quote(file)})`, { secret: true }) : new Code(`secret.file(${file.text})`, { secret: true, home: true });
  }
  if (def && typeof def.environment === 'string') return new Code(`secret(${quote(def.environment)})`, { secret: true });
  if (def && def.external) return external(def);
  untranslatable(ctx, parent, path, def, 'a secret needs file: or environment: (or external: true on Swarm)');
  return new Code(`secret.value('')`, { secret: true });
}

export function convertConfig(ctx: ConvertContext, name: string, def: Dict | null, parent: Dict): unknown {
  const path = `configs.${name}`;
  if (def && typeof def.file === 'string') return { file: writtenPath(def.file) };
  if (def && typeof def.content === 'string') return { content: value(ctx, def.content, `${path}.content`) };
  if (def && typeof def.environment === 'string') return { environment: def.environment };
  if (def && def.external) return external(def);
  untranslatable(ctx, parent, path, def, 'a config needs file:, content: or environment:');
  return { content: '' };
}

function external(def: Dict): Dict {
  const name = isPlainObject(def.external) ? def.external.name : def.name;
  return typeof name === 'string' ? { external: true, name } : { external: true };
}
