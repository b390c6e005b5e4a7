/**
 * The Prometheus exposition of {@link MetricsState}, built with prom-client
 * at the first scrape. prom-client costs tens of milliseconds to load, and
 * nothing needs it before someone reads `/metrics`: the hot path keeps its
 * counts by hand (runtime_metrics.ts), and the metrics built here only read
 * them when prom-client collects.
 *
 * @module
 */
import type * as PromClient from "prom-client";
import type { ModelRegistry } from "../core/registry.ts";
import type { BucketHistogram } from "./bucket_histogram.ts";
import { processGauges } from "./process_gauges.ts";

/** Labels of a request count: door, model and operation. */
export interface RequestLabels {
  /** The door (modzy, oip-grpc, oip-rest). */
  readonly door: string;
  /** The model's served name. */
  readonly model: string;
  /** status, run or infer. */
  readonly operation: string;
}

/** Running totals of one door × model × operation. */
export interface RequestTotals {
  /** Its labels. */
  readonly labels: RequestLabels;
  /** Requests answered. */
  requests: number;
  /** Items of Modzy runs. */
  items: number;
  /** Items of Modzy runs that failed. */
  failedItems: number;
}

/** Everything the exposition reads, kept by hand by the runtime's metrics. */
export interface MetricsState {
  /** Request totals, in the order they first appeared. */
  requestTotals(): Iterable<RequestTotals>;
  /** Failed requests by labels and error kind. */
  readonly errors: ReadonlyMap<string, { labels: RequestLabels & { kind: string }; count: number }>;
  /** Latency, queue time and batch size histograms. */
  readonly latency: BucketHistogram;
  readonly queue: BucketHistogram;
  readonly batches: BucketHistogram;
  /** Training jobs by state. */
  readonly trainingJobs: ReadonlyMap<string, number>;
  /** The model registries counted in the model gauges. */
  readonly followed: ReadonlySet<ModelRegistry>;
}

/** The Prometheus text format's content type (what prom-client's registry answers). */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Loads prom-client and builds a registry whose metrics read `state` at each scrape. */
export async function metricsRegistry(state: MetricsState): Promise<PromClient.Registry> {
  const prom = await import("prom-client");
  const registry = new prom.Registry();
  const registers = [registry];
  new prom.Counter({
    name: "model_runtime_requests_total",
    help: "Requests answered, by door (modzy, oip-grpc, oip-rest), model and operation.",
    labelNames: ["door", "model", "operation"],
    registers,
    collect() {
      this.reset();
      for (const totals of state.requestTotals()) {
        if (totals.requests > 0) this.inc({ ...totals.labels }, totals.requests);
      }
    },
  });
  new prom.Counter({
    name: "model_runtime_request_errors_total",
    help: "Requests that failed as a whole, by door, model, operation and error kind.",
    labelNames: ["door", "model", "operation", "kind"],
    registers,
    collect() {
      this.reset();
      for (const { labels, count } of state.errors.values()) this.inc({ ...labels }, count);
    },
  });
  registry.registerMetric(state.latency as unknown as PromClient.Metric);
  for (
    const [name, help, field] of [
      ["model_runtime_items_total", "Items of Modzy Run requests, by door and model.", "items"],
      [
        "model_runtime_item_errors_total",
        "Items of Modzy Run requests that failed, by door and model.",
        "failedItems",
      ],
    ] as const
  ) {
    new prom.Counter({
      name,
      help,
      labelNames: ["door", "model"],
      registers,
      collect() {
        this.reset();
        for (const totals of state.requestTotals()) {
          const { door, model } = totals.labels;
          if (totals[field] > 0) this.inc({ door, model }, totals[field]);
        }
      },
    });
  }
  registry.registerMetric(state.queue as unknown as PromClient.Metric);
  registry.registerMetric(state.batches as unknown as PromClient.Metric);
  new prom.Gauge({
    name: "model_runtime_training_jobs",
    help: "Training jobs by state.",
    labelNames: ["state"],
    registers,
    collect() {
      this.reset();
      for (const [jobState, count] of state.trainingJobs) this.set({ state: jobState }, count);
    },
  });
  new prom.Gauge({
    name: "model_runtime_models",
    help: "Models registered, by state (ready, loading, failed, idle).",
    labelNames: ["state"],
    registers,
    aggregator: "max",
    collect() {
      this.reset();
      for (const modelState of ["ready", "loading", "failed", "idle"]) {
        this.set({ state: modelState }, 0);
      }
      for (const models of state.followed) {
        for (const entry of models.list()) {
          const phase = entry.host.phase === "closed" ? "failed" : entry.host.phase;
          this.inc({ state: phase });
        }
      }
    },
  });
  new prom.Gauge({
    name: "model_runtime_models_loaded",
    help: "Models registered and ready to answer.",
    registers,
    aggregator: "min",
    collect() {
      let ready = 0;
      for (const models of state.followed) {
        ready += models.list().filter((m) => m.host.ready).length;
      }
      this.set(ready);
    },
  });
  processGauges(prom, registers);
  return registry;
}
