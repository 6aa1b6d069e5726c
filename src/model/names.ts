/**
 * Names that become part of container, network, file and DNS names (services, secrets, configs, profiles): the
 * daemon takes only ASCII there, so "café" is refused, and the message must not claim "é" is not a letter.
 */
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function isValidName(name: string): boolean {
  return NAME_RE.test(name);
}

/** The issue for an invalid name, with a valid name to use instead when one is near ("café" → "cafe"). */
export function nameProblem(kind: string, name: string): { message: string; hint: string } {
  const nonAscii = /[^\x00-\x7f]/.test(name);
  const message = `${kind} name "${name}" may only hold ASCII letters and digits, ".", "-" and "_", starting with a letter or digit${nonAscii ? ' (it becomes part of container and DNS names, which are ASCII only)' : ''}`;
  const suggestion = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9_.-]+/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '');
  return { message, hint: suggestion && isValidName(suggestion) ? `rename it, e.g. "${suggestion}"` : 'rename it' };
}
