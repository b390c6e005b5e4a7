/**
 * A Prometheus histogram whose hot path is a few additions. prom-client's
 * `Histogram.observe` validates and hashes the label object on every call
 * (~0.5 µs, several times per request); this histogram hands its caller a
 * {@link HistogramSeries} per label set once, and observing into it only
 * finds the bucket and adds. It registers in a prom-client `Registry` and
 * answers `get()`/`getForPromString()` in prom-client's own value format, so
 * the exposition text (and `getMetricsAsJSON`) is prom-client's.
 *
 * @module
 */
import type { Registry } from "prom-client";

/** One label set's counts; obtain it with {@link BucketHistogram.series} and keep it. */
export interface HistogramSeries {
  /** The label values of this series. */
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket (not cumulative); the last one is `+Inf`. */
  readonly counts: Float64Array;
  /** Sum of the observed values. */
  sum: number;
  /** Number of observations. */
  count: number;
}

/** How to make a {@link BucketHistogram}. */
export interface BucketHistogramConfig {
  /** Metric name. */
  readonly name: string;
  /** Help text. */
  readonly help: string;
  /** Upper bounds of the buckets, ascending (`+Inf` is implied). */
  readonly buckets: readonly number[];
  /** Registries to register in now (none: register it later with `registerMetric`). */
  readonly registers?: readonly Registry[];
}

/** One exported sample in prom-client's format. */
interface Sample {
  labels: Record<string, string | number>;
  sharedLabels?: Readonly<Record<string, string>>;
  value: number;
  metricName: string;
}

/**
 * A histogram metric with pre-resolved series. A class because prom-client
 * registries hold metric objects.
 */
export class BucketHistogram {
  /** Metric name. */
  readonly name: string;
  /** Help text. */
  readonly help: string;
  /** Prometheus metric type. */
  readonly type = "histogram";
  /** How prom-client merges it across cluster workers. */
  readonly aggregator = "sum";
  readonly #bounds: readonly number[];
  readonly #series = new Map<string, HistogramSeries>();

  /** Creates the histogram and registers it in `config.registers`. */
  constructor(config: BucketHistogramConfig) {
    this.name = config.name;
    this.help = config.help;
    this.#bounds = [...config.buckets].sort((a, b) => a - b);
    for (const registry of config.registers ?? []) {
      registry.registerMetric(this as unknown as Parameters<Registry["registerMetric"]>[0]);
    }
  }

  /**
   * The series of `labels`, created at zero on first use. Call it once per
   * label set and keep the result: this lookup is the slow part.
   */
  series(labels: Readonly<Record<string, string>>): HistogramSeries {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    let series = this.#series.get(key);
    if (series === undefined) {
      series = {
        labels: { ...labels },
        counts: new Float64Array(this.#bounds.length + 1),
        sum: 0,
        count: 0,
      };
      this.#series.set(key, series);
    }
    return series;
  }

  /** Adds one observation of `value` to `series`; non-finite values are ignored. */
  observe(series: HistogramSeries, value: number): void {
    if (!Number.isFinite(value)) return;
    const bounds = this.#bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]) bucket++;
    series.counts[bucket]++;
    series.sum += value;
    series.count++;
  }

  /** Sets every series back to zero. */
  reset(): void {
    for (const series of this.#series.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }

  /** The samples with series labels kept apart (what `Registry.metrics()` formats). */
  getForPromString(): {
    name: string;
    help: string;
    type: string;
    values: Sample[];
    aggregator: string;
  } {
    const values: Sample[] = [];
    for (const series of this.#series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.#bounds.length; i++) {
        cumulative += series.counts[i];
        values.push({
          labels: { le: this.#bounds[i] },
          sharedLabels: series.labels,
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      }
      const shared = series.labels;
      values.push(
        {
          labels: { le: "+Inf" },
          sharedLabels: shared,
          value: series.count,
          metricName: `${this.name}_bucket`,
        },
        { labels: {}, sharedLabels: shared, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels: shared, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }

  /** The samples with every label on each (`Registry.getMetricsAsJSON()`). */
  get(): { name: string; help: string; type: string; values: Sample[]; aggregator: string } {
    const data = this.getForPromString();
    data.values = data.values.map(({ labels, sharedLabels, value, metricName }) => ({
      labels: { ...labels, ...sharedLabels },
      value,
      metricName,
    }));
    return data;
  }
}
