/**
 * Compose's variable syntax turned into stack.ts reads. Compose expands `${VAR}` in every value when it loads the
 * file; stack.ts is TypeScript, so the importer writes the same reads as `ctx.vars` expressions, which stackfile
 * tracks (`ctx.vars.require` reports every missing variable at once, `stack config --explain` says where each came
 * from). `$$` is Compose's literal `$`; a literal `${` is written `$${`, which stack.ts reads the same way.
 */
import { composeVarExpression, type ComposeVarRef } from '../model/compose-var-expression';
import { Code } from './code';

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?err}`, `${NAME?err}`, `${NAME:+alt}`, `${NAME+alt}`. */
const BRACED = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^}$]|\$\$)*))?\}/;
/** `$NAME`, which Compose expands too. */
const BARE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/** One piece of a string: literal text, or a variable read. */
export type Piece = { text: string } | { name: string; op?: string; arg: string };

/** A malformed reference such as `${VAR` or `${1X}`, which Compose rejects too. */
export class InterpolationError extends Error {}

/** The pieces of a Compose string; literal `$$` becomes `$`. */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let literal = '';
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '$') {
      // Up to the next `$` in one step: most of a compose file's strings have none.
      const next = text.indexOf('$', i);
      literal += text.slice(i, next < 0 ? text.length : next);
      i = next < 0 ? text.length : next;
      continue;
    }
    if (text[i + 1] === '$') {
      literal += '$';
      i += 2;
      continue;
    }
    const rest = text.slice(i);
    const m = BRACED.exec(rest) ?? BARE.exec(rest);
    if (!m) {
      if (rest.startsWith('${')) throw new InterpolationError(`invalid variable reference in ${JSON.stringify(text)}`);
      literal += '$';
      i++;
      continue;
    }
    if (literal) out.push({ text: literal });
    literal = '';
    out.push({ name: m[1], op: m[2], arg: (m[3] ?? '').replace(/\$\$/g, '$') });
    i += m[0].length;
  }
  if (literal) out.push({ text: literal });
  return out;
}

/** The value stack.ts should hold for a Compose string: the same string, or a ctx.vars expression. */
export function interpolate(text: string): string | Code {
  if (!text.includes('$')) return text;
  const parts = pieces(text);
  const vars = parts.filter((p) => 'name' in p);
  const literal = (s: string) => s.replace(/\$\{/g, () => '$${');
  if (vars.length === 0) return literal(parts.map((p) => (p as { text: string }).text).join(''));
  if (parts.length === 1) return new Code(expression(parts[0] as Extract<Piece, { name: string }>), { ctx: true });
  const body = parts.map((p) => ('name' in p ? `\${${expression(p)}}` : templateText(literal(p.text)))).join('');
  return new Code(`\`${body}\``, { ctx: true });
}

/** The value a string takes when the variables are known now: for what the importer itself must read (file paths). */
export function resolveNow(text: string, vars: Record<string, string | undefined>): string {
  return pieces(text)
    .map((p) => {
      if (!('name' in p)) return p.text;
      const v = vars[p.name];
      switch (p.op) {
        case ':-':
          return v || p.arg;
        case '-':
          return v ?? p.arg;
        case ':+':
          return v ? p.arg : '';
        case '+':
          return v !== undefined ? p.arg : '';
        default:
          return v ?? '';
      }
    })
    .join('');
}

/** Names of the variables a string reads. */
export function variablesIn(text: string): string[] {
  return pieces(text).flatMap((p) => ('name' in p ? [p.name] : []));
}

/** Compose reads an unset variable as an empty string (and warns); so does the import. */
function expression(p: ComposeVarRef): string {
  return composeVarExpression(p, { quote, unset: "''" });
}

/** A string literal: single quotes, or double ones when that saves escaping a quote. */
export function quote(text: string): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  return `${q}${text.replace(/\\/g, '\\\\').replace(q === "'" ? /'/g : /"/g, `\\${q}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}${q}`;
}

function templateText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '$\\{');
}
