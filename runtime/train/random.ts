/**
 * A small seeded pseudo-random generator (mulberry32) and a Fisher-Yates
 * shuffle on top of it, so that splits are identical on every machine and
 * every run for the same seed.
 *
 * @module
 */

/** A function returning uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Returns a deterministic generator for the 32-bit `seed` (mulberry32).
 *
 * @example
 * ```ts
 * import { seededRandom } from "./random.ts";
 * const next = seededRandom(42);
 * console.log(next() === seededRandom(42)());
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place with the Fisher-Yates algorithm and returns it. */
export function shuffleInPlace<T>(items: T[], random: RandomSource): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = items[i];
    items[i] = items[j];
    items[j] = held;
  }
  return items;
}
