/**
 * Dynamic batching: entries submitted by concurrent callers coalesce into one
 * backend call of at most `maxBatchSize` (counted in entry sizes). The wait is
 * adaptive: when no call is in flight the queue is flushed at once (at the end
 * of the current microtask, so entries submitted together still travel
 * together); while a call is in flight, new entries collect and go out when
 * it returns, when they fill a batch, or after `maxWaitMs` if another call
 * may run beside it. Answers are split back to their callers in order; a
 * caller whose signal aborts leaves the queue at once.
 *
 * @module
 */
import { asRuntimeError, RuntimeError } from "../base/errors.ts";
import type { CancelSignal } from "./cancel_signal.ts";

/**
 * Runs one batch: answers exactly one result per entry, in order. It should
 * not throw for a failing entry (return that entry's failure as its result);
 * if it throws or miscounts anyway, every caller with an entry in the batch
 * fails with that error.
 */
export type BatchRunner<Entry, Result> = (entries: readonly Entry[]) => Promise<Result[]>;

/** How a {@link Batcher} groups entries. */
export interface BatcherOptions<Entry> {
  /** Largest batch, in entry sizes (an entry larger than this travels alone). */
  readonly maxBatchSize: number;
  /** Longest an entry waits for companions while the backend is busy, in ms. */
  readonly maxWaitMs: number;
  /** Backend calls that may run at once (the wait ends early only to use a free slot). */
  readonly maxConcurrentCalls: number;
  /** The size of an entry (rows of a tensor request); 1 when absent. */
  readonly sizeOf?: (entry: Entry) => number;
  /**
   * Hears each backend call as it starts: its size (in entry sizes) and, per
   * submission with entries in it, how long that submission had waited, in
   * ms (for metrics; must be cheap).
   */
  readonly onBatch?: (size: number, waitedMs: readonly number[]) => void;
}

/** Defaults: a 1 ms wait and two calls at once. */
export const DEFAULT_MAX_WAIT_MS = 1;
/** Backend calls in flight at once by default. */
export const DEFAULT_MAX_CONCURRENT_CALLS = 2;

/** One caller's submission: its entries' answers and how to settle it. */
interface Ticket<Result> {
  readonly results: Result[];
  pending: number;
  settled: boolean;
  readonly resolve: (results: Result[]) => void;
  readonly reject: (error: RuntimeError) => void;
  readonly signal: CancelSignal | undefined;
  readonly onAbort: (() => void) | undefined;
  /** When it was queued (performance.now), kept only when someone listens to batches. */
  readonly queuedAt: number;
}

/** One queued entry: which ticket it answers and where. */
interface Slot<Entry, Result> {
  readonly ticket: Ticket<Result>;
  readonly index: number;
  readonly entry: Entry;
  readonly size: number;
}

/**
 * Coalesces concurrent submissions into backend calls. A class because it
 * holds the queue and the count of calls in flight.
 *
 * @example
 * ```ts
 * import { Batcher } from "./batcher.ts";
 * const double = new Batcher(
 *   (xs: readonly number[]) => Promise.resolve(xs.map((x) => x * 2)),
 *   { maxBatchSize: 8, maxWaitMs: 1, maxConcurrentCalls: 1 },
 * );
 * const [a, b] = await Promise.all([double.submit([1, 2]), double.submit([3])]);
 * console.log(a, b); // [2, 4] [6] — one backend call
 * ```
 */
export class Batcher<Entry, Result> {
  readonly #run: BatchRunner<Entry, Result>;
  readonly #maxBatchSize: number;
  readonly #maxWaitMs: number;
  readonly #maxConcurrentCalls: number;
  readonly #sizeOf: ((entry: Entry) => number) | undefined;
  readonly #onBatch: ((size: number, waitedMs: readonly number[]) => void) | undefined;
  #queue: Slot<Entry, Result>[] = [];
  #queuedSize = 0;
  #inFlight = 0;
  #flushScheduled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Creates a batcher that calls `run` with batches chosen by `options`. */
  constructor(run: BatchRunner<Entry, Result>, options: BatcherOptions<Entry>) {
    this.#run = run;
    this.#maxBatchSize = Math.max(1, Math.floor(options.maxBatchSize));
    this.#maxWaitMs = Math.max(0, options.maxWaitMs);
    this.#maxConcurrentCalls = Math.max(1, Math.floor(options.maxConcurrentCalls));
    this.#sizeOf = options.sizeOf;
    this.#onBatch = options.onBatch;
  }

  /** Backend calls running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Entries waiting for a backend call. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Queues `entries` and resolves with one result per entry, in order, once
   * every entry has been answered (entries may travel in different batches).
   * When `signal` aborts before that, the caller's queued entries leave the
   * queue and the promise rejects with the signal's RuntimeError reason, or a
   * `cancelled` RuntimeError.
   */
  submit(entries: readonly Entry[], signal?: CancelSignal): Promise<Result[]> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (entries.length === 0) return Promise.resolve([]);
    return new Promise<Result[]>((resolve, reject) => {
      const onAbort = signal ? () => this.#cancel(ticket) : undefined;
      const ticket: Ticket<Result> = {
        results: new Array(entries.length),
        pending: entries.length,
        settled: false,
        resolve,
        reject,
        signal,
        onAbort,
        queuedAt: this.#onBatch ? performance.now() : 0,
      };
      if (signal && onAbort) signal.addEventListener("abort", onAbort, { once: true });
      const sizeOf = this.#sizeOf;
      for (let index = 0; index < entries.length; index++) {
        const entry = entries[index];
        const size = sizeOf ? Math.max(1, sizeOf(entry)) : 1;
        this.#queue.push({ ticket, index, entry, size });
        this.#queuedSize += size;
      }
      this.#schedule();
    });
  }

  /** Decides when the queue goes out: now, at the end of this microtask, or after the wait. */
  #schedule(): void {
    if (this.#queue.length === 0) return;
    if (this.#inFlight === 0) {
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        queueMicrotask(() => {
          this.#flushScheduled = false;
          this.#flush();
        });
      }
      return;
    }
    if (this.#inFlight >= this.#maxConcurrentCalls) return;
    if (this.#queuedSize >= this.#maxBatchSize) {
      this.#flush();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      if (this.#inFlight < this.#maxConcurrentCalls) this.#flush();
    }, this.#maxWaitMs);
  }

  /** Starts backend calls while there are entries and free call slots. */
  #flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#queue.length > 0 && this.#inFlight < this.#maxConcurrentCalls) {
      const batch = this.#take();
      void this.#call(batch);
      // A second call beside a running one only when a full batch is waiting.
      if (this.#queuedSize < this.#maxBatchSize) break;
    }
    if (this.#queue.length > 0 && this.#inFlight < this.#maxConcurrentCalls) this.#schedule();
  }

  /** Removes the next batch from the head of the queue. */
  #take(): Slot<Entry, Result>[] {
    const queue = this.#queue;
    let size = 0;
    let count = 0;
    while (count < queue.length) {
      const next = queue[count].size;
      if (count > 0 && size + next > this.#maxBatchSize) break;
      size += next;
      count++;
    }
    this.#queuedSize -= size;
    if (count === queue.length) {
      this.#queue = [];
      return queue;
    }
    return queue.splice(0, count);
  }

  async #call(batch: Slot<Entry, Result>[]): Promise<void> {
    this.#inFlight++;
    const entries = new Array<Entry>(batch.length);
    for (let i = 0; i < batch.length; i++) entries[i] = batch[i].entry;
    if (this.#onBatch) this.#report(batch, this.#onBatch);
    try {
      const results = await this.#run(entries);
      if (!Array.isArray(results) || results.length !== batch.length) {
        throw new RuntimeError(
          "internal",
          `the batch runner answered ${
            Array.isArray(results) ? results.length : "no"
          } results for ${batch.length} entries`,
        );
      }
      for (let i = 0; i < batch.length; i++) this.#answer(batch[i], results[i]);
    } catch (error) {
      const failure = asRuntimeError(error);
      for (const slot of batch) this.#fail(slot.ticket, failure);
    } finally {
      this.#inFlight--;
      if (this.#queue.length > 0) this.#flush();
    }
  }

  /** Tells the listener the batch's size and each submission's wait. */
  #report(
    batch: readonly Slot<Entry, Result>[],
    onBatch: (size: number, waitedMs: readonly number[]) => void,
  ): void {
    const now = performance.now();
    const waited: number[] = [];
    let size = 0;
    let previous: Ticket<Result> | null = null;
    for (const slot of batch) {
      size += slot.size;
      if (slot.ticket !== previous) waited.push(now - slot.ticket.queuedAt);
      previous = slot.ticket;
    }
    try {
      onBatch(size, waited);
    } catch {
      // A listener's failure must not fail the requests.
    }
  }

  #answer(slot: Slot<Entry, Result>, result: Result): void {
    const ticket = slot.ticket;
    if (ticket.settled) return;
    ticket.results[slot.index] = result;
    if (--ticket.pending === 0) {
      ticket.settled = true;
      this.#detach(ticket);
      ticket.resolve(ticket.results);
    }
  }

  #fail(ticket: Ticket<Result>, error: RuntimeError): void {
    if (ticket.settled) return;
    ticket.settled = true;
    this.#detach(ticket);
    this.#removeQueued(ticket);
    ticket.reject(error);
  }

  #cancel(ticket: Ticket<Result>): void {
    if (ticket.signal) this.#fail(ticket, abortError(ticket.signal));
  }

  #detach(ticket: Ticket<Result>): void {
    if (ticket.signal && ticket.onAbort) {
      ticket.signal.removeEventListener("abort", ticket.onAbort);
    }
  }

  /** Drops a settled ticket's entries that still wait in the queue. */
  #removeQueued(ticket: Ticket<Result>): void {
    if (!this.#queue.some((slot) => slot.ticket === ticket)) return;
    this.#queue = this.#queue.filter((slot) => {
      if (slot.ticket !== ticket) return true;
      this.#queuedSize -= slot.size;
      return false;
    });
  }
}

/** The error a caller gets when its signal aborts: the reason when it is a RuntimeError. */
function abortError(signal: CancelSignal): RuntimeError {
  const reason: unknown = signal.reason;
  if (reason instanceof RuntimeError) return reason;
  return new RuntimeError("cancelled", "the request was cancelled before the model answered", {
    cause: reason,
  });
}
