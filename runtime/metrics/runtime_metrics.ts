/**
 * The runtime's Prometheus metrics (prom-client): requests, errors and
 * latency per door and model, items of Modzy runs, queue time and batch
 * sizes (fed by the batcher), models by state, training jobs by state (set
 * by the trainer) and process figures. Scraped as text at `/metrics`.
 *
 * @module
 */
import { Counter, Gauge, Registry } from "prom-client";
import type { RequestRecord } from "../core/data_plane.ts";
import type { ModelRegistry } from "../core/registry.ts";
import { processGauges } from "./process_gauges.ts";
import { BucketHistogram, type HistogramSeries } from "./bucket_histogram.ts";

/** States a training job can be in, as the trainer reports them. */
export type TrainingJobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * The counts of one door × model × operation, kept by hand on the hot path:
 * the counters' pending increments reach prom-client when it collects (at a
 * scrape), the latency goes straight into its histogram series.
 */
interface RequestSeries {
  readonly labels: { readonly door: string; readonly model: string; readonly operation: string };
  readonly latency: HistogramSeries;
  requests: number;
  items: number;
  failedItems: number;
}

/**
 * One set of metrics with its own prom-client registry. A class because it
 * holds the counters and the model registries it follows.
 */
export class RuntimeMetrics {
  /** The prom-client registry holding every metric below. */
  readonly registry: Registry = new Registry();
  readonly #requests: Counter<"door" | "model" | "operation">;
  readonly #errors: Counter<"door" | "model" | "operation" | "kind">;
  readonly #latency: BucketHistogram;
  readonly #items: Counter<"door" | "model">;
  readonly #failedItems: Counter<"door" | "model">;
  readonly #queue: BucketHistogram;
  readonly #batches: BucketHistogram;
  /** Hand-kept request counts by door, then model, then operation. */
  readonly #requestSeries = new Map<string, Map<string, Map<string, RequestSeries>>>();
  readonly #queueSeries = new Map<string, HistogramSeries>();
  readonly #batchSeries = new Map<string, HistogramSeries>();
  readonly #trainingJobs: Gauge<"state">;
  readonly #followed = new Set<ModelRegistry>();

  /** Creates the metrics, all at zero. */
  constructor() {
    const registers = [this.registry];
    const allSeries = () => this.#allRequestSeries();
    this.#requests = new Counter({
      name: "model_runtime_requests_total",
      help: "Requests answered, by door (modzy, oip-grpc, oip-rest), model and operation.",
      labelNames: ["door", "model", "operation"],
      registers,
      collect() {
        flushPending(this, allSeries(), "requests", (labels) => labels);
      },
    });
    this.#errors = new Counter({
      name: "model_runtime_request_errors_total",
      help: "Requests that failed as a whole, by door, model, operation and error kind.",
      labelNames: ["door", "model", "operation", "kind"],
      registers,
    });
    this.#latency = new BucketHistogram({
      name: "model_runtime_request_duration_seconds",
      help: "Time from a request reaching the data plane to its answer.",
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#items = new Counter({
      name: "model_runtime_items_total",
      help: "Items of Modzy Run requests, by door and model.",
      labelNames: ["door", "model"],
      registers,
      collect() {
        flushPending(this, allSeries(), "items", ({ door, model }) => ({ door, model }));
      },
    });
    this.#failedItems = new Counter({
      name: "model_runtime_item_errors_total",
      help: "Items of Modzy Run requests that failed, by door and model.",
      labelNames: ["door", "model"],
      registers,
      collect() {
        flushPending(this, allSeries(), "failedItems", ({ door, model }) => ({ door, model }));
      },
    });
    this.#queue = new BucketHistogram({
      name: "model_runtime_queue_seconds",
      help: "Time a request waited before its batch started running, by model.",
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#batches = new BucketHistogram({
      name: "model_runtime_batch_size",
      help: "Items (or tensor rows) per model call, by model.",
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.#trainingJobs = new Gauge({
      name: "model_runtime_training_jobs",
      help: "Training jobs by state.",
      labelNames: ["state"],
      registers,
    });
    const followed = this.#followed;
    new Gauge({
      name: "model_runtime_models",
      help: "Models registered, by state (ready, loading, failed, idle).",
      labelNames: ["state"],
      registers,
      collect() {
        this.reset();
        for (const state of ["ready", "loading", "failed", "idle"]) this.set({ state }, 0);
        for (const registry of followed) {
          for (const entry of registry.list()) {
            const phase = entry.host.phase === "closed" ? "failed" : entry.host.phase;
            this.inc({ state: phase });
          }
        }
      },
    });
    new Gauge({
      name: "model_runtime_models_loaded",
      help: "Models registered and ready to answer.",
      registers,
      collect() {
        let ready = 0;
        for (const registry of followed) {
          ready += registry.list().filter((m) => m.host.ready).length;
        }
        this.set(ready);
      },
    });
    processGauges(registers);
  }

  /** Counts one request the data plane answered (hook it to the DataPlane observer). */
  observeRequest(record: RequestRecord): void {
    const series = this.#seriesOf(record.door, record.model, record.operation);
    series.requests++;
    this.#latency.observe(series.latency, record.ms / 1000);
    if (record.error) this.#errors.inc({ ...series.labels, kind: record.error.kind });
    if (record.operation === "run") {
      series.items += record.items;
      series.failedItems += record.failedItems;
    }
  }

  /** Records that a request for `model` waited `seconds` before its batch ran. */
  observeQueueTime(model: string, seconds: number): void {
    this.#queue.observe(modelSeries(this.#queueSeries, this.#queue, model), seconds);
  }

  /** Records one model call of `size` items (or rows) for `model`. */
  observeBatchSize(model: string, size: number): void {
    this.#batches.observe(modelSeries(this.#batchSeries, this.#batches, model), size);
  }

  /** The hand-kept counts of `door` × `model` × `operation`, created on first use. */
  #seriesOf(door: string, model: string, operation: string): RequestSeries {
    let byModel = this.#requestSeries.get(door);
    if (byModel === undefined) this.#requestSeries.set(door, byModel = new Map());
    let byOperation = byModel.get(model);
    if (byOperation === undefined) byModel.set(model, byOperation = new Map());
    let series = byOperation.get(operation);
    if (series === undefined) {
      const labels = { door, model, operation };
      series = {
        labels,
        latency: this.#latency.series(labels),
        requests: 0,
        items: 0,
        failedItems: 0,
      };
      byOperation.set(operation, series);
    }
    return series;
  }

  *#allRequestSeries(): Generator<RequestSeries> {
    for (const byModel of this.#requestSeries.values()) {
      for (const byOperation of byModel.values()) yield* byOperation.values();
    }
  }

  /** Sets how many training jobs are in `state`. */
  setTrainingJobs(state: TrainingJobState, count: number): void {
    this.#trainingJobs.set({ state }, count);
  }

  /** Counts the models of `registry` in the model gauges until the returned function is called. */
  followRegistry(registry: ModelRegistry): () => void {
    this.#followed.add(registry);
    return () => void this.#followed.delete(registry);
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of {@link RuntimeMetrics.text}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The series of `model` in `histogram`, cached in `cache`. */
function modelSeries(
  cache: Map<string, HistogramSeries>,
  histogram: BucketHistogram,
  model: string,
): HistogramSeries {
  let series = cache.get(model);
  if (series === undefined) cache.set(model, series = histogram.series({ model }));
  return series;
}

/**
 * Adds each series' pending `field` count to `counter` under the labels
 * `labelsOf` picks (prom-client calls a counter's `collect` at a scrape) and
 * zeroes it.
 */
function flushPending<Label extends string>(
  counter: Counter<Label>,
  series: Iterable<RequestSeries>,
  field: "requests" | "items" | "failedItems",
  labelsOf: (labels: RequestSeries["labels"]) => Partial<Record<Label, string>>,
): void {
  for (const entry of series) {
    if (entry[field] > 0) counter.inc(labelsOf(entry.labels), entry[field]);
    entry[field] = 0;
  }
}
