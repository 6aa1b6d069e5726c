/**
 * Compose's `${NAME…}` operators as the `ctx.vars` expression stack.ts writes for them, shared by `stack import`
 * (which writes them into stack.ts) and stack.ts's own check (which suggests them in its hint for a `${VAR}` it
 * rejects), so both say the same thing for the same reference.
 */

/** One reference: `${NAME}`, or `${NAME<op>arg}` with op one of `:-`, `-`, `:?`, `?`, `:+`, `+`. */
export interface ComposeVarRef {
  name: string;
  op?: string;
  arg: string;
}

export interface ComposeVarOptions {
  /** The operand as a TypeScript string literal. */
  quote: (text: string) => string;
  /**
   * What a plain `${NAME}` reads as when the variable is unset: a literal to fall back to (`"''"`, as Compose reads
   * an unset variable as an empty string), or undefined to leave the bare read.
   */
  unset?: string;
}

/**
 * `:-` also replaces an empty value (`||`), `-` only an unset one (`??`); `:?` requires a value, `?` only that the
 * variable is set (an empty one passes), both with the author's message; `+` substitutes when set.
 */
export function composeVarExpression(ref: ComposeVarRef, options: ComposeVarOptions): string {
  const read = varRead(ref.name);
  const arg = () => options.quote(ref.arg);
  switch (ref.op) {
    case ':-':
      return `${read} || ${arg()}`;
    case '-':
      return `${read} ?? ${arg()}`;
    case ':?':
      return required(ref, options);
    case '?':
      return `${read} ?? ${required(ref, options)}`;
    case ':+':
      return `${read} ? ${arg()} : ''`;
    case '+':
      return `${read} !== undefined ? ${arg()} : ''`;
    default:
      return options.unset === undefined ? read : `${read} ?? ${options.unset}`;
  }
}

function required(ref: ComposeVarRef, options: ComposeVarOptions): string {
  return `ctx.vars.require(${options.quote(ref.name)}${ref.arg ? `, ${options.quote(ref.arg)}` : ''})`;
}

/** `ctx.vars.NAME`, or `ctx.vars['NAME']` for a name that is no identifier: how generated stack.ts reads a variable. */
export function varRead(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `ctx.vars.${name}` : `ctx.vars['${name}']`;
}
