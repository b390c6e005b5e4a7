/**
 * The other serving workers of one server, as a worker sees them. With
 * `--workers N` (runtime/workers/) N processes share the ports; each has a
 * {@link ServingGroup} through which the server stays one server to the
 * outside: the first Modzy Status initialises the model everywhere, a
 * Shutdown stops every worker, and `/metrics` sums every worker's counts.
 * A single-process server has no group.
 *
 * @module
 */

/** One worker's metrics, in prom-client's `getMetricsAsJSON()` form, with its number. */
export interface WorkerMetrics {
  /** The worker's number, from 1. */
  readonly worker: number;
  /** Its metrics as prom-client JSON (name, help, type, values, aggregator). */
  readonly metrics: readonly unknown[];
}

/** What a serving worker can ask of the whole group. */
export interface ServingGroup {
  /** This worker's number, from 1. */
  readonly worker: number;
  /**
   * Reports that `model` answered a Status here (already initialised here).
   * Resolves true for the first report of the whole server — after every
   * other worker has initialised `model` too — and false for later ones.
   */
  reportInitialized(model: string): Promise<boolean>;
  /** Asks every worker to drain and stop (the Modzy Shutdown RPC). */
  requestStop(): void;
  /** Every live worker's metrics, this one's included. */
  gatherMetrics(): Promise<readonly WorkerMetrics[]>;
}
