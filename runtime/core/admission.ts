/**
 * Admission control: a bound on the requests working at once and on the
 * requests waiting for a turn. Beyond both, a request is refused at once
 * with a `resource_exhausted` RuntimeError, so a flood of callers can never
 * grow the server's memory without bound. A waiting request whose signal
 * aborts (client gone, deadline passed) leaves the line without running.
 *
 * @module
 */
import { RuntimeError } from "../errors.ts";

/** How many requests may work and wait. */
export interface AdmissionLimits {
  /** Requests working at once (running in the model or its batcher); default 64. */
  readonly maxConcurrentRequests?: number;
  /** Requests waiting for a turn beyond those; default 256 (0: refuse at once). */
  readonly maxQueuedRequests?: number;
}

/** Requests working at once by default. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
/** Requests waiting for a turn by default. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 256;

/** Gives the turn back; call exactly once (later calls do nothing). */
export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly refuse: (error: RuntimeError) => void;
}

/**
 * A counting gate with a bounded line. A class because it holds the counts
 * and the line of waiters.
 *
 * @example
 * ```ts
 * import { AdmissionGate } from "./admission.ts";
 * const gate = new AdmissionGate({ maxConcurrentRequests: 1, maxQueuedRequests: 0 });
 * const release = await gate.enter();
 * await gate.enter().catch((error) => console.log(error.kind)); // resource_exhausted
 * release();
 * ```
 */
export class AdmissionGate {
  readonly #maxWorking: number;
  readonly #maxWaiting: number;
  #working = 0;
  readonly #line: Waiter[] = [];

  /** Creates a gate with `limits` (defaults: 64 working, 256 waiting). */
  constructor(limits: AdmissionLimits = {}) {
    this.#maxWorking = Math.max(
      1,
      Math.floor(limits.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS),
    );
    this.#maxWaiting = Math.max(
      0,
      Math.floor(limits.maxQueuedRequests ?? DEFAULT_MAX_QUEUED_REQUESTS),
    );
  }

  /** Requests working now. */
  get working(): number {
    return this.#working;
  }

  /** Requests waiting for a turn now. */
  get waiting(): number {
    return this.#line.length;
  }

  /**
   * Waits for a turn and resolves with its release. Rejects at once with
   * `resource_exhausted` when the line is full, and with the signal's
   * RuntimeError reason (or a `cancelled` error) when `signal` aborts first.
   */
  enter(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#working < this.#maxWorking) {
      this.#working++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#line.length >= this.#maxWaiting) {
      return Promise.reject(
        new RuntimeError(
          "resource_exhausted",
          `the server is at capacity (${this.#maxWorking} requests working, ` +
            `${this.#maxWaiting} waiting); retry later`,
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#line.indexOf(waiter);
        if (index >= 0) this.#line.splice(index, 1);
        reject(abortReason(signal!));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
        refuse: reject,
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#line.push(waiter);
    });
  }

  /** Runs `work` in a turn (see {@link AdmissionGate.enter}) and releases it after. */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.enter(signal);
    try {
      return await work();
    } finally {
      release();
    }
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#line.shift();
      if (next) next.grant(this.#releaser());
      else this.#working--;
    };
  }
}

/** The error of an aborted signal: its reason when that is a RuntimeError. */
export function abortReason(signal: AbortSignal): RuntimeError {
  const reason: unknown = signal.reason;
  if (reason instanceof RuntimeError) return reason;
  return new RuntimeError("cancelled", "the request was cancelled before the model answered", {
    cause: reason,
  });
}
