/** Where apply reports what it is doing, per service ("creating", "waiting for db (healthy)", "healthy"). */
export interface Progress {
  update(service: string, message: string): void;
  done(service: string, message: string): void;
  fail(service: string, message: string): void;
  /** Work that belongs to no one service: networks, volumes, removals. */
  note(message: string): void;
}

/**
 * How progress is shown (`--progress`, as Compose's): `tty` one live line per service; `plain` one line per real
 * event, in order, on stdout (CI logs, pipes); `json` one JSON object per event; `quiet` nothing (errors and the
 * summary still print). `silent` is for callers that render their own output.
 */
export type ProgressMode = 'tty' | 'plain' | 'json' | 'quiet' | 'silent';

export const PROGRESS_MODES: readonly ProgressMode[] = ['tty', 'plain', 'json', 'quiet'];

/** tty on a terminal outside CI, plain otherwise. */
export function defaultProgressMode(): ProgressMode {
  return process.stdout.isTTY && !process.env.CI ? 'tty' : 'plain';
}
