/**
 * The plain scalars docker-compose 1.29 (PyYAML's YAML 1.1) and Compose v2 (YAML 1.2) read differently, and where the
 * import follows v2, which is what users run. The reader is PyYAML's everywhere else.
 * - `yes`/`no`/`on`/`off` (any case PyYAML knows) are booleans in 1.29. As the value of an `environment`, `labels` or
 *   build `args` entry, 1.29 rejects them and v2 passes the text on: the import keeps the text (`DEBUG: on` → 'on').
 * - `2222:22` is the base-60 integer 133342 in 1.29 and the text "2222:22" in v2. A base-60 port or user is never
 *   what the author meant: there the import keeps the text, with a note; elsewhere (a label `1:20`) it is PyYAML's
 *   number. `0:0` is text in PyYAML too: its base-60 integers start with 1-9.
 * The tags box such scalars while the file is constructed; `settleScalars` then replaces each box by its text or its
 * value, by where it ended up (an anchor's value can end up in several places).
 */
import { defineScalarTag, intYaml11Tag, NOT_RESOLVED } from 'js-yaml';

/** A scalar whose reading depends on where it is: its text as written and PyYAML's value. */
class Ambiguous {
  constructor(
    readonly text: string,
    readonly value: number | boolean,
    readonly kind: 'boolean' | 'base-60',
  ) {}

  /** As a mapping key (`on:`), what PyYAML's value would be as a string, as before boxing. */
  toString(): string {
    return String(this.value);
  }
}

// PyYAML's booleans: YAML 1.1's list without `y`/`n`, which docker-compose reads as strings (`tty: y` is an error there).
const TRUE = new Set(['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
/** The booleans YAML 1.2 (Compose v2) does not know: text there. */
const YAML11_ONLY = /^(yes|no|on|off)$/i;

export const pyyamlBool = defineScalarTag('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: ['y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O'],
  resolve: (source) => {
    const value = TRUE.has(source) ? true : FALSE.has(source) ? false : undefined;
    if (value === undefined) return NOT_RESOLVED;
    return YAML11_ONLY.test(source) ? new Ambiguous(source, value, 'boolean') : value;
  },
  identify: (data) => typeof data === 'boolean',
});

/** Any base-60 form; PyYAML's needs a first digit 1-9 (`0:0` is a string there, a number to js-yaml). */
const BASE_60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const PYYAML_BASE_60 = /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/;

export const pyyamlInt = defineScalarTag('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: intYaml11Tag.implicitFirstChars,
  resolve: (source, explicit, tagName) => {
    if (!BASE_60.test(source)) return intYaml11Tag.resolve(source, explicit, tagName);
    if (!PYYAML_BASE_60.test(source)) return NOT_RESOLVED;
    const value = intYaml11Tag.resolve(source, explicit, tagName);
    return value === NOT_RESOLVED ? value : new Ambiguous(source, value, 'base-60');
  },
  identify: intYaml11Tag.identify,
  represent: intYaml11Tag.represent,
});

type Path = (string | number)[];

/** Whether the scalar at `path` keeps its text (Compose v2's reading). */
function keepsText(box: Ambiguous, path: Path): boolean {
  const [top, , key, index] = path;
  if (box.kind === 'base-60') return top === 'services' && ((key === 'ports' && typeof index === 'number' && path.length === 4) || (key === 'user' && path.length === 3));
  const parent = path[path.length - 2];
  return typeof path[path.length - 1] === 'string' && (parent === 'environment' || parent === 'labels' || parent === 'args');
}

/**
 * Replaces every box in `data` by its text or value; returns what the user should know (a base-60 port or user
 * kept as text), with the path, e.g. `services.git.ports[0]`.
 */
export function settleScalars(data: object): { path: string; text: string; value: number }[] {
  const slots = new Map<object, Map<string | number, { box: Ambiguous; keep: boolean; path: Path }>>();
  const walk = (node: object, path: Path, ancestors: Set<object>) => {
    ancestors.add(node);
    for (const [k, v] of Object.entries(node)) {
      const key = Array.isArray(node) ? Number(k) : k;
      if (v instanceof Ambiguous) {
        const at = [...path, key];
        const held = slots.get(node) ?? new Map();
        slots.set(node, held);
        const was = held.get(key);
        if (!was || (!was.keep && keepsText(v, at))) held.set(key, { box: v, keep: keepsText(v, at), path: at });
      } else if (typeof v === 'object' && v !== null && !ancestors.has(v)) walk(v, [...path, key], ancestors);
    }
    ancestors.delete(node);
  };
  walk(data, [], new Set());
  const kept: { path: string; text: string; value: number }[] = [];
  for (const [node, held] of slots) {
    for (const [key, { box, keep, path }] of held) {
      (node as Record<string | number, unknown>)[key] = keep ? box.text : box.value;
      if (keep && box.kind === 'base-60') kept.push({ path: dotted(path), text: box.text, value: box.value as number });
    }
  }
  return kept;
}

function dotted(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}
