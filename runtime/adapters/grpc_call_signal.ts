/**
 * A gRPC call's life as an AbortSignal for the core: it aborts when the
 * client cancels or goes away (`cancelled` RuntimeError) and when the
 * client's deadline passes (`timeout` RuntimeError), so queued work for a
 * caller who no longer listens is dropped.
 *
 * @module
 */
import { RuntimeError } from "../errors.ts";
import { type ScheduledDeadline, scheduleDeadline } from "../core/deadline_clock.ts";
import { type CancelSignal, RequestSignal } from "../core/cancel_signal.ts";

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
 * been sent (it clears the deadline timer).
 */
export function callSignal(call: CancellableCall): { signal: CancelSignal } & Disposable {
  const signal = new RequestSignal();
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  const remaining = Number.isFinite(at) ? at - Date.now() : Infinity;
  const expire = () =>
    signal.abort(new RuntimeError("timeout", "the client's deadline passed before the answer"));
  let timer: ScheduledDeadline | undefined;
  if (remaining <= 0) expire();
  else if (Number.isFinite(remaining)) timer = scheduleDeadline(remaining, expire);
  const onCancelled = () => {
    if (signal.aborted) return;
    if (Number.isFinite(at) && Date.now() >= at) expire();
    else signal.abort(new RuntimeError("cancelled", "the client cancelled the call"));
  };
  call.on("cancelled", onCancelled);
  return {
    signal,
    [Symbol.dispose]: () => {
      timer?.cancel();
      call.off?.("cancelled", onCancelled);
    },
  };
}
