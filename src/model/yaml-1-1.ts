/**
 * Plain scalars that YAML 1.1 readers take for something other than a string, where YAML 1.2 (the `yaml` package's
 * default) may read a string: `1000:0` is 60000 (base 60), `off` false, `2001-12-14` a date, `1_000` 1000. PyYAML
 * reads Compose files so (docker-compose 1.29, and the tools people pipe `stack config` into), and kubectl's go-yaml
 * takes `y` and `n` for booleans too. A writer whose text every reader must read back as strings quotes these.
 */

/** Booleans (with `y`/`n`, as the 1.1 spec and go-yaml have them), null, and the merge and value keys, in any case. */
export const YAML_WORDS = /^(true|false|yes|no|on|off|y|n|null|~|<<|=)$/i;

/** PyYAML's int and float patterns: binary, octal (`0755`), `_` separators, base 60 (`1:30`), `.5`, inf and nan. */
const NUMBER = /^([-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+|[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9_]+([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

/** PyYAML's timestamp pattern: a date, or a date and time. */
const TIMESTAMP = /^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)$/;

/** Whether a YAML 1.1 reader takes `text`, written plain, for a boolean, null, number or date. */
export function notAStringInYaml11(text: string): boolean {
  return YAML_WORDS.test(text) || NUMBER.test(text) || TIMESTAMP.test(text);
}
