/**
 * The encoded feature matrix a trainer reads: row-major typed storage, in
 * double precision for a small table and in float32 — the precision the
 * exported model computes in — for a large one, so a million rows of fifty
 * inputs take 200 MB rather than 400 MB. Which one is decided from the
 * table's size alone ({@link DOUBLE_PRECISION_CELLS}), so the same data is
 * always held, and trained on, the same way.
 *
 * @module
 */

/** A row-major matrix of encoded features (NaN where a numeric cell is missing). */
export type FeatureMatrix = Float32Array | Float64Array;

/** Tables of at most this many feature cells (rows × feature columns) keep double precision. */
export const DOUBLE_PRECISION_CELLS = 4_194_304;

/**
 * A typed array of `length` values in a buffer of its own allocated in whole
 * pages (a resizable buffer of fixed size), so releasing it gives the pages
 * back to the system at once instead of leaving holes in the heap. (Reading
 * such a buffer is a little slower: for storage that streams in, not for
 * hot loops.)
 */
export function pagedArray<T extends Float64Array | Float32Array | Int32Array>(
  type: { new (buffer: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number },
  length: number,
): T {
  const bytes = length * type.BYTES_PER_ELEMENT;
  return new type(new ArrayBuffer(bytes, { maxByteLength: bytes }));
}

/**
 * A zeroed matrix of `length` values of the same precision as `like` (a
 * plain buffer: hot loops read it; one this large is mapped by the system
 * allocator, so releasing it gives its memory back as well).
 */
export function matrixLike(like: FeatureMatrix, length: number): FeatureMatrix {
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** The listed rows of the row-major `features` (`width` per row), copied in order. */
export function gatherRows(
  features: FeatureMatrix,
  width: number,
  rows: ArrayLike<number>,
): FeatureMatrix {
  const out = matrixLike(features, rows.length * width);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    out.set(features.subarray(row * width, (row + 1) * width), index * width);
  }
  return out;
}

/**
 * Gives the memory of `array`'s buffer back at once rather than at the next
 * garbage collection (the buffer is detached: `array` is empty afterwards).
 * For the large temporary copies of a fit, so they do not pile up.
 */
export function releaseArray(array: { readonly buffer: ArrayBufferLike }): void {
  const buffer = array.buffer;
  if (buffer instanceof ArrayBuffer && !buffer.detached) buffer.transfer(0);
}
