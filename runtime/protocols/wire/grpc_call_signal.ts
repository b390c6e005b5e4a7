/**
 * A gRPC call's life as an AbortSignal for the core: it aborts when the
 * client cancels or goes away (`cancelled` RuntimeError) and when the
 * client's deadline passes (`timeout` RuntimeError), so queued work for a
 * caller who no longer listens is dropped.
 *
 * @module
 */
import { RuntimeError } from "../../base/errors.ts";
import { type ScheduledDeadline, scheduleDeadline } from "../../core/deadline_clock.ts";
import { type CancelSignal, RequestSignal } from "../../core/cancel_signal.ts";

/** The parts of a grpc-js server call this needs. */
export interface CancellableCall {
  /** The client's deadline (Infinity when none). */
  getDeadline(): Date | number;
  /** Emits `cancelled` when the client cancels, disconnects or its deadline passes. */
  on(event: "cancelled", listener: () => void): unknown;
  /** Removes a listener. */
  off?(event: "cancelled", listener: () => void): unknown;
}

/**
 * The signal of `call`. Dispose of the returned handle when the answer has
 * been sent (it forgets the deadline and the cancellation listener).
 */
export function callSignal(call: CancellableCall): { signal: CancelSignal } & Disposable {
  return new CallSignal(call);
}

/** A call's signal and its own handle: one object per call (the hot path allocates little). */
class CallSignal extends RequestSignal implements Disposable {
  readonly #call: CancellableCall;
  /** The client's deadline (ms since the epoch), or Infinity. */
  readonly #at: number;
  #timer: ScheduledDeadline | undefined;
  readonly #onCancelled = () => {
    if (this.aborted) return;
    if (Date.now() >= this.#at) this.#expire();
    else this.abort(new RuntimeError("cancelled", "the client cancelled the call"));
  };

  constructor(call: CancellableCall) {
    super();
    this.#call = call;
    const deadline = call.getDeadline();
    this.#at = deadline instanceof Date ? deadline.getTime() : Number(deadline);
    if (Number.isFinite(this.#at)) {
      const remaining = this.#at - Date.now();
      if (remaining <= 0) this.#expire();
      else this.#timer = scheduleDeadline(remaining, () => this.#expire());
    }
    call.on("cancelled", this.#onCancelled);
  }

  /** The handle's signal: itself. */
  get signal(): CancelSignal {
    return this;
  }

  #expire(): void {
    this.abort(new RuntimeError("timeout", "the client's deadline passed before the answer"));
  }

  [Symbol.dispose](): void {
    this.#timer?.cancel();
    this.#call.off?.("cancelled", this.#onCancelled);
  }
}
