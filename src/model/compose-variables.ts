import type { Issue } from '../errors';
import { composeVarExpression } from './compose-var-expression';
import { isSecret } from './secret';

/**
 * `${VAR}` in stack.ts strings: stackfile does not expand Compose's variable syntax, it rejects it with the
 * `ctx.vars` expression to write instead. stack.ts is TypeScript, whose own template strings already interpolate
 * (`` `${ctx.vars.WEB_PORT ?? '8101'}:8080` ``), with variables that are tracked (`ctx.vars.require` reports every
 * missing one with its line; `stack config --explain` says where each came from). A second interpolation that
 * differs from the language's by the quote character alone ('${X}' vs `${X}`) would be a trap, and expanding every
 * string would rewrite shell commands meant for the container (Compose's `$$` pitfall).
 *
 * Container commands are the exception: `command`, `entrypoint`, `healthcheck.test` and a watch rule's `exec` go to
 * the container as written, where a shell may expand `${VAR}` from the container's environment (what Compose
 * users write as `$${VAR}`). `$${` is a literal `${` everywhere, as in Compose, so copied Compose text keeps its
 * meaning.
 */

/** Keys of a service whose strings reach the container's command line, where `${VAR}` is the container shell's. */
const COMMAND_KEYS = new Set(['command', 'entrypoint', 'exec']);

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`... as Compose reads them. */
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/;

/**
 * Checks every string of the stack (after modules and the env overlay: what will be applied) for Compose's `${VAR}`, reporting each with
 * its path, and returns the stack with `$${` turned into a literal `${`.
 */
export function checkComposeVariables(stack: Record<string, unknown>): { stack: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const walk = (value: unknown, path: string, inCommand: boolean): unknown => {
    if (typeof value === 'string') return readString(value, path, inCommand, issues);
    if (typeof value !== 'object' || value === null || isSecret(value)) return value;
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`, inCommand));
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
    const out: Record<string, unknown> = {};
    // A counted loop over the keys: this visits every value of the stack, and unoptimized, entries() and for...of
    // allocate a pair and a result object per key.
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const command = inCommand || COMMAND_KEYS.has(k) || (k === 'test' && path.endsWith('.healthcheck'));
      out[k] = walk((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, command);
    }
    return out;
  };
  return { stack: walk(stack, '', false) as Record<string, unknown>, issues };
}

function readString(text: string, path: string, inCommand: boolean, issues: Issue[]): string {
  if (!text.includes('${')) return text;
  let out = '';
  const found: string[] = [];
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (text.startsWith('${', i) && !inCommand) found.push(text.slice(i, text.indexOf('}', i) + 1 || undefined));
    out += text[i];
    i++;
  }
  if (found.length) {
    issues.push({
      path,
      message: `${JSON.stringify(text)} holds ${found.join(', ')}: stack.ts does not expand Compose's \${VAR} syntax`,
      hint: `read variables with ctx.vars in a template string: defineStack((ctx) => ({ ... ${asTemplate(text)} ... })); write $\${ for a literal \${`,
    });
  }
  return out;
}

/** The string as a TypeScript template literal reading ctx.vars, e.g. `${ctx.vars.WEB_PORT || '8101'}:8080`. */
export function asTemplate(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('$${', i)) {
      out += '$\\{';
      i += 3;
      continue;
    }
    const m = text.startsWith('${', i) ? REFERENCE.exec(text.slice(i)) : null;
    if (m) {
      out += `\${${expression(m[1], m[2], m[3] ?? '')}}`;
      i += m[0].length;
      continue;
    }
    out += text[i] === '`' || text[i] === '\\' ? `\\${text[i]}` : text[i];
    i++;
  }
  return `\`${out}\``;
}

/** The hint's reads: a plain `${NAME}` as the bare read, operands in single quotes. */
function expression(name: string, op: string | undefined, arg: string): string {
  return composeVarExpression({ name, op, arg }, { quote: (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` });
}
