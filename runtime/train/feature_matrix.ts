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

/** True when a table of `rows` rows and `columns` feature columns is held in double precision. */
export function keepsDoublePrecision(rows: number, columns: number): boolean {
  return rows * columns <= DOUBLE_PRECISION_CELLS;
}

/** A zeroed matrix of `length` values of the same precision as `like`. */
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
