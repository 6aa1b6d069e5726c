/** Kubernetes resource quantities from the model's units (nano-CPUs, bytes). */

/** 1.5e9 nano-CPUs → `'1500m'`, 2e9 → `'2'`. */
export function cpuQuantity(nanoCpus: number): string {
  return nanoCpus % 1e9 === 0 ? String(nanoCpus / 1e9) : `${Math.max(1, Math.round(nanoCpus / 1e6))}m`;
}

/** 536870912 → `'512Mi'`: the largest binary unit that divides exactly, else plain bytes. */
export function byteQuantity(bytes: number): string {
  for (const [unit, size] of [['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes > 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Whole seconds, rounded up, at least `min` (probe periods of 500ms become 1s, Kubernetes' smallest). */
export function seconds(ms: number, min = 1): number {
  return Math.max(min, Math.ceil(ms / 1000));
}
