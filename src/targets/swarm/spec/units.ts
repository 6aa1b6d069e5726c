/** The Engine API's swarm durations are nanoseconds; the model's are milliseconds. */
export function nanoseconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms * 1_000_000;
}
