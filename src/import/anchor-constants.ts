/**
 * YAML anchors as TypeScript constants, stack.ts's way to share values: `<<: *defaults` in a service becomes
 * `...defaults` (the keys the service sets again follow it), `logging: *default-logging` becomes
 * `logging: defaultLogging`. Done on the finished definition and only where the result is the same value: a service
 * whose merged keys were all overridden, or an anchor that cannot be written as a constant (it reads variables, or
 * holds something untranslatable), is simply written out in full.
 */
import { isPlainObject } from '../model/overlay';
import { Code, notesOf, reads, sameValue, spread } from './code';
import type { ComposeProject } from './compose-project';
import type { ConvertContext } from './convert-context';
import { convertService } from './convert-service';
import { rebaseService } from './paths';
import type { Constant } from './render-ts';

type Dict = Record<string, unknown>;

const RESERVED = new Set(['ctx', 'secret', 'defineStack', 'ServiceSpec', 'default', 'const', 'let', 'var', 'new', 'class', 'function', 'return', 'delete', 'in', 'of', 'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'this', 'true', 'false', 'null', 'undefined', 'void', 'typeof', 'import', 'export', 'enum', 'super', 'with', 'yield', 'await', 'try', 'catch', 'finally', 'throw', 'break', 'continue', 'debugger', 'instanceof', 'extends']);

export function anchorConstants(ctx: ConvertContext, project: ComposeProject, definition: Dict): Constant[] {
  const services = (definition.services ?? {}) as Record<string, Dict>;
  const taken = new Set(RESERVED);
  const constants: Constant[] = [];
  for (const [anchorName, anchor] of project.anchors) {
    const merged = anchor.uses.every((u) => u.key === undefined);
    const keys = new Set(anchor.uses.map((u) => u.key));
    if (!merged && (keys.size !== 1 || keys.has(undefined))) continue;
    const quiet: ConvertContext = { outDir: ctx.outDir, comments: new Map(), untranslated: [] };
    const raw = merged ? anchor.value : { [[...keys][0]!]: anchor.value };
    if (!isPlainObject(raw)) continue;
    const converted = convertService(quiet, anchorName, rebaseService(raw, { dir: project.dir, outDir: ctx.outDir }));
    const stackKeys = Object.keys(converted);
    if (!merged && stackKeys.length !== 1) continue;
    const value = merged ? converted : converted[stackKeys[0]];
    if (quiet.untranslated.length || reads(value, 'ctx') || hasNotes(value)) continue;
    const name = identifier(anchorName, taken);
    let used = false;
    for (const { service } of anchor.uses) {
      const s = services[service];
      if (!s) continue;
      if (merged) {
        const own = value as Dict;
        if (!Object.keys(own).every((k) => k in s)) continue;
        for (const k of Object.keys(own)) if (sameValue(s[k], own[k])) delete s[k];
        spread(s, name);
        used = true;
      } else if (sameValue(s[stackKeys[0]], value)) {
        s[stackKeys[0]] = new Code(name);
        used = true;
      }
    }
    if (!used) continue;
    taken.add(name);
    constants.push({ name, type: merged ? 'ServiceSpec' : `ServiceSpec['${stackKeys[0]}']`, value, comment: anchor.comment });
  }
  return constants;
}

function hasNotes(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || v instanceof Code) return false;
  const n = notesOf(v);
  if (n && (n.todos.length || n.spreads.length)) return true;
  return Object.values(v).some(hasNotes);
}

/** `default-logging` and `restart_policy` → `defaultLogging` and `restartPolicy`, made unique and never a keyword. */
function identifier(anchor: string, taken: Set<string>): string {
  let base = anchor.replace(/[^A-Za-z0-9$]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')) || 'shared';
  if (/^[0-9]/.test(base)) base = `_${base}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}
