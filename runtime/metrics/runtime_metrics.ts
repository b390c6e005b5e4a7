/**
 * The runtime's Prometheus metrics: requests, errors and latency per door
 * and model, items of Modzy runs, queue time and batch sizes (fed by the
 * batcher), models by state, training jobs by state (set by the trainer) and
 * process figures. Scraped as text at `/metrics`.
 *
 * Everything is counted by hand in plain numbers — on the hot path an
 * observation is a map lookup and a few additions — and prom-client, which
 * formats the exposition, is loaded and fed only at the first scrape
 * (metrics_exposition.ts).
 *
 * @module
 */
import type { Registry } from "prom-client";
import type { RequestRecord } from "../core/data_plane.ts";
import type { ModelRegistry } from "../core/registry.ts";
import { BucketHistogram, type HistogramSeries } from "./bucket_histogram.ts";
import {
  metricsRegistry,
  type MetricsState,
  PROMETHEUS_CONTENT_TYPE,
  type RequestLabels,
  type RequestTotals,
} from "./metrics_exposition.ts";
import { mergedWorkerMetricsText } from "./worker_metrics.ts";
import type { WorkerMetrics } from "../core/serving_group.ts";

/** States a training job can be in, as the trainer reports them. */
export type TrainingJobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** The totals of one door × model × operation and its latency series. */
interface RequestSeries extends RequestTotals {
  readonly latency: HistogramSeries;
}

/**
 * One set of metrics. A class because it holds the counts and the model
 * registries it follows.
 */
export class RuntimeMetrics {
  readonly #latency = new BucketHistogram({
    name: "model_runtime_request_duration_seconds",
    help: "Time from a request reaching the data plane to its answer.",
    buckets: LATENCY_BUCKETS,
  });
  readonly #queue = new BucketHistogram({
    name: "model_runtime_queue_seconds",
    help: "Time a request waited before its batch started running, by model.",
    buckets: LATENCY_BUCKETS,
  });
  readonly #batches = new BucketHistogram({
    name: "model_runtime_batch_size",
    help: "Items (or tensor rows) per model call, by model.",
    buckets: BATCH_BUCKETS,
  });
  /** Request totals by door, then model, then operation. */
  readonly #requestSeries = new Map<string, Map<string, Map<string, RequestSeries>>>();
  readonly #errors = new Map<string, { labels: RequestLabels & { kind: string }; count: number }>();
  readonly #queueSeries = new Map<string, HistogramSeries>();
  readonly #batchSeries = new Map<string, HistogramSeries>();
  readonly #trainingJobs = new Map<string, number>();
  readonly #followed = new Set<ModelRegistry>();
  #registry: Promise<Registry> | undefined;
  #gather: (() => Promise<readonly WorkerMetrics[]>) | null = null;

  /** Counts one request the data plane answered (hook it to the DataPlane observer). */
  observeRequest(record: RequestRecord): void {
    const series = this.#seriesOf(record.door, record.model, record.operation);
    series.requests++;
    this.#latency.observe(series.latency, record.ms / 1000);
    if (record.error) this.#countError(series.labels, record.error.kind);
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

  /**
   * Records one batched model call of `model`: its `size` and how long each
   * request in it waited, in milliseconds (the shape of a host factory's
   * batch observer).
   */
  observeBatch(model: string, size: number, waitedMs: readonly number[]): void {
    this.observeBatchSize(model, size);
    for (const ms of waitedMs) this.observeQueueTime(model, ms / 1000);
  }

  /** Sets how many training jobs are in `state`. */
  setTrainingJobs(state: TrainingJobState, count: number): void {
    this.#trainingJobs.set(state, count);
  }

  /** Counts the models of `registry` in the model gauges until the returned function is called. */
  followRegistry(registry: ModelRegistry): () => void {
    this.#followed.add(registry);
    return () => void this.#followed.delete(registry);
  }

  /**
   * The Prometheus text exposition of every metric (prom-client is loaded at
   * the first call); with {@link RuntimeMetrics.gatherWith}, every worker's
   * merged (worker_metrics.ts).
   */
  async text(): Promise<string> {
    if (this.#gather) return await mergedWorkerMetricsText(await this.#gather());
    this.#registry ??= metricsRegistry(this.#state());
    return await (await this.#registry).metrics();
  }

  /** This process's metrics as prom-client JSON (what another worker merges). */
  async snapshot(): Promise<unknown[]> {
    this.#registry ??= metricsRegistry(this.#state());
    return await (await this.#registry).getMetricsAsJSON();
  }

  /**
   * Makes {@link RuntimeMetrics.text} answer for a whole group of serving
   * workers: `gather` returns every worker's {@link RuntimeMetrics.snapshot}.
   */
  gatherWith(gather: () => Promise<readonly WorkerMetrics[]>): void {
    this.#gather = gather;
  }

  /** The content type of {@link RuntimeMetrics.text}. */
  get contentType(): string {
    return PROMETHEUS_CONTENT_TYPE;
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

  #countError(labels: RequestLabels, kind: string): void {
    const key = `${labels.door}\0${labels.model}\0${labels.operation}\0${kind}`;
    const entry = this.#errors.get(key);
    if (entry) entry.count++;
    else this.#errors.set(key, { labels: { ...labels, kind }, count: 1 });
  }

  #state(): MetricsState {
    const requestSeries = this.#requestSeries;
    return {
      *requestTotals() {
        for (const byModel of requestSeries.values()) {
          for (const byOperation of byModel.values()) yield* byOperation.values();
        }
      },
      errors: this.#errors,
      latency: this.#latency,
      queue: this.#queue,
      batches: this.#batches,
      trainingJobs: this.#trainingJobs,
      followed: this.#followed,
    };
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
