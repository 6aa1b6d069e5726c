/** Where apply reports what it is doing, per service ("creating", "waiting for db (healthy)", "healthy"). */
export interface Progress {
  update(service: string, message: string): void;
  done(service: string, message: string): void;
  fail(service: string, message: string): void;
  /** Work that belongs to no one service: networks, volumes, removals. */
  note(message: string): void;
}
