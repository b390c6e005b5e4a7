/**
 * One timer for every request deadline in the process. A `setTimeout` and
 * its `clearTimeout` cost ~1.7 µs in Deno 2.8 — a tenth of the runtime's
 * whole per-request budget — and nearly every deadline is cleared long
 * before it fires. The clock keeps deadlines in a binary min-heap and arms
 * a single timer for the earliest; a cancelled deadline is only marked, and
 * the heap is rebuilt from the live ones when the dead outnumber them. When
 * no live deadline is left the timer is cleared, so an idle process (or a
 * test) holds no pending timer.
 *
 * @module
 */

/** A scheduled deadline; cancel it when the work finished in time. */
export interface ScheduledDeadline {
  /** Forgets the deadline: its callback will not run. Idempotent. */
  cancel(): void;
}

interface Entry extends ScheduledDeadline {
  /** When it fires, on the `performance.now()` clock. */
  readonly at: number;
  /** Its callback; null once cancelled or fired. */
  fire: (() => void) | null;
}

/**
 * Deadlines sharing one timer. A class because it holds the heap and the
 * timer; the process uses the one instance behind {@link scheduleDeadline}.
 */
export class DeadlineClock {
  #heap: Entry[] = [];
  #live = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer fires (`performance.now()` clock), or Infinity. */
  #armedAt = Infinity;

  /** Deadlines scheduled and neither cancelled nor fired. */
  get pending(): number {
    return this.#live;
  }

  /**
   * Runs `fire` once `ms` milliseconds have passed since `now` (default:
   * this moment, on the `performance.now()` clock), unless cancelled first.
   */
  schedule(ms: number, fire: () => void, now: number = performance.now()): ScheduledDeadline {
    const entry: Entry = {
      at: now + ms,
      fire,
      cancel: () => this.#cancel(entry),
    };
    this.#push(entry);
    this.#live++;
    if (entry.at < this.#armedAt) this.#arm(entry.at);
    return entry;
  }

  #cancel(entry: Entry): void {
    if (entry.fire === null) return;
    entry.fire = null;
    this.#live--;
    if (this.#live === 0) {
      this.#disarm();
      this.#heap = [];
    } else if (this.#heap.length > 64 && this.#heap.length > 3 * this.#live) {
      this.#rebuild();
    }
  }

  /** Fires every due deadline and arms the timer for the next live one. */
  #tick(): void {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const now = performance.now();
    // Re-read the heap each turn: a callback that cancels deadlines may replace it.
    while (this.#heap.length > 0 && this.#heap[0].at <= now + 1) {
      const entry = this.#pop();
      const fire = entry.fire;
      if (fire === null) continue;
      entry.fire = null;
      this.#live--;
      try {
        fire();
      } catch {
        // A deadline's callback must not stop the others.
      }
    }
    this.#dropDeadHead();
    if (this.#heap.length > 0) this.#arm(this.#heap[0].at);
  }

  /** Arms the timer for `at` (`performance.now()` clock). */
  #arm(at: number): void {
    this.#disarm();
    this.#armedAt = at;
    const ms = Math.max(0, Math.ceil(at - performance.now()));
    // The longest delay setTimeout takes; a later deadline re-arms on the way.
    this.#timer = setTimeout(() => this.#tick(), Math.min(ms, 2 ** 31 - 1));
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedAt = Infinity;
  }

  #dropDeadHead(): void {
    while (this.#heap.length > 0 && this.#heap[0].fire === null) this.#pop();
  }

  #rebuild(): void {
    const live = this.#heap.filter((entry) => entry.fire !== null);
    live.sort((a, b) => a.at - b.at);
    this.#heap = live;
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].at <= entry.at) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = entry;
  }

  #pop(): Entry {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let index = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right].at < heap[left].at ? right : left;
      if (heap[child].at >= last.at) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = last;
    return top;
  }
}

const processClock = new DeadlineClock();

/**
 * Runs `fire` after `ms` milliseconds (from `now`, default this moment) on
 * the process's shared deadline clock, unless the returned deadline is
 * cancelled first.
 */
export function scheduleDeadline(
  ms: number,
  fire: () => void,
  now?: number,
): ScheduledDeadline {
  return processClock.schedule(ms, fire, now);
}
