/**
 * Feature binning for histogram-based boosting: each feature's values on the
 * fitting rows are cut into at most {@link MAX_BINS} bins at thresholds taken
 * between distinct values (every distinct value its own bin when there are
 * few, quantiles otherwise), plus one bin for missing values (NaN). Values
 * are compared as float32, exactly as onnxruntime compares the float32
 * `features` tensor with the float32 thresholds of an exported tree, so a
 * row lands in the same branch in training, in the trainer's prediction and
 * in the exported model. Features that can not split the fitting rows
 * (a single value and no missing ones) are left out of the binned matrix.
 *
 * @module
 */

/** Most value bins per feature (the missing bin comes on top). */
export const MAX_BINS = 255;
/** Most histogram slots over all features, so a slot index fits 16 bits. */
export const MAX_SLOTS = 65536;

/** How the features of one data set are binned. */
export interface BinMapper {
  /** Features of the original matrix (its width). */
  readonly width: number;
  /** Original feature index of each binned ("active") feature. */
  readonly features: Int32Array;
  /** Thresholds of each active feature, strictly increasing float32 values. */
  readonly thresholds: readonly Float32Array[];
  /** Value bins of each active feature (`thresholds.length + 1`); its missing code. */
  readonly binCounts: Int32Array;
  /** First histogram slot of each active feature (value bins, then its missing bin). */
  readonly slotOffsets: Int32Array;
  /** Histogram slots over all active features. */
  readonly slotCount: number;
}

/**
 * Rows binned by a {@link BinMapper}, twice: row-major histogram slots (for
 * building histograms a row at a time) and column-major bins (for
 * partitioning a node's rows on one feature).
 */
export interface BinnedRows {
  /**
   * Per row and active feature, the histogram slot of its bin
   * (`slotOffsets[feature] + bin`), `rowCount * mapper.features.length`.
   */
  readonly codes: Uint16Array;
  /**
   * Per active feature and row, its bin (`binCounts[feature]` when missing),
   * `mapper.features.length * rowCount`.
   */
  readonly columns: Uint8Array;
  /** Rows binned. */
  readonly rowCount: number;
}

/**
 * Fits the bins of every feature of `features` (row-major, `width` wide) on
 * the listed `rows`, with at most `maxBins` (≤ {@link MAX_BINS}) value bins
 * per feature — fewer for very wide data, so that all features together
 * have at most {@link MAX_SLOTS} histogram slots (e.g. 31 bins for 2,048
 * hashed text features).
 *
 * @example
 * ```ts
 * import { binRows, fitBinMapper } from "./bin_mapper.ts";
 * const features = new Float64Array([1, 0, 2, 0, 3, 0, NaN, 0]);
 * const mapper = fitBinMapper(features, 2, [0, 1, 2, 3]);
 * console.log(mapper.features); // [0]: the constant second column is left out
 * console.log(binRows(mapper, features, [0, 1, 2, 3]).columns); // [0, 1, 2, 3] (3: missing)
 * ```
 */
export function fitBinMapper(
  features: ArrayLike<number>,
  width: number,
  rows: ArrayLike<number>,
  maxBins: number = MAX_BINS,
): BinMapper {
  if (!(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= MAX_BINS)) {
    throw new RangeError(`maxBins must be a whole number from 2 to ${MAX_BINS}, got ${maxBins}`);
  }
  const slotsPerFeature = Math.floor(MAX_SLOTS / Math.max(1, width));
  if (slotsPerFeature < 3) {
    throw new RangeError(`${width} features are too many for histograms of ${MAX_SLOTS} slots`);
  }
  const bins = Math.min(maxBins, slotsPerFeature - 1);
  const active: number[] = [];
  const thresholds: Float32Array[] = [];
  const values = new Float64Array(rows.length);
  for (let feature = 0; feature < width; feature++) {
    let present = 0;
    for (let i = 0; i < rows.length; i++) {
      const value = features[rows[i] * width + feature];
      if (value === value) values[present++] = Math.fround(value);
    }
    const sorted = values.subarray(0, present).sort();
    const cuts = cutPoints(sorted, bins);
    const missing = rows.length - present;
    const splittable = cuts.length > 0 || (missing > 0 && present > 0);
    if (!splittable) continue;
    active.push(feature);
    thresholds.push(cuts);
  }
  const binCounts = Int32Array.from(thresholds, (cuts) => cuts.length + 1);
  const slotOffsets = new Int32Array(active.length);
  let slotCount = 0;
  binCounts.forEach((count, index) => {
    slotOffsets[index] = slotCount;
    slotCount += count + 1;
  });
  return {
    width,
    features: Int32Array.from(active),
    thresholds,
    binCounts,
    slotOffsets,
    slotCount,
  };
}

/**
 * Thresholds of one feature from its sorted present (float32) values: one
 * between every two neighbouring distinct values when there are at most
 * `maxBins` of them, otherwise at the `maxBins`-quantiles; each threshold
 * lies in `[lower, upper)` of the two values it separates, so `x <= t` keeps
 * the lower value left and the upper one right.
 */
function cutPoints(sorted: Float64Array, maxBins: number): Float32Array {
  const count = sorted.length;
  const cuts: number[] = [];
  if (count === 0) return new Float32Array(0);
  const distinct: number[] = [sorted[0]];
  for (let i = 1; i < count && distinct.length <= maxBins; i++) {
    if (sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  }
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) cuts.push(between(distinct[i - 1], distinct[i]));
    return Float32Array.from(cuts);
  }
  for (let k = 1; k < maxBins; k++) {
    const at = Math.floor((k * count) / maxBins);
    const lower = sorted[at - 1];
    const upper = sorted[at];
    const cut = lower === upper ? lower : between(lower, upper);
    // The last value never gets a threshold of its own: nothing would go right of it.
    if (cut >= sorted[count - 1]) break;
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  return Float32Array.from(cuts);
}

/** A float32 threshold `t` with `lower <= t < upper` (the midpoint when it is representable). */
function between(lower: number, upper: number): number {
  const middle = Math.fround(lower + (upper - lower) / 2);
  return middle < upper && middle >= lower ? middle : lower;
}

/** The bin of `value` for active feature `index` (its bin count when missing). */
export function binOf(mapper: BinMapper, index: number, value: number): number {
  if (value !== value) return mapper.binCounts[index];
  const cuts = mapper.thresholds[index];
  const x = Math.fround(value);
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cuts[middle] < x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Bins the listed `rows` of `features` (row-major, the mapper's width) into a {@link BinnedRows}. */
export function binRows(
  mapper: BinMapper,
  features: ArrayLike<number>,
  rows: ArrayLike<number>,
): BinnedRows {
  const active = mapper.features.length;
  const count = rows.length;
  const codes = new Uint16Array(count * active);
  const columns = new Uint8Array(active * count);
  for (let index = 0; index < active; index++) {
    const feature = mapper.features[index];
    const offset = mapper.slotOffsets[index];
    for (let i = 0; i < count; i++) {
      const bin = binOf(mapper, index, features[rows[i] * mapper.width + feature]);
      columns[index * count + i] = bin;
      codes[i * active + index] = offset + bin;
    }
  }
  return { codes, columns, rowCount: count };
}
