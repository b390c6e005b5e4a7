/**
 * Deadlines as AbortSignals: a request's own signal (client deadline or
 * cancellation) combined with the model's `timeout.run`/`timeout.status`
 * from model.yaml. When time runs out the signal aborts with a `timeout`
 * RuntimeError as its reason, so every layer that honours the signal fails
 * with the right kind.
 *
 * @module
 */
import { RuntimeError } from "../base/errors.ts";
import { scheduleDeadline } from "./deadline_clock.ts";
import { type CancelSignal, RequestSignal } from "./cancel_signal.ts";

/** The signal of work with no deadline and no parent: it never aborts and keeps no listeners. */
const NEVER_ABORTS: CancelSignal = {
  aborted: false,
  reason: undefined,
  addEventListener: noop,
  removeEventListener: noop,
};

function noop(): void {}

/** A signal that aborts at a deadline or with its parent; dispose it when done. */
export interface Deadline extends Disposable {
  /** Aborts with the parent's reason, or a `timeout` RuntimeError after `ms`. */
  readonly signal: CancelSignal;
}

/**
 * A signal that aborts when `parent` aborts or after `ms` milliseconds (no
 * timer when `ms` is 0 or not finite), with a `timeout` error whose message
 * says `what` ran out of time (a function is called only then, so the hot
 * path builds no message). `now` (performance.now()), when the caller has
 * just read the clock, saves reading it again. When `parent` is a
 * {@link RequestSignal} (a request's own), the deadline aborts it directly
 * and it is the signal returned. Dispose it to clear the timer.
 *
 * @example
 * ```ts
 * import { withDeadline } from "./deadlines.ts";
 * using deadline = withDeadline(undefined, 10, "the run");
 * await new Promise((r) => setTimeout(r, 20));
 * console.log(deadline.signal.aborted); // true
 * ```
 */
export function withDeadline(
  parent: CancelSignal | undefined,
  ms: number,
  what: string | (() => string),
  now?: number,
): Deadline {
  const hasTimer = Number.isFinite(ms) && ms > 0;
  if (!hasTimer) return { signal: parent ?? NEVER_ABORTS, [Symbol.dispose]: noop };
  const expire = () => timeoutError(typeof what === "string" ? what : what(), ms);
  if (parent instanceof RequestSignal) {
    // A request's own signal takes the deadline itself: no second signal, no listener.
    const deadline = scheduleDeadline(ms, () => parent.abort(expire()), now);
    return { signal: parent, [Symbol.dispose]: deadline.cancel };
  }
  const signal = new RequestSignal();
  const onParentAbort = () => signal.abort(parent!.reason);
  if (parent?.aborted) signal.abort(parent.reason);
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  // The shared clock, not a timer per request (see deadline_clock.ts).
  const timer = scheduleDeadline(ms, () => signal.abort(expire()), now);
  return {
    signal,
    [Symbol.dispose]: () => {
      timer.cancel();
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}

/** The `timeout` error of `what` after `ms` milliseconds. */
export function timeoutError(what: string, ms: number): RuntimeError {
  return new RuntimeError("timeout", `${what} did not finish within ${formatMs(ms)}`);
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as
 * `signal` aborts (the work itself goes on; its result is dropped).
 */
export function raceSignal<T>(work: Promise<T>, signal: CancelSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
