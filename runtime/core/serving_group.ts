/**
 * The other serving workers of one server, as a worker sees them. With
 * `--workers N` (runtime/workers/) N processes share the ports; each has a
 * {@link ServingGroup} through which the server stays one server to the
 * outside: the first Modzy Status initialises the model everywhere, a
 * Shutdown stops every worker, `/metrics` sums every worker's counts, an
 * operation that changes what is served (Load, Unload, a trained model) is
 * applied on every worker, the work that must happen once (training jobs)
 * runs on the lead worker, and the server is ready only when every worker
 * is. A single-process server has no group.
 *
 * @module
 */
import { type ErrorKind, RuntimeError } from "../base/errors.ts";

/** One worker's metrics, in prom-client's `getMetricsAsJSON()` form, with its number. */
export interface WorkerMetrics {
  /** The worker's number, from 1. */
  readonly worker: number;
  /** Its metrics as prom-client JSON (name, help, type, values, aggregator). */
  readonly metrics: readonly unknown[];
}

/** The worker that runs what must run once (training jobs): worker 1. */
export const LEAD_WORKER = 1;

/** What one worker answered to an operation: its value, or its failure's kind and message. */
export type GroupOutcome =
  | { readonly worker: number; readonly ok: true; readonly value: unknown }
  | {
    readonly worker: number;
    readonly ok: false;
    readonly kind: ErrorKind;
    readonly message: string;
  };

/** What a worker does when the group asks it to run an operation (plain JSON in and out). */
export type GroupHandler = (payload: unknown) => Promise<unknown>;

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
  /**
   * Runs operation `op` with `payload` on every serving worker, this one
   * included (each by the handler it set with {@link ServingGroup.handle}),
   * and resolves with every worker's outcome once all have answered. Such
   * operations apply one at a time, in the order asked, on every worker;
   * with a `key` (e.g. `model:<name>`) the latest one per key is applied
   * again on a worker that restarts, so it serves what the others serve.
   */
  everywhere(op: string, payload: unknown, key?: string): Promise<readonly GroupOutcome[]>;
  /**
   * Runs operation `op` on the lead worker ({@link LEAD_WORKER}) — here, when
   * this is it — and resolves with its value; its failure is thrown as a
   * RuntimeError of the same kind.
   */
  onLead(op: string, payload: unknown): Promise<unknown>;
  /** Sets what this worker does for operation `op`. */
  handle(op: string, handler: GroupHandler): void;
  /** Tells the group whether this worker is ready here (its models ready, not draining). */
  reportReady(ready: boolean): void;
  /** Whether every worker of the group is ready, as last heard (false until heard). */
  allReady(): boolean;
  /** Calls `listener` whenever {@link ServingGroup.allReady} may have changed; returns a function that stops. */
  onReadinessChange(listener: () => void): () => void;
}

/**
 * One answer from every worker's outcome of the same operation: the value
 * `worker` got (or the first) when all succeeded; the failure itself when
 * all failed alike (the caller's mistake, e.g. an unknown name); otherwise
 * a failure of the first failed worker's kind naming which workers failed
 * and which did `what`.
 */
export function oneAnswer(
  outcomes: readonly GroupOutcome[],
  worker: number,
  what: string,
): unknown {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length === 0) {
    const mine = outcomes.find((outcome) => outcome.worker === worker) ?? outcomes[0];
    return mine?.ok ? mine.value : undefined;
  }
  const first = failed[0] as Extract<GroupOutcome, { ok: false }>;
  const alike = failed.every((outcome) =>
    !outcome.ok && outcome.kind === first.kind && outcome.message === first.message
  );
  if (failed.length === outcomes.length && alike) throw new RuntimeError(first.kind, first.message);
  const done = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.worker);
  const reasons = failed.map((outcome) =>
    `worker ${outcome.worker}: ${outcome.ok ? "" : outcome.message}`
  );
  throw new RuntimeError(
    first.kind,
    `${what} failed on ${failed.length} of ${outcomes.length} workers (${reasons.join("; ")})` +
      (done.length > 0 ? `; done on worker ${done.join(", ")}` : ""),
  );
}
