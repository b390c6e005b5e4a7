/**
 * Gradient/hessian histograms of a tree node: for every histogram slot (each
 * active feature's value bins and its missing bin, see bin_mapper.ts) the sum
 * of the gradients, the sum of the hessians and the row count of the node's
 * rows that fall into it, interleaved in one Float64Array. A node's sibling
 * is obtained by subtracting the smaller child's histogram from the
 * parent's, so only the smaller child is ever built from rows.
 *
 * @module
 */
import type { BinMapper } from "./bin_mapper.ts";

/** Numbers per histogram slot: gradient sum, hessian sum, row count, and one unused (alignment). */
export const SLOT_FIELDS = 4;

/** A zeroed histogram for `mapper`'s slots. */
export function newHistogram(mapper: BinMapper): Float64Array {
  return new Float64Array(mapper.slotCount * SLOT_FIELDS);
}

/**
 * Fills `histogram` (overwriting it) from the rows `rows[start..end)` of the
 * binned slot matrix `codes` (row-major, `mapper.features.length` wide),
 * with each binned row's gradient and hessian at `pairs[2 * row]` and
 * `pairs[2 * row + 1]`.
 */
export function buildHistogram(
  histogram: Float64Array,
  mapper: BinMapper,
  codes: Uint16Array,
  rows: Uint32Array,
  start: number,
  end: number,
  pairs: Float64Array,
): void {
  histogram.fill(0);
  const width = mapper.features.length;
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const gradient = pairs[2 * row];
    const hessian = pairs[2 * row + 1];
    const base = row * width;
    for (let feature = 0; feature < width; feature++) {
      const at = codes[base + feature] << 2;
      histogram[at] += gradient;
      histogram[at + 1] += hessian;
      histogram[at + 2] += 1;
    }
  }
}

/** Turns `parent` into the histogram of its other child by subtracting `child` in place. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i];
}
