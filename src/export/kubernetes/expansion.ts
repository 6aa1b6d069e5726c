/**
 * Kubernetes expands `$(NAME)` in a container's command, args and env values, and turns `$$` into `$`; Docker does
 * neither. Doubling each `$` that starts either sequence keeps the text exactly as stack.ts wrote it: `sh -c 'echo
 * $(date)'` still runs `date` in the shell, and `$$` still reaches the shell as the PID.
 */
export function escapeExpansion(text: string): string {
  return text.replace(/\$(?=[$(])/g, '$$$$');
}
