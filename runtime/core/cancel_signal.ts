/**
 * Cancellation for the hot path. The core accepts any {@link CancelSignal}
 * — a web `AbortSignal` fits — and the doors and deadlines make
 * {@link RequestSignal}s: the same contract (`aborted`, `reason`, `abort`
 * listeners) kept in a plain array. An `AbortSignal` listener costs ~0.25 µs
 * to add and remove in Deno 2.8 (EventTarget, WebIDL checks), and a request
 * passes through four of them (call, deadline, queue, race); a RequestSignal
 * listener costs a push and a splice.
 *
 * @module
 */

/** What the core needs of a signal; a web `AbortSignal` is one. */
export interface CancelSignal {
  /** True once aborted. */
  readonly aborted: boolean;
  /** Why it aborted (the runtime uses a RuntimeError); undefined before. */
  readonly reason: unknown;
  /** Calls `listener` once when it aborts (never if it already has). */
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  /** Forgets a listener added before. */
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * A signal its owner aborts with {@link RequestSignal.abort}. It belongs to
 * one request: a deadline set on the work done for it (`withDeadline` in
 * deadlines.ts) aborts this signal itself rather than a child, so do not
 * reuse one for a second request. A class because it holds the state and
 * the listeners.
 */
export class RequestSignal implements CancelSignal {
  #aborted = false;
  #reason: unknown = undefined;
  #listeners: (() => void)[] | null = null;

  /** True once aborted. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why it aborted; undefined before. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Calls `listener` once when the signal aborts; nothing if it already has. */
  addEventListener(_type: "abort", listener: () => void): void {
    if (this.#aborted) return;
    (this.#listeners ??= []).push(listener);
  }

  /** Forgets `listener`. */
  removeEventListener(_type: "abort", listener: () => void): void {
    const listeners = this.#listeners;
    if (listeners === null) return;
    const index = listeners.lastIndexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  }

  /**
   * Aborts with `reason` and calls every listener once, in the order they
   * were added; later calls do nothing. A listener that throws does not
   * keep the others from running.
   */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = null;
    if (listeners === null) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // One listener's failure must not keep the others from hearing the abort.
      }
    }
  }
}
