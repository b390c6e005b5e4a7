/**
 * One `/metrics` for a server of several serving workers (`--workers N`):
 * every worker's metrics (prom-client JSON) merged into one exposition.
 * Counters and histograms are summed exactly, series by series; the
 * `process_*` figures stay per worker under a `worker` label (`1`, `2`, …)
 * with a `worker="total"` series beside them (the sum; for the start time
 * the earliest, for the uptime the longest); other gauges merge as each
 * declares (`aggregator`: models by state take the most, ready models the
 * fewest, training jobs the sum).
 *
 * @module
 */
import type * as PromClient from "prom-client";
import type { WorkerMetrics } from "../core/serving_group.ts";

/** A metric in prom-client's JSON form. */
type MetricJson = PromClient.MetricObjectWithValues<PromClient.MetricValue<string>>;

/** How the `worker="total"` series of a process figure combines the workers'. */
function totalOf(name: string, values: readonly number[]): number {
  if (name === "process_start_time_seconds") return Math.min(...values);
  if (name === "process_uptime_seconds") return Math.max(...values);
  return values.reduce((sum, value) => sum + value, 0);
}

/** Whether `metric` is a per-process figure (kept per worker). */
function isProcessFigure(metric: MetricJson): boolean {
  return metric.name.startsWith("process_");
}

/**
 * The merged metrics of `workers` as prom-client JSON lists, ready for
 * `AggregatorRegistry.aggregate` (one list per worker, plus the totals).
 */
export function workerMetricLists(workers: readonly WorkerMetrics[]): MetricJson[][] {
  const lists = workers.map(({ worker, metrics }) =>
    (metrics as MetricJson[]).map((metric) =>
      isProcessFigure(metric)
        ? {
          ...metric,
          aggregator: "sum" as const,
          values: metric.values.map((value) => ({
            ...value,
            labels: { ...value.labels, worker: String(worker) },
          })),
        }
        : metric
    )
  );
  const byName = new Map<string, { metric: MetricJson; values: number[] }>();
  for (const { metrics } of workers) {
    for (const metric of metrics as MetricJson[]) {
      if (!isProcessFigure(metric)) continue;
      const entry = byName.get(metric.name) ?? { metric, values: [] };
      entry.values.push(...metric.values.map((value) => value.value));
      byName.set(metric.name, entry);
    }
  }
  const totals = [...byName.values()].map(({ metric, values }) => ({
    ...metric,
    aggregator: "sum" as const,
    values: [{ labels: { worker: "total" }, value: totalOf(metric.name, values) }],
  }));
  return [...lists, totals];
}

/** The Prometheus text of every worker's metrics merged (see the module doc). */
export async function mergedWorkerMetricsText(workers: readonly WorkerMetrics[]): Promise<string> {
  const prom = await import("prom-client");
  return await prom.AggregatorRegistry.aggregate(workerMetricLists(workers)).metrics();
}
