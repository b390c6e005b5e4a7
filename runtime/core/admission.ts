/**
 * Admission control: a bound on the requests working at once and on the
 * requests waiting for a turn. Beyond both, a request is refused at once
 * with a `resource_exhausted` RuntimeError, so a flood of callers can never
 * grow the server's memory without bound. A waiting request whose signal
 * aborts (client gone, deadline passed) leaves the line without running.
 *
 * @module
 */
import { RuntimeError } from "../base/errors.ts";
import type { CancelSignal } from "./cancel_signal.ts";

/** How many requests may work and wait. */
export interface AdmissionLimits {
  /** Requests working at once (running in the model or its batcher); default 64. */
  readonly maxConcurrentRequests?: number;
  /** Requests waiting for a turn beyond those; default 256 (0: refuse at once). */
  readonly maxQueuedRequests?: number;
  /**
   * Bytes of request payload waiting for a turn; default 512 MiB. A request
   * that would go beyond it waits only when nothing else waits (so one
   * request of the largest allowed message size can always wait).
   */
  readonly maxQueuedBytes?: number;
}

/** Requests working at once by default. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
/** Requests waiting for a turn by default. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 256;
/** Payload bytes waiting for a turn by default: 512 MiB. */
export const DEFAULT_MAX_QUEUED_BYTES = 512 * 1024 * 1024;

/** Gives the turn back; call exactly once (later calls do nothing). */
export type Release = () => void;

interface Waiter {
  readonly bytes: number;
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
  readonly #maxWaitingBytes: number;
  #waitingBytes = 0;
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
    this.#maxWaitingBytes = Math.max(0, limits.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES);
  }

  /** Payload bytes waiting for a turn now. */
  get waitingBytes(): number {
    return this.#waitingBytes;
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
   * `resource_exhausted` when the line is full (in requests, or in payload
   * `bytes` of the waiting requests), and with the signal's RuntimeError
   * reason (or a `cancelled` error) when `signal` aborts first.
   */
  enter(signal?: CancelSignal, bytes = 0): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#working < this.#maxWorking) {
      this.#working++;
      return Promise.resolve(this.#releaser());
    }
    const overBytes = this.#line.length > 0 &&
      this.#waitingBytes + bytes > this.#maxWaitingBytes;
    if (this.#line.length >= this.#maxWaiting || overBytes) {
      return Promise.reject(
        new RuntimeError(
          "resource_exhausted",
          overBytes
            ? `the server is at capacity (${this.#waitingBytes} bytes of requests waiting, ` +
              `at most ${this.#maxWaitingBytes}); retry later`
            : `the server is at capacity (${this.#maxWorking} requests working, ` +
              `${this.#maxWaiting} waiting); retry later`,
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#line.indexOf(waiter);
        if (index >= 0) {
          this.#line.splice(index, 1);
          this.#waitingBytes -= waiter.bytes;
        }
        reject(abortReason(signal!));
      };
      const waiter: Waiter = {
        bytes,
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
        refuse: reject,
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#line.push(waiter);
      this.#waitingBytes += bytes;
    });
  }

  /**
   * A turn at once when one is free and `signal` has not aborted, else null
   * (then {@link AdmissionGate.enter} decides: wait, or refuse). Never waits.
   */
  tryEnter(signal?: CancelSignal): Release | null {
    if (signal?.aborted || this.#working >= this.#maxWorking) return null;
    this.#working++;
    return this.#releaser();
  }

  /** Runs `work` in a turn (see {@link AdmissionGate.enter}) and releases it after. */
  async run<T>(work: () => Promise<T>, signal?: CancelSignal, bytes = 0): Promise<T> {
    const release = await this.enter(signal, bytes);
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
      if (next) {
        this.#waitingBytes -= next.bytes;
        next.grant(this.#releaser());
      } else this.#working--;
    };
  }
}

/** The error of an aborted signal: its reason when that is a RuntimeError. */
export function abortReason(signal: CancelSignal): RuntimeError {
  const reason: unknown = signal.reason;
  if (reason instanceof RuntimeError) return reason;
  return new RuntimeError("cancelled", "the request was cancelled before the model answered", {
    cause: reason,
  });
}
