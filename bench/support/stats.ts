/**
 * Latency statistics for the load benchmark.
 *
 * @module
 */

/** The `fraction` quantile (0..1) of `sorted` ascending values; NaN when empty. */
export function quantile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index];
}

/** The median of `values` (not sorted in place). */
export function median(values: readonly number[]): number {
  return quantile(Float64Array.from(values).sort(), 0.5);
}

/** p50 and p99 in ms of latencies given in microseconds. */
export function latencyPercentiles(micros: Float64Array): { p50Ms: number; p99Ms: number } {
  const sorted = micros.sort();
  return { p50Ms: quantile(sorted, 0.5) / 1000, p99Ms: quantile(sorted, 0.99) / 1000 };
}
